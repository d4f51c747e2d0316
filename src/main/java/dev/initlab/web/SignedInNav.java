package dev.initlab.web;

import java.security.Principal;

import dev.initlab.security.AccessRules;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the navigation bar shows about the reader: who is signed in (with a sign-out button), or a
 * sign-in link where accounts exist. Error pages too, so that a viewer refused a change can switch user.
 * And whether pages show their forms for changes at all.
 */
@ControllerAdvice(basePackageClasses = {SignedInNav.class, BasicErrorController.class})
class SignedInNav {

    private final AccessRules access;

    SignedInNav(AccessRules access) {
        this.access = access;
    }

    @ModelAttribute("signedInAs")
    String signedInAs(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @ModelAttribute("signInOffered")
    boolean signInOffered(Principal principal) {
        return principal == null && access.signInRequired();
    }

    /**
     * Forms for changes show to anyone signed in (a viewer refused one may switch user) and where nobody signs in;
     * an anonymous reader gets the sign-in link instead, so that a page holds no CSRF token and starts no session.
     */
    @ModelAttribute("changeFormsShown")
    boolean changeFormsShown(Principal principal) {
        return principal != null || !access.signInRequired();
    }
}
