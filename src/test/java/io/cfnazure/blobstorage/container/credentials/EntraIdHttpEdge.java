package io.cfnazure.blobstorage.container.credentials;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Entra ID at the HTTP edge of azure-identity, for unit tests of the sign-in. */
public final class EntraIdHttpEdge {

    private EntraIdHttpEdge() {
    }

    /**
     * Entra ID answering instance discovery for the public cloud, then every token request with {@code tokenStatus}
     * and {@code tokenBody}.
     */
    public static HttpClient answering(final int tokenStatus, final String tokenBody) {
        return request -> Mono.just(request.getUrl().getPath().endsWith("/oauth2/v2.0/token")
            ? new JsonResponse(request, tokenStatus, tokenBody)
            : new JsonResponse(request, 200, """
                {"tenant_discovery_endpoint":"https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                 "api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com",
                 "preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}"""));
    }

    private static final class JsonResponse extends HttpResponse {
        private final int status;
        private final byte[] body;

        JsonResponse(final HttpRequest request, final int status, final String body) {
            super(request);
            this.status = status;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(final String name) {
            return getHeaders().getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders().set("Content-Type", "application/json");
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
}
