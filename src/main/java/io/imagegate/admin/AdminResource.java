package io.imagegate.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagegate.account.Account;
import io.imagegate.account.AccountService;
import io.imagegate.account.LedgerEntry;
import io.imagegate.auth.ApiKeyService;
import io.imagegate.auth.KeyView;
import io.imagegate.auth.NewKey;
import io.imagegate.auth.Roles;
import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.ModelUpdate;
import io.imagegate.catalog.Route;
import io.imagegate.error.ApiException;
import io.imagegate.support.QueryParams;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The operator's API: accounts, credits, keys and the catalog. */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final int MAX_NAME = 200;

    @RegisterForReflection
    public record NewAccount(String name, Long credits) {
    }

    @RegisterForReflection
    public record CreditChange(Long amount, String reason) {
    }

    @RegisterForReflection
    public record Limits(@JsonProperty("max_concurrent_tasks") Integer maxConcurrentTasks) {
    }

    @RegisterForReflection
    public record LedgerPage(List<LedgerEntry> items, @JsonProperty("next_cursor") String nextCursor) {
    }

    private final AccountService accounts;
    private final ApiKeyService keys;
    private final Catalog catalog;

    AdminResource(AccountService accounts, ApiKeyService keys, Catalog catalog) {
        this.accounts = accounts;
        this.keys = keys;
        this.catalog = catalog;
    }

    @POST
    @Path("accounts")
    public Uni<Response> createAccount(NewAccount request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
            throw ApiException.invalidRequest("name", "'name' is required, 1 to " + MAX_NAME + " characters.");
        }
        long credits = request.credits() == null ? 0 : request.credits();
        if (credits < 0) {
            throw ApiException.invalidValue("credits", "'credits' must be 0 or more.");
        }
        return accounts.create(request.name().trim(), credits)
                .map(account -> Response.status(201).entity(account).build());
    }

    @GET
    @Path("accounts/{id}")
    public Uni<Account> account(@PathParam("id") String id) {
        return accounts.get(id);
    }

    @PUT
    @Path("accounts/{id}/limits")
    public Uni<Account> limits(@PathParam("id") String id, Limits limits) {
        return accounts.setConcurrencyCap(id, limits == null ? null : limits.maxConcurrentTasks());
    }

    /** A top-up (positive amount) or adjustment (negative), written to the ledger. */
    @POST
    @Path("accounts/{id}/credits")
    public Uni<Account> credit(@PathParam("id") String id, CreditChange request) {
        if (request == null || request.amount() == null || request.amount() == 0) {
            throw ApiException.invalidRequest("amount", "'amount' is required and must not be 0.");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw ApiException.invalidRequest("reason", "'reason' is required: say why the credits change.");
        }
        return accounts.credit(id, request.amount(), request.reason().trim());
    }

    @GET
    @Path("accounts/{id}/ledger")
    public Uni<LedgerPage> ledger(@PathParam("id") String id, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        int size = limit == null ? 100 : (int) QueryParams.integer("limit", limit, 1, 1000);
        Long after = cursor == null ? null : QueryParams.integer("cursor", cursor, 0, Long.MAX_VALUE);
        return accounts.ledger(id, after, size).map(entries -> new LedgerPage(entries,
                entries.size() < size ? null : String.valueOf(entries.get(entries.size() - 1).id())));
    }

    /** Issues a key; the answer is the only place the key itself ever appears. */
    @POST
    @Path("accounts/{id}/keys")
    public Uni<Response> issueKey(@PathParam("id") String id, NewKey request) {
        NewKey checked = checked(request);
        return accounts.get(id)
                .chain(account -> keys.issue(account.id(), checked))
                .map(key -> Response.status(201).entity(key).build());
    }

    @GET
    @Path("accounts/{id}/keys")
    public Uni<List<KeyView>> listKeys(@PathParam("id") String id) {
        return accounts.get(id).chain(account -> keys.list(account.id()));
    }

    /** Revokes a key: the next request with it on this replica is a 401, on others within the cache TTL. */
    @DELETE
    @Path("keys/{id}")
    public Uni<Response> revokeKey(@PathParam("id") String id) {
        return keys.revoke(id).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("models")
    public List<CatalogModel> models() {
        return catalog.all();
    }

    @GET
    @Path("models/{id}")
    public CatalogModel model(@PathParam("id") String id) {
        return catalog.all().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Model " + id));
    }

    /** Changes a model's price, switch or callback support; every replica sees it within seconds. */
    @PUT
    @Path("models/{id}")
    public Uni<CatalogModel> updateModel(@PathParam("id") String id, ModelUpdate update) {
        if (update == null) {
            throw ApiException.invalidRequest(null, "Send the fields to change: credits, enabled, supports_callback.");
        }
        return catalog.update(id, update);
    }

    @GET
    @Path("routes")
    public List<Route> routes() {
        return catalog.routes();
    }

    @GET
    @Path("routes/{id}")
    public Route route(@PathParam("id") String id) {
        return catalog.routes().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Route " + id));
    }

    /** Creates or replaces a route; every replica uses it within seconds. */
    @PUT
    @Path("routes/{id}")
    public Uni<Route> saveRoute(@PathParam("id") String id, Route route) {
        if (route == null || route.modelId() == null || route.provider() == null) {
            throw ApiException.invalidRequest(route == null || route.modelId() == null ? "model_id" : "provider",
                    "A route needs 'model_id' and 'provider'.");
        }
        if (route.weight() < 1 || route.timeoutMs() < 1) {
            throw ApiException.invalidValue(route.weight() < 1 ? "weight" : "timeout_ms", "'weight' and 'timeout_ms' must be positive.");
        }
        return catalog.saveRoute(new Route(id, route.modelId(), route.provider(), route.upstreamModel(), route.baseUrl(),
                route.keyPool(), route.priority(), route.weight(), route.timeoutMs(), route.enabled()));
    }

    private NewKey checked(NewKey request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
            throw ApiException.invalidRequest("name", "'name' is required, 1 to " + MAX_NAME + " characters.");
        }
        if (request.rateLimitPerMinute() != null && request.rateLimitPerMinute() < 1) {
            throw ApiException.invalidValue("rate_limit_per_minute", "'rate_limit_per_minute' must be 1 or more.");
        }
        if (request.allowedModels() != null) {
            Set<String> known = catalog.all().stream().map(CatalogModel::id).collect(Collectors.toSet());
            request.allowedModels().stream().filter(m -> !known.contains(m)).findFirst().ifPresent(m -> {
                throw ApiException.invalidValue("allowed_models", "Unknown model '" + m + "' in 'allowed_models'.");
            });
        }
        return request;
    }
}
