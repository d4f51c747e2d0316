package dev.initlab.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a signed-in user may do. An editor can do everything a viewer can. */
public enum Role {

    /** Reads every page and every API answer. */
    VIEWER,
    /** Also submits experiments and cancels runs. */
    EDITOR;

    /** The role as configuration spells it ({@code viewer}, {@code editor}), or null for any other word. */
    static Role named(String name) {
        return Arrays.stream(values())
                .filter(role -> role.configName().equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse(null);
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Spring Security's role names this role holds: an editor is a viewer too. */
    String[] grantedRoles() {
        return this == EDITOR ? new String[] {VIEWER.name(), EDITOR.name()} : new String[] {VIEWER.name()};
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(Role::configName).toList();
    }
}
