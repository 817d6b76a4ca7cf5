package io.cfnazure.access.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure.Category;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class ClientSecretCacheTest {

    private static final String CALLER = "caller-a";
    private final Instant start = Instant.parse("2026-11-23T10:00:00Z");
    private final Deadline DEADLINE = Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30));
    private SecretsManagerClient client;
    private ClientSecretCache.SecretsManager callerSecretsManager;

    @BeforeEach
    void setUp() {
        client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(GetSecretValueRequest.class)))
            .thenReturn(GetSecretValueResponse.builder().secretString("first").build(),
                GetSecretValueResponse.builder().secretString("second").build());
        callerSecretsManager = client::getSecretValue;
    }

    @Test
    void readsOncePerAccountAndSecretUntilTheTimeToLiveEnds() {
        final ClientSecretCache cache = new ClientSecretCache(Clock.fixed(start, ZoneOffset.UTC), TestTerms.RESOURCE);
        final SecretLocation location = SecretLocation.of("111111111111", "eu-west-1", "azure/app");

        assertThat(cache.get(callerSecretsManager, location, CALLER, DEADLINE).clientSecret()).isEqualTo("first");
        assertThat(cache.get(callerSecretsManager, location, CALLER, DEADLINE).clientSecret()).isEqualTo("first");
        verify(client, times(1)).getSecretValue(any(GetSecretValueRequest.class));

        final ClientSecretCache later = new ClientSecretCache(
            Clock.fixed(start.plus(ClientSecretCache.TIME_TO_LIVE), ZoneOffset.UTC), TestTerms.RESOURCE);
        later.get(callerSecretsManager, location, CALLER, DEADLINE);
        assertThat(later.get(callerSecretsManager, location, CALLER, DEADLINE).clientSecret()).isEqualTo("second");
    }

    @Test
    void anotherAwsAccountNeverGetsTheCachedSecret() {
        final ClientSecretCache cache = new ClientSecretCache(Clock.fixed(start, ZoneOffset.UTC), TestTerms.RESOURCE);

        cache.get(callerSecretsManager, SecretLocation.of("111111111111", "eu-west-1", "azure/app"), CALLER, DEADLINE);
        assertThat(cache.get(callerSecretsManager, SecretLocation.of("222222222222", "eu-west-1", "azure/app"), CALLER, DEADLINE).clientSecret())
            .isEqualTo("second");
    }

    @Test
    void anotherCallerNeverGetsTheSecretAnotherOneRead() {
        final ClientSecretCache cache = new ClientSecretCache(Clock.fixed(start, ZoneOffset.UTC), TestTerms.RESOURCE);
        final SecretLocation location = SecretLocation.of("111111111111", "eu-west-1", "azure/app");

        cache.get(callerSecretsManager, location, CALLER, DEADLINE);
        assertThat(cache.get(callerSecretsManager, location, "caller-b", DEADLINE).clientSecret()).isEqualTo("second");
        verify(client, times(2)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void theReadGetsWhatRemainsOfTheInvocationAsItsTimeLimit() {
        new ClientSecretCache(Clock.fixed(start, ZoneOffset.UTC), TestTerms.RESOURCE)
            .get(callerSecretsManager, SecretLocation.of("111111111111", "eu-west-1", "azure/app"), CALLER, DEADLINE);

        final ArgumentCaptor<GetSecretValueRequest> request = ArgumentCaptor.forClass(GetSecretValueRequest.class);
        verify(client).getSecretValue(request.capture());
        assertThat(request.getValue().overrideConfiguration()).hasValueSatisfying(o -> {
            assertThat(o.apiCallTimeout()).hasValueSatisfying(timeout ->
                assertThat(timeout).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        });
    }

    @Test
    void noTimeLeftMeansNoCallAndARetriableFailure() {
        final Deadline passed = Deadline.in(Clock.systemUTC(), Duration.ZERO);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientSecretCache(Clock.systemUTC(), TestTerms.RESOURCE)
                .get(callerSecretsManager, SecretLocation.of("111111111111", "eu-west-1", "azure/app"), CALLER, passed))
            .isInstanceOfSatisfying(SignInFailure.class, f -> assertThat(f.isTransient()).isTrue());
        verify(client, times(0)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void aForgottenSecretIsReadAgain() {
        final ClientSecretCache cache = new ClientSecretCache(Clock.fixed(start, ZoneOffset.UTC), TestTerms.RESOURCE);
        final SecretLocation location = SecretLocation.of("111111111111", "eu-west-1", "azure/app");

        cache.get(callerSecretsManager, location, CALLER, DEADLINE);
        cache.forget(location);

        assertThat(cache.get(callerSecretsManager, location, CALLER, DEADLINE).clientSecret()).isEqualTo("second");
    }

    @Test
    void anArnNamesItsOwnRegion() {
        assertThat(SecretLocation.of("1", "eu-west-1",
            "arn:aws:secretsmanager:us-east-2:111111111111:secret:azure/app-AbCdEf").region()).isEqualTo("us-east-2");
        assertThat(SecretLocation.of("1", "eu-west-1", "azure/app").region()).isEqualTo("eu-west-1");
    }

    @Test
    void anArnWithSomethingElseThanARegionIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretLocation.of("1", "eu-west-1",
                "arn:aws:secretsmanager:evil.example.com#:111111111111:secret:azure/app"))
            .isInstanceOf(SignInFailure.class)
            .hasMessageContaining("not an AWS Region");
    }
}
