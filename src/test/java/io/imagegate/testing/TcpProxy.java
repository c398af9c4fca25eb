package io.imagegate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of Postgres or Redis that a test can cut and restore, to see what the
 * gateway does when a dependency goes away. It is steered through a system property, which every
 * class loader of the test JVM sees: {@code imagegate.test.proxy.<name>=down} (or {@code stalled}).
 */
public final class TcpProxy implements AutoCloseable {

    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public TcpProxy(String name, String targetHost, int targetPort) throws IOException {
        this.name = name;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon(this::accept, "proxy-" + name);
        daemon(this::watch, "proxy-watch-" + name);
    }

    public static void cut(String name) {
        System.setProperty(property(name), "down");
    }

    /** Keeps connections open but holds every byte until {@link #restore}: a peer that stopped answering. */
    public static void stall(String name) {
        System.setProperty(property(name), "stalled");
    }

    public static void restore(String name) {
        System.clearProperty(property(name));
    }

    public int port() {
        return server.getLocalPort();
    }

    private boolean is(String state) {
        return state.equals(System.getProperty(property(name)));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (is("down")) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                daemon(() -> pump(client, upstream), "pump");
                daemon(() -> pump(upstream, client), "pump");
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void watch() {
        while (!server.isClosed()) {
            if (is("down")) {
                open.forEach(TcpProxy::quietlyClose);
                open.clear();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (is("stalled")) {
                    Thread.sleep(20);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quietlyClose(from);
            quietlyClose(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(Runnable task, String threadName) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private static String property(String name) {
        return "imagegate.test.proxy." + name;
    }

    @Override
    public void close() throws IOException {
        restore(name);
        server.close();
        open.forEach(TcpProxy::quietlyClose);
    }
}
