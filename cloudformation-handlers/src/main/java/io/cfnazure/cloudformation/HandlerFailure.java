package io.cfnazure.cloudformation;

import io.cfnazure.access.signin.SignInFailure;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * A failure already translated where the call was made: the CloudFormation error code, a message that says what went
 * wrong and what to do (never a secret, token or stack trace), and, for throttling, how long the service asked to wait.
 * Whether it is transient follows from the code: throttling, a failing service or an unreachable one.
 */
public final class HandlerFailure extends BaseHandlerException {

    private static final long serialVersionUID = 1L;
    private static final Set<HandlerErrorCode> TRANSIENT = EnumSet.of(
        HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError, HandlerErrorCode.NetworkFailure);

    private final transient Duration retryAfter;

    private HandlerFailure(final HandlerErrorCode code, final String message, final Duration retryAfter,
                           final Throwable cause) {
        super(message, cause, code);
        this.retryAfter = retryAfter;
    }

    public static HandlerFailure of(final HandlerErrorCode code, final String message) {
        return new HandlerFailure(code, message, null, null);
    }

    /** Keeps the service's exception as the cause, for the log of an unexpected failure; its text never reaches users. */
    public static HandlerFailure of(final HandlerErrorCode code, final String message, final Throwable cause) {
        return new HandlerFailure(code, message, null, cause);
    }

    /** A throttling answer that said how long to wait (Retry-After). */
    public static HandlerFailure throttled(final String message, final Duration retryAfter, final Throwable cause) {
        return new HandlerFailure(HandlerErrorCode.Throttling, message, retryAfter, cause);
    }

    /**
     * A failed sign-in (the azure-access module's), as CloudFormation's error: the one mapping of sign-in failures for
     * both types. Its message was written in their terms (the container type's {@code CallerSignIn.TERMS}).
     */
    public static HandlerFailure of(final SignInFailure failure) {
        final HandlerErrorCode code = switch (failure.category()) {
            case REFUSED_CREDENTIALS -> HandlerErrorCode.InvalidCredentials;
            case ACCESS_DENIED -> HandlerErrorCode.AccessDenied;
            case INVALID_SETTING -> HandlerErrorCode.InvalidRequest;
            case SERVICE_REFUSED -> HandlerErrorCode.GeneralServiceException;
            case UNEXPECTED -> HandlerErrorCode.InternalFailure;
            case THROTTLED -> HandlerErrorCode.Throttling;
            case SERVICE_ERROR -> HandlerErrorCode.ServiceInternalError;
            case UNREACHABLE, TIMED_OUT -> HandlerErrorCode.NetworkFailure;
        };
        return new HandlerFailure(code, failure.getMessage(), failure.retryAfter().orElse(null), failure.getCause());
    }

    public boolean isTransient() {
        return TRANSIENT.contains(getErrorCode());
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
