package io.cfnazure.access.calls;

import java.time.Duration;

/** The wait a service asks for in its Retry-After header. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait a Retry-After header asks for, in the form Azure Storage, Resource Manager and Entra ID send it (whole
     * seconds); null when there is none or it is in another form (an HTTP date).
     */
    public static Duration parse(final String header) {
        final String seconds = header == null ? "" : header.strip();
        return seconds.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(seconds)) : null;
    }
}
