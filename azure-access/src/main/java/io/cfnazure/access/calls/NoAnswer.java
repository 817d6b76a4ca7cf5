package io.cfnazure.access.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

/**
 * Why a call got no answer from a service, read from the exception chain that the HTTP client and the SDKs build
 * around it, so that a message says what happened: the request timed out, no connection could be made, or the
 * connection failed on the way. Each is a network failure, retried.
 *
 * @param kind   what happened
 * @param reason the same in a few words, for the message: "the request timed out", "the connection was refused"...
 */
public record NoAnswer(Kind kind, String reason) {

    public enum Kind {
        /** The invocation's deadline or the HTTP client's response timeout passed before the service answered. */
        TIMED_OUT,
        /** No connection was made: refused, no route, a name that does not resolve, or connecting timed out. */
        NO_CONNECTION,
        /** A connection was made and then failed (reset, closed, a TLS failure). */
        CONNECTION_FAILED
    }

    /** The deadline or the response timeout passed; also what a call that outlived the invocation's deadline is. */
    public static final NoAnswer REQUEST_TIMED_OUT = new NoAnswer(Kind.TIMED_OUT, "the request timed out");

    /**
     * What happened, as a message says it (without the final full stop): "Entra ID did not answer in time to sign in
     * app ... (the request timed out)", "Could not connect to ...", "Could not reach ... (the connection failed: ...)".
     *
     * @param service what was called ("Entra ID", "AWS STS in eu-central-1")
     * @param purpose what for ("to sign in app ...", "for a web identity token")
     */
    public String sentence(final String service, final String purpose) {
        return String.format(switch (kind) {
            case TIMED_OUT -> "%s did not answer in time %s (%s)";
            case NO_CONNECTION -> "Could not connect to %s %s (%s)";
            case CONNECTION_FAILED -> "Could not reach %s %s (the connection failed: %s)";
        }, service, purpose, reason);
    }

    /** What {@code error} says about the answer that did not come; null when it is not a network failure. */
    public static NoAnswer of(final Throwable error) {
        // java.net.http's connect timeout (which includes the TLS handshake) is a kind of its request timeout.
        if (Causes.find(error, HttpConnectTimeoutException.class) != null) {
            return new NoAnswer(Kind.NO_CONNECTION, "connecting timed out");
        }
        if (Causes.find(error, UnresolvedAddressException.class) != null
            || Causes.find(error, UnknownHostException.class) != null) {
            return new NoAnswer(Kind.NO_CONNECTION, "its name does not resolve");
        }
        if (Causes.find(error, NoRouteToHostException.class) != null) {
            return new NoAnswer(Kind.NO_CONNECTION, "no route to it");
        }
        if (Causes.find(error, ConnectException.class) != null) {
            return new NoAnswer(Kind.NO_CONNECTION, "the connection was refused");
        }
        if (Causes.find(error, TimeoutException.class) != null || Causes.find(error, HttpTimeoutException.class) != null
            || Causes.find(error, SocketTimeoutException.class) != null) {
            return REQUEST_TIMED_OUT;
        }
        if (Causes.find(error, IOException.class) != null || Causes.find(error, UncheckedIOException.class) != null) {
            return new NoAnswer(Kind.CONNECTION_FAILED, Causes.root(error).getClass().getSimpleName());
        }
        return null;
    }
}
