package io.cfnazure.blobstorage.container.credentials;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import io.cfnazure.blobstorage.container.azure.InMemoryHttpResponse;
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
            ? json(request, tokenStatus, tokenBody)
            : json(request, 200, """
                {"tenant_discovery_endpoint":"https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                 "api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com",
                 "preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}"""));
    }

    private static InMemoryHttpResponse json(final HttpRequest request, final int status, final String body) {
        return new InMemoryHttpResponse(request, status, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE,
            "application/json"), body);
    }
}
