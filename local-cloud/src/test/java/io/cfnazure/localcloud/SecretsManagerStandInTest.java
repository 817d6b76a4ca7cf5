package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The Secrets Manager stand-in, driven by the AWS SDK's real client, which signs with SigV4. */
class SecretsManagerStandInTest {

    private static final String KEY_ID = "ASIAQSTANDINTEST0001";
    private static final String SECRET_KEY = "standInTestSecretAccessKey/0123456789abc";
    private static final String TOKEN = "standInTestSessionToken";
    private static final String OTHER_KEY_ID = "ASIAQSTANDINTEST0002";
    private static final String OTHER_SECRET_KEY = "otherStandInTestSecretAccessKey/01234567";
    private static final String OTHER_TOKEN = "otherStandInTestSessionToken";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/StandInTestRole";
    private static final String NAME = "team/app/azure";
    private static final String VALUE = "{\"clientSecret\":\"value\"}";

    private static SecretsManagerStandIn secretsManager;

    @BeforeAll
    static void start() {
        final AwsCallers callers = new AwsCallers();
        callers.accept(new CallerCredentials(KEY_ID, SECRET_KEY, TOKEN), ROLE_ARN);
        callers.accept(new CallerCredentials(OTHER_KEY_ID, OTHER_SECRET_KEY, OTHER_TOKEN), ROLE_ARN);
        secretsManager = SecretsManagerStandIn.start("123456789012", callers);
        secretsManager.putSecret(NAME, VALUE);
    }

    @AfterAll
    static void stop() {
        secretsManager.close();
    }

    @Test
    void answersGetSecretValueByName() {
        final GetSecretValueResponse answer = client(KEY_ID, SECRET_KEY, TOKEN)
            .getSecretValue(request -> request.secretId(NAME));

        assertThat(answer.secretString()).isEqualTo(VALUE);
        assertThat(answer.name()).isEqualTo(NAME);
        assertThat(answer.arn()).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:team/app/azure-\\w{6}");
        assertThat(answer.versionId()).isNotBlank();
        assertThat(answer.versionStages()).containsExactly("AWSCURRENT");
        assertThat(answer.createdDate()).isNotNull();
        assertThat(secretsManager.lastCallerAccessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void answersGetSecretValueByArnToEveryAcceptedCaller() {
        final String arn = secretsManager.secretArn("us-east-1", NAME);

        final GetSecretValueResponse answer = client(OTHER_KEY_ID, OTHER_SECRET_KEY, OTHER_TOKEN)
            .getSecretValue(request -> request.secretId(arn));

        assertThat(answer.secretString()).isEqualTo(VALUE);
        assertThat(answer.arn()).isEqualTo(arn);
        assertThat(secretsManager.requestedSecretIds()).last().isEqualTo(arn);
        assertThat(secretsManager.lastCallerAccessKeyId()).isEqualTo(OTHER_KEY_ID);
    }

    @Test
    void refusesAWrongSecretAccessKeyAsAnInvalidSignature() {
        final int requestsBefore = secretsManager.requests();

        assertThat(errorCode(client(KEY_ID, OTHER_SECRET_KEY, TOKEN))).isEqualTo("InvalidSignatureException");
        // Not retried by the SDK: one request per call.
        assertThat(secretsManager.requests()).isEqualTo(requestsBefore + 1);
    }

    @Test
    void refusesAnUnknownAccessKey() {
        assertThat(errorCode(client("ASIAQUNKNOWNKEY00000", SECRET_KEY, TOKEN)))
            .isEqualTo("UnrecognizedClientException");
        assertThat(secretsManager.lastCallerAccessKeyId()).isEqualTo("ASIAQUNKNOWNKEY00000");
    }

    @Test
    void refusesAnotherCallersSessionToken() {
        assertThat(errorCode(client(KEY_ID, SECRET_KEY, OTHER_TOKEN))).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void answersAnUnknownSecretWithResourceNotFound() {
        final ResourceNotFoundException refusal = catchThrowableOfType(ResourceNotFoundException.class,
            () -> client(KEY_ID, SECRET_KEY, TOKEN).getSecretValue(request -> request.secretId("no/such/secret")));

        assertThat(refusal.statusCode()).isEqualTo(400);
        assertThat(refusal.awsErrorDetails().errorMessage()).isEqualTo("Secrets Manager can't find the specified secret.");
    }

    @Test
    void answersADeniedCallerWithAccessDenied() {
        secretsManager.putSecret("team/app/denied", "value");
        secretsManager.denyAccess(KEY_ID, "team/app/denied");

        final SecretsManagerException refusal = catchThrowableOfType(SecretsManagerException.class,
            () -> client(KEY_ID, SECRET_KEY, TOKEN).getSecretValue(request -> request.secretId("team/app/denied")));

        assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(refusal.awsErrorDetails().errorMessage())
            .startsWith("User: arn:aws:sts::123456789012:assumed-role/StandInTestRole/" + KEY_ID + " ")
            .contains("is not authorized to perform: secretsmanager:GetSecretValue on resource: team/app/denied");
        assertThat(client(OTHER_KEY_ID, OTHER_SECRET_KEY, OTHER_TOKEN)
            .getSecretValue(request -> request.secretId("team/app/denied")).secretString()).isEqualTo("value");
    }

    private static String errorCode(final SecretsManagerClient client) {
        final SecretsManagerException refusal = catchThrowableOfType(SecretsManagerException.class,
            () -> client.getSecretValue(request -> request.secretId(NAME)));
        assertThat(refusal.statusCode()).isEqualTo(400);
        return refusal.awsErrorDetails().errorCode();
    }

    private static SecretsManagerClient client(final String keyId, final String secretKey, final String token) {
        return SecretsManagerClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(secretsManager.endpoint()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId, secretKey, token)))
            .build();
    }
}
