package dev.pgrelay.proxy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pgrelay.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin_http endpoint: {@code /metrics} (Prometheus text format), {@code /health} (the process is alive) and
 * {@code /ready} (accepting clients and a primary is known; 503 otherwise), both JSON. It runs on the JDK's HTTP
 * server with one thread of its own, so a slow scraper never touches the EventLoops.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    /** What /ready reports; {@link #ready()} decides the status code. */
    public record Readiness(boolean accepting, String primary) {
        boolean ready() {
            return accepting && primary != null;
        }

        String toJson() {
            return "{\"ready\":" + ready() + ",\"accepting_clients\":" + accepting + ",\"primary\":"
                    + (primary == null ? "null" : "\"" + primary.replace("\"", "\\\"") + "\"") + "}";
        }
    }

    private AdminHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static AdminHttpServer start(HostPort address, Supplier<String> metrics, Supplier<Readiness> readiness) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for admin_http on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pgrelay-admin-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.createContext("/health", exchange -> respond(exchange, 200, JSON, "{\"status\":\"alive\"}"));
        server.createContext("/ready", exchange -> {
            Readiness now = readiness.get();
            respond(exchange, now.ready() ? 200 : 503, JSON, now.toJson());
        });
        server.start();
        AdminHttpServer started = new AdminHttpServer(server, executor);
        log.info("admin_http listening on {} (/metrics, /health, /ready)", started.address());
        return started;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            log.warn("admin_http {} failed: {}", exchange.getRequestURI(), e.toString(), e);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
