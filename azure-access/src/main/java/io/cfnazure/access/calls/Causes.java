package io.cfnazure.access.calls;

import java.util.ArrayList;
import java.util.List;

/** Reading an exception's cause chain: the SDKs wrap what matters (a service error, a timeout) several levels deep. */
public final class Causes {

    private static final int MAX_DEPTH = 8;

    private Causes() {
    }

    /** The first exception of the type in the chain, or null. */
    public static <T extends Throwable> T find(final Throwable error, final Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < MAX_DEPTH * 2; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public static Throwable root(final Throwable error) {
        Throwable t = error;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < MAX_DEPTH * 2; depth++) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Each exception's class and message, on one line and bounded, for the handler's log. The SDKs' messages name
     * requests and services, never the secrets this provider handles: those travel only in request bodies.
     */
    public static String describe(final Throwable error) {
        final List<String> parts = new ArrayList<>();
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause() == t ? null : t.getCause()) {
            parts.add(t.getClass().getName() + ": " + SafeText.of(t.getMessage()));
        }
        return String.join(" <- caused by ", parts);
    }
}
