package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdHttpEdge;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * What the libraries log while a handler runs reaches the handler's logger, which a registered type publishes to the
 * user's log group, and not stdout, which in a registered type is AWS's own function log. Here Entra ID refuses the
 * client secret: MSAL (on its own thread) and azure-identity log the refusal, through the real sign-in code.
 */
class LibraryLinesInHandlerLogTest extends HandlerTestSupport {

    @Test
    void theLibrariesWarningsOfARefusedSignInReachTheHandlersLogOnOneLineEachWithoutTheSecret() {
        final EntraIdSignIn entraIdRefusing = new EntraIdSignIn(EntraIdHttpEdge.answering(401, """
            {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.",
             "error_codes":[7000215]}"""), CallerSignIn.TERMS);
        final BaseHandlerStd.Dependencies realSignIn = new BaseHandlerStd.Dependencies(azureClients, armClients,
            new CallerSignIn(entraIdRefusing, new ClientSecretCache(clock, CallerSignIn.TERMS),
                new AwsWebIdentityTokens(clock, CallerSignIn.TERMS), region -> secretsManager, region -> sts), clock);
        final List<String> handlerLog = new CopyOnWriteArrayList<>();

        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final ProgressEvent<ResourceModel, CallbackContext> event;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            event = new ReadHandler(realSignIn).handleRequest(new Invocation(proxy,
                request(fullModel().containerUrl(URL).build()), null, handlerLog::add, null,
                Deadline.forInvocation(clock, Deadline.DEFAULT_FUNCTION_TIMEOUT, null), "caller-identity-hash"));
        } finally {
            System.setOut(stdout);
        }

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidCredentials);
        assertThat(handlerLog).as("the handler's log")
            .anySatisfy(line -> assertThat(line).startsWith("WARN com.microsoft.aad.msal4j.").contains("AADSTS7000215"))
            .anySatisfy(line -> assertThat(line).startsWith("ERROR com.azure.identity.").contains("AADSTS7000215"))
            .allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r", CLIENT_SECRET));
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("stdout")
            .doesNotContain("com.microsoft.aad.msal4j", "com.azure.identity");
    }
}
