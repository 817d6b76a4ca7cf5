package io.cfnazure.blobstorage.container.invocation;

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
