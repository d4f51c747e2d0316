package dev.initlab.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/** Sign-in on, with the editor and the viewer of {@link Accounts}; test classes that use it share one context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {
        "initlab.auth.users[0].name=" + Accounts.EDITOR,
        "initlab.auth.users[0].password=" + Accounts.EDITOR_HASH,
        "initlab.auth.users[0].role=editor",
        "initlab.auth.users[1].name=" + Accounts.VIEWER,
        "initlab.auth.users[1].password=" + Accounts.VIEWER_HASH,
        "initlab.auth.users[1].role=viewer"})
public @interface WithUsers {
}
