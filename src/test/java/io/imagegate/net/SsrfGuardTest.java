package io.imagegate.net;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard's decisions, with a stub resolver: no test here opens a connection. */
class SsrfGuardTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "public.test", List.of("93.184.216.34"),
            "public6.test", List.of("2606:4700:4700::1111"),
            "loopback.test", List.of("127.0.0.1"),
            "metadata.test", List.of("169.254.169.254"),
            "mixed.test", List.of("93.184.216.34", "10.0.0.7"),
            "mapped.test", List.of("::ffff:127.0.0.1"),
            "ula.test", List.of("fd12:3456::1"));

    private final AtomicInteger lookups = new AtomicInteger();
    private final SsrfGuard guard = new SsrfGuard(host -> {
        lookups.incrementAndGet();
        List<InetAddress> out = new ArrayList<>();
        for (String ip : DNS.getOrDefault(host, literal(host))) {
            out.add(address(ip));
        }
        return Uni.createFrom().item(out);
    });

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/", "https://127.255.255.254:8443/x", "https://2130706433/", "https://0x7f000001/",
            "https://0177.0.0.1/", "https://017700000001/", "https://127.1/", "https://0/", "https://0.0.0.0/",
            "https://[::1]/", "https://[::]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/",
            "https://10.1.2.3/", "https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/", "https://100.127.255.254/",
            "https://192.0.0.8/", "https://192.0.2.1/", "https://198.18.0.1/", "https://198.51.100.7/",
            "https://203.0.113.9/", "https://224.0.0.1/", "https://239.255.255.250/", "https://240.0.0.1/",
            "https://255.255.255.255/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[ff02::1]/",
            "https://[64:ff9b::7f00:1]/", "https://[2002:7f00:1::1]/", "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "https://[2001:db8::1]/", "https://[::127.0.0.1]/",
            "https://loopback.test/", "https://metadata.test/", "https://mixed.test/", "https://mapped.test/",
            "https://ula.test/", "https://nowhere.test/",
            "http://public.test/", "ftp://public.test/", "file:///etc/passwd", "https://user:pw@public.test/", "not a url"})
    void refuses(String url) {
        assertThatThrownBy(() -> guard.check(url, false).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(SsrfGuard.RefusedTarget.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://public.test/hook", "https://public6.test:8443/", "https://93.184.216.34/",
            "https://100.63.255.254/", "https://100.128.0.1/", "https://[2606:4700:4700::1111]/"})
    void allowsPublicAddresses(String url) {
        assertThat(guard.check(url, false).await().atMost(Duration.ofSeconds(1)).address().getAddress()).isNotNull();
    }

    @Test
    void returnsTheAddressItCheckedAndResolvesOnce() {
        SsrfGuard.Target target = guard.check("https://public.test:9443/hook?a=1", false).await().atMost(Duration.ofSeconds(1));
        assertThat(target.address().getAddress().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.address().getPort()).isEqualTo(9443);
        assertThat(target.host()).isEqualTo("public.test");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aRebindingNameIsCheckedOnTheAnswerThatWillBeDialled() {
        AtomicInteger calls = new AtomicInteger();
        SsrfGuard rebinding = new SsrfGuard(host -> Uni.createFrom().item(List.of(
                address(calls.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"))));
        assertThat(rebinding.check("https://flip.test/", false).await().atMost(Duration.ofSeconds(1))
                .address().getAddress().getHostAddress()).isEqualTo("93.184.216.34");
        assertThatThrownBy(() -> rebinding.check("https://flip.test/", false).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(SsrfGuard.RefusedTarget.class).hasMessageContaining("loopback");
    }

    @Test
    void privateTargetsPassOnlyWhenTheOperatorAllowsThem() {
        assertThat(guard.check("http://127.0.0.1:8080/", true).await().atMost(Duration.ofSeconds(1)).tls()).isFalse();
    }

    private static List<String> literal(String host) {
        return host.endsWith(".test") ? List.of() : List.of(host);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
