package io.imagegate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
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
    private final KeyRevocations revocations;
    private final Cache<String, Optional<StoredKey>> cache;
    /** When each recently revoked key was dropped ({@link System#nanoTime()}), so a read that began before is not cached. */
    private final Cache<String, Long> dropped;

    ApiKeyService(ApiKeyRepository repository, KeyRevocations revocations, ImagegateConfig config) {
        this.repository = repository;
        this.revocations = revocations;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.auth().cacheTtl())
                .maximumSize(100_000)
                .build();
        this.dropped = Caffeine.newBuilder().expireAfterWrite(config.auth().cacheTtl()).maximumSize(100_000).build();
        revocations.onRevoked(this::drop);
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

    /**
     * Revokes the key: at once on this replica, and on the others as soon as the revocation reaches them over Redis
     * (within the cache TTL if Redis is down).
     */
    public Uni<Void> revoke(String keyId) {
        return repository.revoke(keyId)
                .map(lookup -> lookup.orElseThrow(() -> ApiException.notFound("API key " + keyId)))
                .invoke(this::drop)
                .chain(revocations::announce);
    }

    private void drop(String lookup) {
        dropped.put(lookup, System.nanoTime());
        cache.invalidate(lookup);
    }

    /** The caller a presented key belongs to; 401 for a missing, malformed, unknown, expired or revoked key. */
    public Uni<Caller> authenticate(String presentedKey) {
        Optional<ApiKeyFormat.Parsed> parsed = ApiKeyFormat.parse(presentedKey);
        if (parsed.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalidApiKey());
        }
        String lookup = parsed.get().lookup();
        Optional<StoredKey> cached = cache.getIfPresent(lookup);
        long readFrom = System.nanoTime();
        Uni<Optional<StoredKey>> stored = cached != null
                ? Uni.createFrom().item(cached)
                : repository.findByLookup(lookup).invoke(found -> cacheUnlessDroppedSince(lookup, found, readFrom));
        return stored.map(found -> found
                .filter(key -> ApiKeyFormat.matches(parsed.get().secret(), key.secretHash()))
                .filter(key -> key.usableAt(Instant.now()))
                .map(StoredKey::caller)
                .orElseThrow(ApiException::invalidApiKey));
    }

    /** A read that began before the key was revoked may have seen it valid: it is used once, not cached. */
    private void cacheUnlessDroppedSince(String lookup, Optional<StoredKey> found, long readFrom) {
        Long droppedAt = dropped.getIfPresent(lookup);
        if (droppedAt == null || droppedAt - readFrom < 0) {
            cache.put(lookup, found);
        }
    }
}
