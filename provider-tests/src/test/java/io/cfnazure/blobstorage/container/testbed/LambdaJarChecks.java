package io.cfnazure.blobstorage.container.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What a packaged-jar test checks of any of the project's types run in a {@link LambdaJarProcess}: the jar Maven built,
 * the entry point cfn submit registers, a sign-in Entra ID refuses (whose library log lines must reach the handler's
 * log), and that the JVM ended cleanly and leaked no secret or token anywhere.
 */
public final class LambdaJarChecks {

    /** Any base64url-encoded JSON object starts so: a JWT's header and payload, such as an Entra ID access token. */
    private static final String ENCODED_JSON_OBJECT = "eyJ";

    private LambdaJarChecks() {
    }

    /** The jar a unit's pom names in a system property of its Failsafe run. */
    public static Path jar(final String systemProperty) {
        final String jar = System.getProperty(systemProperty);
        assertThat(jar).as("system property %s, which the unit's pom.xml sets: run through Maven", systemProperty)
            .isNotBlank();
        return Path.of(jar);
    }

    /** The handler cfn submit registers: the project's .rpdk-config entrypoint, class::method. */
    public static String entrypoint(final Path projectDir) throws IOException {
        return ContainerModels.JSON.readTree(projectDir.resolve(".rpdk-config").toFile()).path("entrypoint").asText();
    }

    public static JsonNode succeeded(final JsonNode event, final LambdaJarProcess lambdaJvm) {
        assertThat(event.path("status").asText()).as("%s\nThe Lambda JVM's stderr:\n%s", event, lambdaJvm.stderr())
            .isEqualTo("SUCCESS");
        return event;
    }

    /** Stores a client secret that Entra ID refuses in Secrets Manager under {@code secretName}; returns it. */
    public static String refusedSecretStored(final LocalCloud cloud, final String secretName) {
        final String refusedSecret = "Xy7Q~Refused." + UUID.randomUUID();
        cloud.secretsManager().putSecret(secretName, refusedSecret);
        return refusedSecret;
    }

    /**
     * The type configuration of the sign-in mode with what Entra ID refuses: the client secret stored under
     * {@code refusedSecretName}, or an app whose federated identity credential names a role other than the caller's.
     */
    public static ObjectNode refusedSignIn(final LocalCloud cloud, final SignIn signIn,
                                           final String refusedSecretName) {
        final ObjectNode configuration = ContainerModels.typeConfiguration(signIn);
        final ObjectNode credentials = (ObjectNode) configuration.path("AzureCredentials");
        if (signIn == SignIn.CLIENT_SECRET) {
            credentials.put("ClientSecretName", refusedSecretName);
        } else {
            final String clientId = UUID.randomUUID().toString();
            cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, clientId, new FederatedCredential(
                cloud.awsIssuer(), "arn:aws:iam::" + LocalCloud.AWS_ACCOUNT_ID + ":role/SomeOtherRole",
                List.of(LocalCloud.WEB_IDENTITY_AUDIENCE)));
            credentials.put("ClientId", clientId);
        }
        return configuration;
    }

    /**
     * After the JVM was closed: it exited cleanly; the libraries' lines of the refused sign-in (MSAL, azure-identity)
     * reached the handler's Lambda log and nothing else of theirs went to stdout or stderr; no client secret, caller
     * key or token is in the log, the output or the responses.
     */
    public static void endedCleanlyAndLeakedNothing(final LambdaJarProcess lambdaJvm, final LocalCloud cloud,
                                                    final SignIn signIn, final String refusedSecret,
                                                    final CharSequence lambdaLog, final CharSequence responses) {
        assertThat(lambdaJvm.exitCode()).as("the Lambda JVM's exit code; its stderr:\n%s", lambdaJvm.stderr())
            .isZero();
        final String output = lambdaJvm.output();
        assertThat(lambdaLog).as("the handler's Lambda log lines: the refused sign-in, from MSAL and azure-identity")
            .contains("WARN com.microsoft.aad.msal4j", "ERROR com.azure.identity",
                signIn == SignIn.CLIENT_SECRET ? "AADSTS7000215" : "AADSTS700213");
        assertThat(output).as("the Lambda JVM's stdout and stderr: the libraries' lines of an invocation, which belong "
            + "in the handler's log; SLF4J's or Logback's own complaints (no binding, several, a configuration error)")
            .doesNotContain("com.microsoft.aad.msal4j", "com.azure.identity", "SLF4J", "ch.qos.logback");
        final CallerCredentials caller = cloud.callerCredentials();
        final List<String> secrets = List.of(LocalCloud.CLIENT_SECRET, refusedSecret, caller.secretAccessKey(),
            caller.sessionToken(), ENCODED_JSON_OBJECT);
        assertThat(lambdaLog.toString()).as("the handler's Lambda log lines").doesNotContain(secrets);
        assertThat(output).as("the Lambda JVM's stdout and stderr").doesNotContain(secrets);
        assertThat(responses.toString()).as("the handler's responses").doesNotContain(secrets);
    }
}
