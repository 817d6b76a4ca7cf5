package io.cfnazure.access.signin;

import io.cfnazure.access.calls.NoAnswer;
import java.time.Duration;
import java.util.Optional;

/**
 * A sign-in that failed, translated where the call was made (Secrets Manager, STS, Entra ID): what kind of failure it
 * is, a message that says what went wrong and what to do in the caller's terms ({@link SignInTerms}; never a secret,
 * token or stack trace), and for throttling how long the service asked to wait. Each caller maps the category once
 * into its own terms: a CloudFormation error code, or a retried or failed copy.
 */
public final class SignInFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, and so whether trying again later can help. */
    public enum Category {
        /** A service did not accept the credentials presented: the app's secret or trust, or the caller's AWS keys. */
        REFUSED_CREDENTIALS(false),
        /** The caller's AWS role may not read the secret or ask for the token. */
        ACCESS_DENIED(false),
        /** A sign-in setting, the secret's content or the AWS account's set-up is wrong or missing. */
        INVALID_SETTING(false),
        /** A service refused the request for a reason none of the others names. */
        SERVICE_REFUSED(false),
        /** A failure nothing here expected; its cause goes to the caller's log. */
        UNEXPECTED(false),
        /** The service is throttling. */
        THROTTLED(true),
        /** The service is failing (5xx, an outage page, an issuer it could not reach). */
        SERVICE_ERROR(true),
        /** No connection could be made, or it failed on the way. */
        UNREACHABLE(true),
        /** The service did not answer within the deadline. */
        TIMED_OUT(true);

        private final boolean isTransient;

        Category(final boolean isTransient) {
            this.isTransient = isTransient;
        }

        /** A call that got no answer: it timed out, or the service could not be reached. */
        public static Category of(final NoAnswer noAnswer) {
            return noAnswer.kind() == NoAnswer.Kind.TIMED_OUT ? TIMED_OUT : UNREACHABLE;
        }

        /** Whether the same request may succeed later without anyone changing anything. */
        public boolean isTransient() {
            return isTransient;
        }
    }

    private final Category category;
    private final transient Duration retryAfter;

    private SignInFailure(final Category category, final String message, final Duration retryAfter,
                          final Throwable cause) {
        super(message, cause);
        this.category = category;
        this.retryAfter = retryAfter;
    }

    public static SignInFailure of(final Category category, final String message) {
        return new SignInFailure(category, message, null, null);
    }

    /** Keeps the service's exception as the cause, for the caller's log; its text never reaches users. */
    public static SignInFailure of(final Category category, final String message, final Throwable cause) {
        return new SignInFailure(category, message, null, cause);
    }

    /** A throttling answer that said how long to wait (Retry-After). */
    public static SignInFailure throttled(final String message, final Duration retryAfter, final Throwable cause) {
        return new SignInFailure(Category.THROTTLED, message, retryAfter, cause);
    }

    public Category category() {
        return category;
    }

    public boolean isTransient() {
        return category.isTransient();
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
