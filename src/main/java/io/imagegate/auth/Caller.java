package io.imagegate.auth;

import java.security.Principal;
import java.util.Set;

/** The authenticated client of a request: whose key it is and what it may use. */
public record Caller(String accountId, String keyId, Set<String> allowedModels, Integer rateLimitPerMinute)
        implements Principal {

    @Override
    public String getName() {
        return keyId;
    }

    public boolean mayUse(String model) {
        return allowedModels == null || allowedModels.contains(model);
    }
}
