package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyServiceConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
        "CONTAINER_URL", "https://mystorage01.blob.core.windows.net/backup",
        "AZURE_CLIENT_SECRET_NAME", "azure/backup/client-secret");

    @Test
    void defaultsKeepDeletesOffAndUseEightMibBlocks() {
        final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(MINIMAL);
        assertThat(config.mirrorDeletes()).isFalse();
        assertThat(config.blockSizeBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.azureCredentials().tenantId()).isNull();
        assertThat(config.azureCredentials().method()).isEqualTo("ClientSecret");
        assertThat(config.azureCredentials().clientSecretName()).isEqualTo("azure/backup/client-secret");
        assertThat(config.assumedBytesPerSecond()).isEqualTo(25L * 1024 * 1024);
    }

    @Test
    void copiesRunSixteenAtOnceUnlessSetAndNeverMoreThanTheBufferBudgetHoldsBlocks() {
        final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(MINIMAL);
        // Budgets of 217 and 64 MiB hold 27 and 8 blocks of 8 MiB.
        assertThat(config.concurrentCopiesWithin(217L << 20)).isEqualTo(16);
        assertThat(config.concurrentCopiesWithin(64L << 20)).isEqualTo(8);

        final Map<String, String> environment = new java.util.HashMap<>(MINIMAL);
        environment.put("CONCURRENT_COPIES", "40");
        assertThat(CopyServiceConfig.fromEnvironment(environment).concurrentCopiesWithin(1L << 30)).isEqualTo(40);
        environment.put("BLOCK_SIZE_BYTES", String.valueOf(256 << 20));
        assertThat(CopyServiceConfig.fromEnvironment(environment).concurrentCopiesWithin(217L << 20)).isEqualTo(1);
        environment.put("CONCURRENT_COPIES", "65");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment))
            .hasMessageContaining("CONCURRENT_COPIES must be a whole number from 1 to 64");
    }

    @Test
    void settingsAreReadAndCheckedWithTheirNameInTheMessage() {
        final Map<String, String> environment = new java.util.HashMap<>(MINIMAL);
        environment.putAll(Map.of("MIRROR_DELETES", "TRUE", "BLOCK_SIZE_BYTES", "4194304", "AZURE_TENANT_ID", " t "));
        final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(environment);
        assertThat(config.mirrorDeletes()).isTrue();
        assertThat(config.blockSizeBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.azureCredentials().tenantId()).isEqualTo("t");

        environment.put("MIRROR_DELETES", "yes");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment)).hasMessageContaining("MIRROR_DELETES");
        environment.put("MIRROR_DELETES", "false");
        environment.put("BLOCK_SIZE_BYTES", "1000");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment)).hasMessageContaining("BLOCK_SIZE_BYTES");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(Map.of("AZURE_CLIENT_SECRET_NAME", "s")))
            .hasMessageContaining("CONTAINER_URL");
    }

    @Test
    void withoutASecretTheAppIdsAreRequiredAndTheAudienceIsOptional() {
        final Map<String, String> environment = new java.util.HashMap<>(Map.of(
            "CONTAINER_URL", "https://mystorage01.blob.core.windows.net/backup",
            "AZURE_AUTHENTICATION", "AwsWebIdentity",
            "AZURE_TENANT_ID", "tenant",
            "AZURE_CLIENT_ID", "client"));
        final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(environment);
        assertThat(config.azureCredentials().method()).isEqualTo("AwsWebIdentity");
        assertThat(config.azureCredentials().clientSecretName()).isNull();
        assertThat(config.azureCredentials().webIdentityAudience()).isNull();

        environment.put("AZURE_WEB_IDENTITY_AUDIENCE", "api://custom");
        assertThat(CopyServiceConfig.fromEnvironment(environment).azureCredentials().webIdentityAudience())
            .isEqualTo("api://custom");
        environment.remove("AZURE_CLIENT_ID");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment))
            .hasMessageContaining("AZURE_CLIENT_ID is not set");
    }

    @Test
    void aSettingOfTheOtherMethodOrAnUnknownMethodIsRefusedRatherThanIgnored() {
        final Map<String, String> withSecret = new java.util.HashMap<>(MINIMAL);
        withSecret.put("AZURE_WEB_IDENTITY_AUDIENCE", "api://custom");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(withSecret))
            .hasMessageContaining("AZURE_WEB_IDENTITY_AUDIENCE is set, but AZURE_AUTHENTICATION is ClientSecret");

        final Map<String, String> withoutSecret = new java.util.HashMap<>(MINIMAL);
        withoutSecret.putAll(Map.of("AZURE_AUTHENTICATION", "AwsWebIdentity", "AZURE_TENANT_ID", "t",
            "AZURE_CLIENT_ID", "c"));
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(withoutSecret))
            .hasMessageContaining("AZURE_CLIENT_SECRET_NAME is set, but AZURE_AUTHENTICATION is AwsWebIdentity");

        withSecret.put("AZURE_AUTHENTICATION", "ManagedIdentity");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(withSecret))
            .hasMessageContaining("AZURE_AUTHENTICATION must be ClientSecret or AwsWebIdentity, not 'ManagedIdentity'");
    }
}
