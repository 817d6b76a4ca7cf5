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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP(S) server on 127.0.0.1 and a free port, answering JSON: the base of the cloud service stand-ins. */
final class StandInServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

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
        final byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
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
