package io.imagegate.net;

import io.smallrye.mutiny.Uni;

import java.net.InetAddress;
import java.util.List;

/** Resolves a host name to all its addresses (A and AAAA). */
public interface HostResolver {

    Uni<List<InetAddress>> resolve(String host);
}
