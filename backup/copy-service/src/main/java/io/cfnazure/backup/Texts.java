package io.cfnazure.backup;

import io.cfnazure.access.calls.SafeText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How names from requests appear in messages and metadata. */
public final class Texts {

    private Texts() {
    }

    /** A key or name in a message or log line: one line, bounded (the provider's rule). */
    public static String bounded(final Object value) {
        return SafeText.of(value);
    }

    /** UTF-8 percent-encoding with '/' kept, so a key fits in an ASCII metadata value and stays readable. */
    public static String percentEncoded(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
