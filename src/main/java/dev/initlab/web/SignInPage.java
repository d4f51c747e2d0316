package dev.initlab.web;

import dev.initlab.security.AccessRules;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security's form login checks what it posts. */
@Controller
class SignInPage {

    private final AccessRules access;

    SignInPage(AccessRules access) {
        this.access = access;
    }

    @GetMapping(WebSecurity.SIGN_IN)
    String signIn() {
        return access.signInRequired() ? "sign-in" : "redirect:/";
    }
}
