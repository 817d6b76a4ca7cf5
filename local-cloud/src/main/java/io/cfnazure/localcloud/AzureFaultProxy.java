package io.cfnazure.localcloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS proxy in front of Azurite that can answer for it, for the conditions the emulator never produces: Azure
 * keeps a deleted container's name blocked ({@code 409 ContainerBeingDeleted}), Azurite frees it at once; Azure is
 * slow, throttles or fails ({@link #faults()}); and, when started with the Azure Resource Manager stand-in, blob
 * versions for the accounts whose blob service keeps them ({@link BlobVersions}), which Azurite has not. Everything
 * else passes through unchanged, bearer token included, so the handler still talks to the real emulator.
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
    /** Null: no account keeps versions. */
    private final BlobVersions versions;

    private AzureFaultProxy(final String upstream, final BlobVersions versions) {
        this.upstream = upstream;
        this.versions = versions;
        this.server = StandInServer.https(this::handle);
    }

    /** A proxy for Azurite's {@code https://127.0.0.1:PORT}. */
    public static AzureFaultProxy start(final AzuriteProcess azurite) {
        return start(azurite.port());
    }

    /** A proxy for an Azurite of one's own (for example one that keeps blobs on disk) on {@code https://127.0.0.1:PORT}. */
    public static AzureFaultProxy start(final int azuritePort) {
        return new AzureFaultProxy("https://127.0.0.1:" + azuritePort, null);
    }

    /**
     * A proxy for Azurite (the local cloud's or one's own) that gives blob versions to the accounts whose blob service
     * keeps them in {@code resourceManager} ({@link AzureResourceManagerStandIn#enableBlobVersioning}, or
     * {@code isVersioningEnabled} through ARM), with the version-level immutability of their containers. The
     * accounts must be in both: Azurite's for the data, ARM's for the settings (looked up by account name).
     */
    public static AzureFaultProxy start(final AzuriteProcess azurite,
                                        final AzureResourceManagerStandIn resourceManager) {
        return new AzureFaultProxy("https://127.0.0.1:" + azurite.port(), new BlobVersions(azurite, resourceManager));
    }

    /** Path-style blob endpoints through the proxy, for {@code cfnazure.test.blobEndpoint}. */
    public String blobEndpointTemplate() {
        return "https://127.0.0.1:" + server.port() + "/{account}";
    }

    /** One account's blob endpoint through the proxy, for {@code BlobServiceClientBuilder.endpoint}. */
    public String blobEndpoint(final String account) {
        return blobEndpointTemplate().replace("{account}", account);
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
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        final Exchange request = new Exchange(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            headers, exchange.getRequestBody().readAllBytes());
        final Reply reply = versions == null ? forward(request) : versions.serve(request, this::forward);
        reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        final boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(reply.body());
        }
    }

    private Reply forward(final Exchange request) throws IOException {
        final HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(upstream + request.path()
                + (request.query() == null ? "" : "?" + request.query())))
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> forwarded.header(name, value)));
        final HttpResponse<byte[]> response;
        try {
            response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to Azurite", e);
        }
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> {
            // A HEAD's Content-Length is the blob's size, which the server does not compute from an empty body.
            final boolean headSize = "HEAD".equals(request.method()) && "content-length".equalsIgnoreCase(name);
            if (headSize || !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        return new Reply(response.statusCode(), headers, response.body());
    }

    /** A request as the proxy passes it on: raw path and query, headers without hop-by-hop ones, whole body. */
    record Exchange(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        Exchange with(final String newMethod, final String newQuery) {
            return new Exchange(newMethod, path, newQuery, headers, "HEAD".equals(newMethod) ? new byte[0] : body);
        }

        String header(final String name) {
            final List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An answer, Azurite's or the proxy's own. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        static Reply of(final Faults.Answer answer) {
            final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", List.of(answer.contentType()));
            answer.headers().forEach((name, value) -> headers.put(name, List.of(value)));
            return new Reply(answer.status(), headers, answer.body().getBytes(StandardCharsets.UTF_8));
        }

        boolean succeeded() {
            return status / 100 == 2;
        }

        String header(final String name) {
            final List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        Reply withHeader(final String name, final String value) {
            final Map<String, List<String>> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            more.putAll(headers);
            more.put(name, List.of(value));
            return new Reply(status, more, body);
        }

        Reply withBody(final byte[] newBody) {
            return new Reply(status, headers, newBody);
        }
    }

    /** Where a request goes when the proxy passes it on. */
    @FunctionalInterface
    interface Upstream {
        Reply send(Exchange request) throws IOException;
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
