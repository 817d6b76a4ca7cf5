package io.cfnazure.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tokens are asked for per plane: a storage account's blob service, or Azure Resource Manager, of each cloud. */
class AzureCloudTest {

    @Test
    void theManagementPlanesScopeIsEachCloudsResourceManager() {
        assertThat(AzureCloud.AZURE_PUBLIC_CLOUD.managementScope()).isEqualTo("https://management.azure.com/.default");
        assertThat(AzureCloud.AZURE_CHINA_CLOUD.managementScope())
            .isEqualTo("https://management.chinacloudapi.cn/.default");
        assertThat(AzureCloud.AZURE_US_GOVERNMENT.managementScope())
            .isEqualTo("https://management.usgovcloudapi.net/.default");
    }

    @Test
    void theStoragePlanesScopeIsAzureStorageInThePublicCloudAndTheAccountsEndpointElsewhere() {
        assertThat(AzureCloud.AZURE_PUBLIC_CLOUD.storageScope("drcopies01"))
            .isEqualTo("https://storage.azure.com/.default");
        assertThat(AzureCloud.AZURE_CHINA_CLOUD.storageScope("drcopies01"))
            .isEqualTo("https://drcopies01.blob.core.chinacloudapi.cn/.default");
        assertThat(AzureCloud.AZURE_US_GOVERNMENT.storageScope("drcopies01"))
            .isEqualTo("https://drcopies01.blob.core.usgovcloudapi.net/.default");
    }
}
