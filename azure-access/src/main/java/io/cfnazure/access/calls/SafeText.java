package io.cfnazure.access.calls;

/**
 * Request values echoed into messages and logs: shortened, so a 100,000-character identifier cannot flood either, and
 * on one line, so a value with line breaks cannot forge lines in the handler's log.
 */
public final class SafeText {

    static final int MAX_LENGTH = 120;
    static final int MAX_LOG_LINE = 4000;

    private SafeText() {
    }

    /** The value on one line, control characters shown as '?', cut to {@value #MAX_LENGTH} characters with the rest counted. */
    public static String of(final Object value) {
        return value == null ? "null" : bounded(value.toString(), MAX_LENGTH);
    }

    /**
     * The parts a service gave, each bounded, joined by spaces, those it left out (null or blank) skipped: a status and
     * an error code give "403 AuthorizationFailure", or "403" when the code is missing.
     */
    public static String words(final Object... parts) {
        final StringBuilder out = new StringBuilder();
        for (final Object part : parts) {
            if (part != null && !part.toString().isBlank()) {
                out.append(out.length() == 0 ? "" : " ").append(of(part.toString().strip()));
            }
        }
        return out.toString();
    }

    /**
     * A service's own message, to end one of our sentences after what we say: ": " and the message, bounded, without
     * its final full stops (the sentence adds one); nothing when the service said nothing.
     */
    public static String saying(final String message) {
        final String text = message == null ? "" : message.strip().replaceAll("[.\\s]+$", "");
        return text.isEmpty() ? "" : ": " + of(text);
    }

    /** A whole log line made single-line (its parts were bounded where they were built). */
    public static String oneLine(final String line) {
        return bounded(line, MAX_LOG_LINE);
    }

    private static String bounded(final String text, final int maxLength) {
        final int shown = Math.min(text.length(), maxLength);
        final StringBuilder out = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            final char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
