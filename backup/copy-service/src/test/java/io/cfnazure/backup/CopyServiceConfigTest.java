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
        assertThat(config.tenantId()).isNull();
        assertThat(config.assumedBytesPerSecond()).isEqualTo(25L * 1024 * 1024);
    }

    @Test
    void settingsAreReadAndCheckedWithTheirNameInTheMessage() {
        final Map<String, String> environment = new java.util.HashMap<>(MINIMAL);
        environment.putAll(Map.of("MIRROR_DELETES", "TRUE", "BLOCK_SIZE_BYTES", "4194304", "AZURE_TENANT_ID", " t "));
        final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(environment);
        assertThat(config.mirrorDeletes()).isTrue();
        assertThat(config.blockSizeBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.tenantId()).isEqualTo("t");

        environment.put("MIRROR_DELETES", "yes");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment)).hasMessageContaining("MIRROR_DELETES");
        environment.put("MIRROR_DELETES", "false");
        environment.put("BLOCK_SIZE_BYTES", "1000");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(environment)).hasMessageContaining("BLOCK_SIZE_BYTES");
        assertThatThrownBy(() -> CopyServiceConfig.fromEnvironment(Map.of("AZURE_CLIENT_SECRET_NAME", "s")))
            .hasMessageContaining("CONTAINER_URL");
    }
}
