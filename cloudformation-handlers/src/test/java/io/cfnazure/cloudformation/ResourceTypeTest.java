package io.cfnazure.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfnazure.access.calls.Deadline;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/** What every type's entry points do before its handler runs: the handler of the action, its deadline, the caller. */
class ResourceTypeTest {

    private static final Duration FUNCTION_TIME_LEFT = Duration.ofMinutes(15);

    /** What a handler is called with, as a type's Invocation record holds it. */
    private record Call(ResourceHandlerRequest<String> request, Deadline deadline, String callerIdentity) {
    }

    private Deadline deadline;
    private String callerIdentity;

    private final ActionHandler<String, String, Call> recording = call -> {
        deadline = call.deadline();
        callerIdentity = call.callerIdentity();
        return ProgressEvent.defaultSuccessHandler(call.request().getDesiredResourceState());
    };

    private final ResourceType<String, String, String, Call> type = resourceType(Map.of(Action.CREATE, recording,
        Action.READ, recording, Action.UPDATE, recording, Action.DELETE, recording, Action.LIST, recording));

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"READ", "LIST"})
    void readAndListAnswerWithinTheContractsLimitWhateverTheFunctionsTimeout(final Action action) {
        invoke(action, null);

        assertThat(deadline.remaining()).isLessThan(Deadline.READ_AND_LIST_LIMIT);
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"CREATE", "UPDATE", "DELETE"})
    void changesMayUseWhatTheFunctionHasLeft(final Action action) {
        invoke(action, null);

        assertThat(deadline.remaining()).isGreaterThan(Deadline.READ_AND_LIST_LIMIT).isLessThan(FUNCTION_TIME_LEFT);
    }

    @Test
    void theCallerIsKnownByAHashOfItsAccessKeyIdOnly() {
        invoke(Action.CREATE, new Credentials("AKIAEXAMPLE", "secret", "token"));

        assertThat(callerIdentity).isEqualTo(Sha256.hex("AKIAEXAMPLE")).doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void aRequestWithoutCallerCredentialsHasNoCallerIdentity() {
        invoke(Action.CREATE, null);

        assertThat(callerIdentity).isNull();
    }

    @Test
    void anActionTheTypeDoesNotHandleIsRefused() {
        final ResourceType<String, String, String, Call> readOnly = resourceType(Map.of(Action.READ, recording));

        assertThatThrownBy(() -> readOnly.invoke(null, request(), Action.DELETE, null, null, null, FUNCTION_TIME_LEFT,
            null)).isInstanceOf(IllegalArgumentException.class).hasMessage("Unsupported action DELETE");
        assertThat(deadline).as("no handler ran").isNull();
    }

    private void invoke(final Action action, final Credentials caller) {
        assertThat(type.invoke(null, request(), action, null, null, null, FUNCTION_TIME_LEFT, caller)
            .getResourceModel()).isEqualTo("model");
    }

    private static ResourceType<String, String, String, Call> resourceType(
        final Map<Action, ActionHandler<String, String, Call>> handlers) {
        return new ResourceType<>(null, null, null, null, model -> null,
            (proxy, request, callbackContext, logger, typeConfiguration, deadline, callerIdentity) ->
                new Call(request, deadline, callerIdentity), handlers);
    }

    private static ResourceHandlerRequest<String> request() {
        return ResourceHandlerRequest.<String>builder().desiredResourceState("model").build();
    }
}
