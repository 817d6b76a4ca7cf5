package io.cfnazure.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/** A failed sign-in reaches CloudFormation with the code its kind calls for, retried only when it is transient. */
class HandlerFailureTest {

    private static final Map<Category, HandlerErrorCode> CODES = Map.of(
        Category.REFUSED_CREDENTIALS, HandlerErrorCode.InvalidCredentials,
        Category.ACCESS_DENIED, HandlerErrorCode.AccessDenied,
        Category.INVALID_SETTING, HandlerErrorCode.InvalidRequest,
        Category.SERVICE_REFUSED, HandlerErrorCode.GeneralServiceException,
        Category.UNEXPECTED, HandlerErrorCode.InternalFailure,
        Category.THROTTLED, HandlerErrorCode.Throttling,
        Category.SERVICE_ERROR, HandlerErrorCode.ServiceInternalError,
        Category.UNREACHABLE, HandlerErrorCode.NetworkFailure,
        Category.TIMED_OUT, HandlerErrorCode.NetworkFailure);

    @ParameterizedTest
    @EnumSource(Category.class)
    void eachKindOfSignInFailureHasItsCodeAndStaysTransientOrNot(final Category category) {
        final HandlerFailure failure = HandlerFailure.of(SignInFailure.of(category, "What went wrong; what to do."));

        assertThat(failure.getErrorCode()).isEqualTo(CODES.get(category));
        assertThat(failure.isTransient()).isEqualTo(category.isTransient());
        assertThat(failure.getMessage()).isEqualTo("What went wrong; what to do.");
    }

    @Test
    void throttlingKeepsTheWaitTheServiceAskedFor() {
        final HandlerFailure failure = HandlerFailure.of(SignInFailure.throttled("Entra ID is throttling.",
            Duration.ofSeconds(40), null));

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(40));
    }
}
