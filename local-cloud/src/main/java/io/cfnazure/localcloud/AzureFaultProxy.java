package io.cfnazure.localcloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS proxy in front of Azurite that can answer for it, for the conditions the emulator never produces: Azure
 * keeps a deleted container's name blocked ({@code 409 ContainerBeingDeleted}), Azurite frees it at once; Azure is
 * slow, throttles or fails ({@link #faults()}). Everything else passes through unchanged, bearer token included, so
 * the handler still talks to the real emulator.
 */
public final class AzureFaultProxy implements AutoCloseable {

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
        "transfer-encoding", "keep-alive");

    private final String upstream;
    private final HttpClient client = HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext())
        .build();
    private final StandInServer server;
    private final List<Faults.Request> requests = new CopyOnWriteArrayList<>();

    private AzureFaultProxy(final String upstream) {
        this.upstream = upstream;
        this.server = StandInServer.https(this::handle);
    }

    /** A proxy for Azurite's {@code https://127.0.0.1:PORT}. */
    public static AzureFaultProxy start(final AzuriteProcess azurite) {
        return start(azurite.port());
    }

    /** A proxy for an Azurite of one's own (for example one that keeps blobs on disk) on {@code https://127.0.0.1:PORT}. */
    public static AzureFaultProxy start(final int azuritePort) {
        return new AzureFaultProxy("https://127.0.0.1:" + azuritePort);
    }

    /** Path-style blob endpoints through the proxy, for {@code cfnazure.test.blobEndpoint}. */
    public String blobEndpointTemplate() {
        return "https://127.0.0.1:" + server.port() + "/{account}";
    }

    /** The next {@code times} Create Container requests for this name get Azure's 409 ContainerBeingDeleted. */
    public void blockContainerName(final String containerName, final int times) {
        faults().answer(request -> isContainerCreation(request, containerName), times, azureError(409,
            "ContainerBeingDeleted", "The specified container is being deleted. Try operation later."));
    }

    /** Azure's answers the proxy can give instead of Azurite's, requests held back, on request. */
    public Faults faults() {
        return server.faults();
    }

    /** Every request passed on to Azurite so far (not those a fault answered), bodies left out, in order. */
    public List<Faults.Request> requests() {
        return List.copyOf(requests);
    }

    /** An error answer as Azure Storage gives it: the code in a header and in the XML body. */
    public static Faults.Answer azureError(final int status, final String code, final String message) {
        return new Faults.Answer(status, "application/xml", Map.of("x-ms-error-code", code),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "\nRequestId:00000000-0000-0000-0000-000000000000\nTime:2026-12-01T00:00:00.0000000Z</Message></Error>");
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final URI uri = exchange.getRequestURI();
        requests.add(new Faults.Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), null));
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
            .method(exchange.getRequestMethod(),
                HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
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
        final byte[] body = response.body();
        final boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || body.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    private static boolean isContainerCreation(final Faults.Request request, final String containerName) {
        // PUT /{account}/{container}?restype=container
        final String[] path = request.path().split("/");
        return "PUT".equals(request.method()) && "restype=container".equals(request.query()) && path.length == 3
            && path[2].equals(containerName);
    }

    @Override
    public void close() {
        server.close();
    }
}
