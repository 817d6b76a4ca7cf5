package io.cfnazure.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP(S) server on 127.0.0.1 and a free port, answering JSON: the base of the cloud service stand-ins. */
final class StandInServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body in separate packets; without TCP_NODELAY every answer waits about
        // 40 ms for the client's delayed ACK, which would dominate every test's and benchmark's timings.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Faults faults = new Faults();

    private StandInServer(final HttpServer server, final HttpHandler handler) {
        this.server = server;
        // Daemon threads: a test that forgets close() must not keep the JVM alive.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, "stand-in-" + server.getAddress().getPort());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handleSafely(served -> {
            if (!faults.play(served)) {
                handler.handle(served);
            }
        }, exchange));
        server.start();
    }

    static StandInServer http(final HttpHandler handler) {
        try {
            return new StandInServer(HttpServer.create(loopback(), 0), handler);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start an HTTP stand-in", e);
        }
    }

    static StandInServer https(final HttpHandler handler) {
        try {
            final HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.get().serverSslContext()));
            return new StandInServer(server, handler);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start an HTTPS stand-in", e);
        }
    }

    /** The faults this server plays before its service answers. */
    Faults faults() {
        return faults;
    }

    int port() {
        return server.getAddress().getPort();
    }

    static void sendJson(final HttpExchange exchange, final int status, final String contentType,
                         final Map<String, String> headers, final Object body) throws IOException {
        send(exchange, status, contentType, headers, JSON.writeValueAsBytes(body));
    }

    static void send(final HttpExchange exchange, final int status, final String contentType,
                     final Map<String, String> headers, final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** An application/x-www-form-urlencoded body (OAuth token requests, AWS's query protocol), names to values. */
    static Map<String, String> form(final byte[] body) {
        final Map<String, String> form = new HashMap<>();
        for (final String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            final int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A stand-in bug becomes a 500 with its message, so the client under test fails fast instead of hanging. */
    private static void handleSafely(final HttpHandler handler, final HttpExchange exchange) throws IOException {
        try {
            handler.handle(exchange);
        } catch (final RuntimeException e) {
            sendJson(exchange, 500, "application/json", Map.of(), Map.of("standInError", String.valueOf(e)));
            throw e;
        } finally {
            exchange.close();
        }
    }

    private static InetSocketAddress loopback() {
        // The certificate names 127.0.0.1; getLoopbackAddress() may be ::1.
        return new InetSocketAddress("127.0.0.1", 0);
    }
}
