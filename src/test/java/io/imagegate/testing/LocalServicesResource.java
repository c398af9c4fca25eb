package io.imagegate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own database on the local Postgres and its own key prefix on the local Redis,
 * and removes both afterwards, so runs on one machine never see each other's data.
 */
public class LocalServicesResource implements QuarkusTestResourceLifecycleManager {

    private static final String PG_HOST = env("IMAGEGATE_TEST_PG_HOST", "127.0.0.1");
    private static final String PG_PORT = env("IMAGEGATE_TEST_PG_PORT", "5432");
    private static final String PG_USER = env("IMAGEGATE_TEST_PG_USER", "postgres");
    private static final String REDIS_HOST = env("IMAGEGATE_TEST_REDIS_HOST", "127.0.0.1");
    private static final int REDIS_PORT = Integer.parseInt(env("IMAGEGATE_TEST_REDIS_PORT", "6379"));

    private String database;
    private String prefix;
    private boolean proxied;
    private TcpProxy postgresProxy;
    private TcpProxy redisProxy;

    /** {@code proxied=true}: reach Postgres and Redis through {@link TcpProxy}s named "postgres" and "redis". */
    @Override
    public void init(Map<String, String> initArgs) {
        proxied = Boolean.parseBoolean(initArgs.getOrDefault("proxied", "false"));
    }

    @Override
    public Map<String, String> start() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        database = "imagegate_test_" + run;
        prefix = "imagegate-test-" + run + ":";
        admin("CREATE DATABASE " + database);
        String pgHost = PG_HOST;
        String pgPort = PG_PORT;
        String redisHost = REDIS_HOST;
        int redisPort = REDIS_PORT;
        if (proxied) {
            try {
                postgresProxy = new TcpProxy("postgres", PG_HOST, Integer.parseInt(PG_PORT));
                redisProxy = new TcpProxy("redis", REDIS_HOST, REDIS_PORT);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            pgHost = "127.0.0.1";
            pgPort = String.valueOf(postgresProxy.port());
            redisHost = "127.0.0.1";
            redisPort = redisProxy.port();
        }
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + pgHost + ":" + pgPort + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database,
                "quarkus.datasource.username", PG_USER,
                "quarkus.redis.hosts", "redis://" + redisHost + ":" + redisPort,
                "imagegate.redis.prefix", prefix);
    }

    @Override
    public void stop() {
        for (TcpProxy proxy : new TcpProxy[] {postgresProxy, redisProxy}) {
            if (proxy != null) {
                try {
                    proxy.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (prefix != null) {
            deleteRedisKey(prefix + "task-events");
        }
    }

    private static void admin(String sql) {
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Postgres at " + url + " refused: " + sql, e);
        }
    }

    /** One RESP {@code DEL}: the only key a run leaves behind is its event stream. */
    private static void deleteRedisKey(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        String command = "*2\r\n$3\r\nDEL\r\n$" + keyBytes.length + "\r\n" + key + "\r\n";
        try (Socket socket = new Socket(REDIS_HOST, REDIS_PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            in.read();
        } catch (IOException e) {
            System.err.println("Could not delete Redis key " + key + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
