package io.cfnazure.access;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An answer made in memory, for an HTTP client that sends nothing: cold-start priming ({@link AzureClients#prime()})
 * and tests at the edge of azure-identity. azure-core has no such class outside its test library.
 */
public final class InMemoryHttpResponse extends HttpResponse {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    public InMemoryHttpResponse(final HttpRequest request, final int status, final HttpHeaders headers,
                                final String body) {
        super(request);
        this.status = status;
        this.headers = headers;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract in azure-core
    public String getHeaderValue(final String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
        return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(final Charset charset) {
        return Mono.just(new String(body, charset));
    }
}
