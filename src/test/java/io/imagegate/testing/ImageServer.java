package io.imagegate.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves input images (or redirects, or junk) to the gateway from loopback, counting what it served. */
public final class ImageServer implements AutoCloseable {

    private record Item(int status, byte[] body, String contentType, String location) {
    }

    private final HttpServer server;
    private final Map<String, Item> items = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();

    public ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            Item item = items.get(exchange.getRequestURI().getPath());
            if (item == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            if (item.location() != null) {
                exchange.getResponseHeaders().add("Location", item.location());
            }
            if (item.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", item.contentType());
            }
            exchange.sendResponseHeaders(item.status(), item.body().length == 0 ? -1 : item.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(item.body());
            }
        });
        server.start();
    }

    public String serve(String path, byte[] body, String contentType) {
        items.put(path, new Item(200, body, contentType, null));
        return url(path);
    }

    public String redirect(String path, String location) {
        items.put(path, new Item(302, new byte[0], null, location));
        return url(path);
    }

    public int hits() {
        return hits.get();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
