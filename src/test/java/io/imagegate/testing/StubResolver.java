package io.imagegate.testing;

import io.imagegate.net.HostResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Queue;

/** A resolver whose answers the test sets; a name with several queued answers gives one per lookup. */
@Alternative
@ApplicationScoped
public class StubResolver implements HostResolver {

    private static final Map<String, Queue<List<String>>> ANSWERS = new ConcurrentHashMap<>();

    public static void answer(String host, List<String> first, List<String> next) {
        Queue<List<String>> queue = new ConcurrentLinkedQueue<>();
        queue.add(first);
        queue.add(next);
        ANSWERS.put(host, queue);
    }

    public static void answer(String host, List<String> always) {
        answer(host, always, always);
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        Queue<List<String>> queue = ANSWERS.get(host);
        List<String> ips = queue == null ? List.of(host) : queue.size() > 1 ? queue.poll() : queue.peek();
        List<InetAddress> out = new ArrayList<>();
        for (String ip : ips) {
            try {
                out.add(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                return Uni.createFrom().item(List.of());
            }
        }
        return Uni.createFrom().item(out);
    }
}
