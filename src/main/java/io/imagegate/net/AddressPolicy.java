package io.imagegate.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a client-chosen URL may reach: public unicast only. Refused are loopback, private,
 * link-local (cloud metadata), CGNAT, multicast, reserved, benchmarking and documentation ranges, and
 * every IPv6 form that embeds an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
 */
public final class AddressPolicy {

    private record Range(byte[] network, int prefix, String why) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private static final List<Range> REFUSED = List.of(
            range("0.0.0.0/8", "this-network address"),
            range("10.0.0.0/8", "private address"),
            range("100.64.0.0/10", "carrier-grade NAT address"),
            range("127.0.0.0/8", "loopback address"),
            range("169.254.0.0/16", "link-local address (cloud metadata)"),
            range("172.16.0.0/12", "private address"),
            range("192.0.0.0/24", "IETF protocol address"),
            range("192.0.2.0/24", "documentation address"),
            range("192.88.99.0/24", "6to4 relay address"),
            range("192.168.0.0/16", "private address"),
            range("198.18.0.0/15", "benchmarking address"),
            range("198.51.100.0/24", "documentation address"),
            range("203.0.113.0/24", "documentation address"),
            range("224.0.0.0/4", "multicast address"),
            range("240.0.0.0/4", "reserved address"),
            range("::/96", "IPv4-compatible IPv6 address"),
            range("::ffff:0:0/96", "IPv4-mapped IPv6 address"),
            range("64:ff9b::/96", "NAT64 address"),
            range("64:ff9b:1::/48", "NAT64 address"),
            range("100::/64", "discard address"),
            range("2001::/32", "Teredo address"),
            range("2001:db8::/32", "documentation address"),
            range("2002::/16", "6to4 address"),
            range("fc00::/7", "unique-local address"),
            range("fe80::/10", "link-local address"),
            range("ff00::/8", "multicast address"));

    private static final Range GLOBAL_UNICAST_V6 = range("2000::/3", "");

    private AddressPolicy() {
    }

    /** Why this address is refused, or empty when it is a public unicast address. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : REFUSED) {
            if (range.contains(bytes)) {
                return Optional.of(range.why());
            }
        }
        if (address instanceof Inet6Address && !GLOBAL_UNICAST_V6.contains(bytes)) {
            return Optional.of("non-global IPv6 address");
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String why) {
        String[] parts = cidr.split("/");
        try {
            InetAddress network = InetAddress.getByName(parts[0]);
            byte[] bytes = network.getAddress();
            if (network instanceof Inet4Address && parts[0].contains(":")) {
                bytes = mappedBytes(bytes);
            }
            return new Range(bytes, Integer.parseInt(parts[1]), why);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    /** Java folds {@code ::ffff:a.b.c.d} into an IPv4 address; the range table needs its 16 bytes. */
    private static byte[] mappedBytes(byte[] v4) {
        byte[] out = new BigInteger("ffff", 16).shiftLeft(32).or(new BigInteger(1, v4)).toByteArray();
        byte[] padded = new byte[16];
        System.arraycopy(out, 0, padded, 16 - out.length, out.length);
        return padded;
    }
}
