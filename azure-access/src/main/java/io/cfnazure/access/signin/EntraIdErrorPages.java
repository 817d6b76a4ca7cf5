package io.cfnazure.access.signin;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.RetryAfter;
import io.cfnazure.access.calls.SafeText;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Entra ID answers in JSON, its refusals and outages included. An error answer that is not Entra ID's JSON (the HTML
 * or empty page of a gateway or proxy in between, often a throttling one) loses its status and headers in MSAL 1.26,
 * which reads only the JSON and reports such a page with neither. In azure-identity's pipeline, this policy turns such
 * a page into an {@link ErrorPage} that keeps them, so the status decides whatever the body: a 429 is throttling, with
 * the wait its Retry-After asks for.
 */
final class EntraIdErrorPages implements HttpPipelinePolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error answer that is not Entra ID's JSON, with its status and the wait it asked for. */
    static final class ErrorPage extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Duration retryAfter;

        ErrorPage(final int status, final String contentType, final Duration retryAfter) {
            super(String.format("Entra ID's address answered %d with %s, not Entra ID's JSON", status,
                contentType == null ? "no content type" : SafeText.of(contentType)));
            this.status = status;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }

        /** The wait the page's Retry-After asked for, or null. */
        Duration retryAfter() {
            return retryAfter;
        }
    }

    @Override
    public Mono<HttpResponse> process(final HttpPipelineCallContext context, final HttpPipelineNextPolicy next) {
        return next.process().flatMap(response -> {
            if (!isError(response)) {
                return Mono.just(response);
            }
            final HttpResponse buffered = response.buffer();
            return buffered.getBodyAsString().defaultIfEmpty("")
                .flatMap(body -> isEntraIdError(body) ? Mono.just(buffered) : Mono.error(errorPage(buffered)));
        });
    }

    @Override
    public HttpResponse processSync(final HttpPipelineCallContext context, final HttpPipelineNextSyncPolicy next) {
        final HttpResponse response = next.processSync();
        if (!isError(response)) {
            return response;
        }
        final HttpResponse buffered = response.buffer();
        if (isEntraIdError(buffered.getBodyAsBinaryData().toString())) {
            return buffered;
        }
        throw errorPage(buffered);
    }

    private static boolean isError(final HttpResponse response) {
        return response.getStatusCode() >= 400;
    }

    /** What MSAL can read as Entra ID's error: a JSON object with an {@code error}. */
    private static boolean isEntraIdError(final String body) {
        try {
            final JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() && !error.asText().isBlank();
        } catch (final JsonProcessingException e) {
            return false;
        }
    }

    private static ErrorPage errorPage(final HttpResponse response) {
        return new ErrorPage(response.getStatusCode(), response.getHeaderValue(HttpHeaderName.CONTENT_TYPE),
            RetryAfter.parse(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
    }
}
