package io.imagegate.net;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one gate for outbound requests to client-chosen URLs (callbacks, input images): checks the scheme,
 * refuses ambiguous IP spellings, resolves the host once, refuses it if any of its addresses is not
 * public, and returns the checked address, which is the only address the caller may connect to (so a
 * second, different DNS answer cannot redirect the connection).
 */
@ApplicationScoped
public class SsrfGuard {

    /** A URL that passed the guard, and the address to connect to. */
    public record Target(URI uri, String host, InetSocketAddress address, boolean tls) {
    }

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|\\d+)", Pattern.CASE_INSENSITIVE);

    private final HostResolver resolver;

    SsrfGuard(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** Fails with {@link RefusedTarget} for a URL it will not let the gateway call. */
    public Uni<Target> check(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return refused("it is not a valid URL");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPrivate)) {
            return refused(allowPrivate ? "only http and https are allowed" : "only https is allowed");
        }
        String host = uri.getHost();
        if (host == null || uri.getUserInfo() != null) {
            return refused("it has no host, or carries credentials");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!host.startsWith("[") && looksNumeric(bareHost) && !CANONICAL_IPV4.matcher(bareHost).matches()) {
            return refused("its host is an IP address in a non-canonical spelling");
        }
        return resolver.resolve(bareHost).map(addresses -> {
            if (addresses.isEmpty()) {
                throw new RefusedTarget("its host does not resolve");
            }
            if (!allowPrivate) {
                for (InetAddress address : addresses) {
                    AddressPolicy.refusal(address).ifPresent(why -> {
                        throw new RefusedTarget("its host resolves to a " + why);
                    });
                }
            }
            return new Target(uri, bareHost, new InetSocketAddress(addresses.get(0), port), tls);
        });
    }

    private static boolean looksNumeric(String host) {
        String[] labels = host.split("\\.");
        return labels.length > 0 && NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches();
    }

    private static Uni<Target> refused(String why) {
        return Uni.createFrom().failure(new RefusedTarget(why));
    }

    /** A URL the guard will not call, with the reason in words a client can act on. */
    public static class RefusedTarget extends RuntimeException {
        public RefusedTarget(String why) {
            super("The URL was refused: " + why + ".", null, false, false);
        }
    }
}
