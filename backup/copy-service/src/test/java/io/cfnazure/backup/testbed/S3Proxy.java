package io.cfnazure.backup.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfnazure.localcloud.Faults;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy between the function and S3Mock: it records every request the function makes of S3, and on request
 * changes one byte of an object's bytes on their way, as a fault of the network or of a server would, while the
 * status and headers (ETag, length, checksums) stay S3's. Response bodies stream through, so a GiB-sized copy needs no
 * memory here. The test bed's own S3 client goes to S3Mock directly.
 */
public final class S3Proxy implements AutoCloseable {

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
        "transfer-encoding", "keep-alive");

    private final String upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Faults.Request> requests = new CopyOnWriteArrayList<>();
    private volatile Predicate<Faults.Request> corrupted = request -> false;
    private volatile Refusal refusal;

    /** S3's error answer to the requests that match, as many times as asked. */
    private record Refusal(Predicate<Faults.Request> matches, AtomicInteger remaining, int status, String code) {
    }

    private S3Proxy(final String upstream) {
        this.upstream = upstream;
        this.server = LoopbackServer.start("s3-proxy", this::forward);
    }

    /** A proxy for the S3 API at {@code upstream} ({@code http://127.0.0.1:PORT}). */
    public static S3Proxy start(final String upstream) {
        return new S3Proxy(upstream);
    }

    /** The endpoint for the function's {@code aws.endpointUrlS3}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far (bodies left out), in order. */
    public List<Faults.Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests for one object ({@code /bucket/key} as the path, URL-encoded as the SDK sends it). */
    public List<Faults.Request> requestsFor(final String bucket, final String key) {
        final String path = "/" + bucket + "/" + S3Events.encodedKey(key).replace("+", "%20");
        return requests().stream().filter(request -> request.path().equals(path)).toList();
    }

    /** From now on, the body of every answer to a request that matches has its middle byte changed. */
    public void corrupt(final Predicate<Faults.Request> matches) {
        corrupted = matches;
    }

    /**
     * From now on, the next {@code times} requests that match get S3's error {@code code} with {@code status}
     * instead of S3Mock's answer, as S3 refusing a request (a denied write, an outage) would.
     */
    public void refuse(final Predicate<Faults.Request> matches, final int times, final int status, final String code) {
        refusal = new Refusal(matches, new AtomicInteger(times), status, code);
    }

    /** Bodies pass unchanged again, and nothing is refused. */
    public void heal() {
        corrupted = request -> false;
        refusal = null;
    }

    private void forward(final HttpExchange exchange) throws IOException {
        final URI uri = exchange.getRequestURI();
        final Faults.Request seen = new Faults.Request(exchange.getRequestMethod(), uri.getRawPath(),
            uri.getRawQuery(), null);
        requests.add(seen);
        final Refusal refused = refusal;
        if (refused != null && refused.matches().test(seen) && refused.remaining().getAndDecrement() > 0) {
            exchange.getRequestBody().readAllBytes();
            final byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + refused.code()
                + "</Code><Message>Refused by the test bed.</Message><RequestId>0</RequestId></Error>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(refused.status(), "HEAD".equals(seen.method()) ? -1 : error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!"HEAD".equals(seen.method())) {
                    out.write(error);
                }
            }
            return;
        }
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
            .method(exchange.getRequestMethod(),
                HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        final HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to S3", e);
        }
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        response.headers().map().forEach((name, values) -> {
            // A HEAD answer keeps S3's Content-Length (the object's); others get the length of what is sent here.
            if (!HOP_BY_HOP.contains(name.toLowerCase()) || head && "content-length".equalsIgnoreCase(name)) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        final long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream body = response.body()) {
            if (head || length == 0) {
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            // Unknown length: chunked (0).
            exchange.sendResponseHeaders(response.statusCode(), Math.max(0, length));
            final InputStream sent = corrupted.test(seen) && length > 0 ? flippingByteAt(body, length / 2) : body;
            try (OutputStream out = exchange.getResponseBody()) {
                sent.transferTo(out);
            }
        }
    }

    /** The stream with the byte at {@code position} inverted. */
    private static InputStream flippingByteAt(final InputStream in, final long position) {
        return new FilterInputStream(in) {
            private long offset;

            @Override
            public int read() throws IOException {
                final byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(final byte[] buffer, final int start, final int length) throws IOException {
                final int n = super.read(buffer, start, length);
                if (n > 0 && position >= offset && position < offset + n) {
                    buffer[start + (int) (position - offset)] ^= (byte) 0xFF;
                }
                offset += Math.max(0, n);
                return n;
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
