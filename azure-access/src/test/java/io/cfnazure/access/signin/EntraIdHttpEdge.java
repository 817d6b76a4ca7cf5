package io.cfnazure.access.signin;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.cfnazure.access.InMemoryHttpResponse;
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
        return answering(tokenStatus, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json"),
            tokenBody);
    }

    /** Like {@link #answering(int, String)}, with the token answer's headers: a gateway's page, a Retry-After. */
    public static HttpClient answering(final int tokenStatus, final HttpHeaders tokenHeaders, final String tokenBody) {
        return tokenRequestsTo(request -> Mono.just(new InMemoryHttpResponse(request, tokenStatus, tokenHeaders,
            tokenBody)));
    }

    /** Entra ID answering instance discovery for the public cloud, and {@code tokenEndpoint} the token requests. */
    public static HttpClient tokenRequestsTo(final HttpClient tokenEndpoint) {
        // Both ways of sending: azure-identity sends synchronously, and a real client wraps its errors its own way there.
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(final HttpRequest request) {
                return isTokenRequest(request) ? tokenEndpoint.send(request) : Mono.just(instanceDiscovery(request));
            }

            @Override
            public HttpResponse sendSync(final HttpRequest request, final Context context) {
                return isTokenRequest(request) ? tokenEndpoint.sendSync(request, context) : instanceDiscovery(request);
            }
        };
    }

    private static boolean isTokenRequest(final HttpRequest request) {
        return request.getUrl().getPath().endsWith("/oauth2/v2.0/token");
    }

    private static HttpResponse instanceDiscovery(final HttpRequest request) {
        return json(request, 200, """
            {"tenant_discovery_endpoint":"https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
             "api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com",
             "preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}""");
    }

    private static InMemoryHttpResponse json(final HttpRequest request, final int status, final String body) {
        return new InMemoryHttpResponse(request, status, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE,
            "application/json"), body);
    }
}
