package dev.initlab.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The accounts tests sign in with; their hashes use bcrypt's lowest cost, since tests sign in often. */
public final class Accounts {

    public static final String EDITOR = "ada";
    public static final String EDITOR_PASSWORD = "ada-password";
    public static final String EDITOR_HASH = "{bcrypt}$2a$04$HTiVGERE4/r8Aw0JkioQ5.FX6Wap7hESmy3//r/9UpvUM.OKwlr4O";
    public static final String VIEWER = "vera";
    public static final String VIEWER_PASSWORD = "vera-password";
    public static final String VIEWER_HASH = "{bcrypt}$2a$04$/uLcWV9wTKfrt3z/hqiPkOwgsMqqfUT30iKOz1qdgALzcDcdeBJbe";

    private Accounts() {
    }

    /** The Authorization header that {@code curl -u name:password} sends. */
    public static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
