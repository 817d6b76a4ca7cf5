package io.cfnazure.backup.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cfnazure.localcloud.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An HTTPS proxy in front of Azurite that answers some requests itself, as Azure does under faults the emulator never
 * produces: a storage node failing part-way through an upload (500 InternalError), throttling (503 ServerBusy).
 * Everything else goes through unchanged, bearer token included.
 *
 * <p>The local cloud's AzureFaultProxy knows one fault (a container name still being deleted); this one is the copy's
 * until that proxy takes request rules.
 */
public final class AzureFaults implements AutoCloseable {

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
        "transfer-encoding", "keep-alive");

    /** Requests that upload a block: {@code PUT ...?comp=block&blockid=...}. */
    public static final Predicate<HttpExchange> PUT_BLOCK = exchange -> "PUT".equals(exchange.getRequestMethod())
        && String.valueOf(exchange.getRequestURI().getRawQuery()).contains("comp=block&");
    /** Any request to a blob (not the container or account). */
    public static final Predicate<HttpExchange> ANY_BLOB_REQUEST = exchange ->
        exchange.getRequestURI().getRawPath().split("/").length > 3;

    private record Fault(Predicate<HttpExchange> matches, AtomicInteger passFirst, AtomicInteger failNext, int status,
                         String code) {
    }

    private final String upstream;
    private final HttpClient client;
    private final HttpsServer server;
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final AtomicInteger answered = new AtomicInteger();

    private AzureFaults(final String upstream) throws IOException {
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().sslContext(TestCertificate.get().clientSslContext()).build();
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.get().serverSslContext()));
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, "azure-faults");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy for Azurite's {@code https://127.0.0.1:PORT}. */
    public static AzureFaults start(final int azuritePort) {
        try {
            return new AzureFaults("https://127.0.0.1:" + azuritePort);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path-style blob endpoints through the proxy, for {@code cfnazure.test.blobEndpoint}. */
    public String blobEndpointTemplate() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/{account}";
    }

    /**
     * After {@code passFirst} matching requests went through, the next {@code failNext} matching ones get
     * {@code status} with Azure's error code; then all pass again.
     */
    public void fail(final Predicate<HttpExchange> matches, final int passFirst, final int failNext, final int status,
                     final String code) {
        fault.set(new Fault(matches, new AtomicInteger(passFirst), new AtomicInteger(failNext), status, code));
    }

    public void heal() {
        fault.set(null);
    }

    /** How many requests this proxy answered with a fault. */
    public int faultsAnswered() {
        return answered.get();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final byte[] body = exchange.getRequestBody().readAllBytes();
            final Fault current = fault.get();
            if (current != null && current.matches().test(exchange) && current.passFirst().getAndDecrement() <= 0
                && current.failNext().getAndDecrement() > 0) {
                answered.incrementAndGet();
                answer(exchange, current.status(), current.code());
                return;
            }
            forward(exchange, body);
        }
    }

    private void forward(final HttpExchange exchange, final byte[] body) throws IOException {
        final URI uri = exchange.getRequestURI();
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        final HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to Azurite", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        final byte[] answer = response.body();
        final boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || answer.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
        if (!noBody) {
            exchange.getResponseBody().write(answer);
        }
    }

    private static void answer(final HttpExchange exchange, final int status, final String code) throws IOException {
        final byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
            + "Injected by the test's fault proxy.</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("x-ms-error-code", List.of(code));
        exchange.getResponseHeaders().put("Content-Type", List.of("application/xml"));
        final boolean noBody = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
