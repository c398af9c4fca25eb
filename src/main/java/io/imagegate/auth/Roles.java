package io.imagegate.auth;



/** The two kinds of caller: a customer's API key, or the operator's admin token. */
public final class Roles {

    public static final String ACCOUNT = "account";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
