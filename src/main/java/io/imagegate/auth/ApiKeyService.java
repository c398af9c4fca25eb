package io.imagegate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagegate.api.ApiException;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Issues, verifies and revokes API keys. Verified keys are cached briefly so most requests skip Postgres. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository repository;
    private final Cache<String, Optional<StoredKey>> cache;

    ApiKeyService(ApiKeyRepository repository, ImagegateConfig config) {
        this.repository = repository;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.auth().cacheTtl())
                .maximumSize(100_000)
                .build();
    }

    public Uni<KeyView> issue(String accountId, NewKey request) {
        ApiKeyFormat.Issued issued = ApiKeyFormat.issue();
        String id = Ids.apiKey();
        Set<String> models = request.allowedModels() == null ? null : Set.copyOf(request.allowedModels());
        return repository.insert(id, accountId, request.name(), issued, request)
                .map(ignored -> new KeyView(id, accountId, request.name(), models, request.rateLimitPerMinute(),
                        request.expiresAt(), null, Instant.now(), issued.key()));
    }

    public Uni<List<KeyView>> list(String accountId) {
        return repository.listByAccount(accountId);
    }

    /** Revokes the key on every replica within the cache TTL, and on this one at once. */
    public Uni<Void> revoke(String keyId) {
        return repository.revoke(keyId).map(lookup -> {
            cache.invalidate(lookup.orElseThrow(() -> ApiException.notFound("API key " + keyId)));
            return null;
        });
    }

    /** The caller a presented key belongs to; 401 for a missing, malformed, unknown, expired or revoked key. */
    public Uni<Caller> authenticate(String presentedKey) {
        Optional<ApiKeyFormat.Parsed> parsed = ApiKeyFormat.parse(presentedKey);
        if (parsed.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalidApiKey());
        }
        String lookup = parsed.get().lookup();
        Optional<StoredKey> cached = cache.getIfPresent(lookup);
        Uni<Optional<StoredKey>> stored = cached != null
                ? Uni.createFrom().item(cached)
                : repository.findByLookup(lookup).invoke(found -> cache.put(lookup, found));
        return stored.map(found -> found
                .filter(key -> ApiKeyFormat.matches(parsed.get().secret(), key.secretHash()))
                .filter(key -> key.usableAt(Instant.now()))
                .map(StoredKey::caller)
                .orElseThrow(ApiException::invalidApiKey));
    }
}
