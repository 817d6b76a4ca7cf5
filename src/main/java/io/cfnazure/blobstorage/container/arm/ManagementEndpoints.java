package io.cfnazure.blobstorage.container.arm;

import com.azure.core.management.AzureEnvironment;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.TestEndpoints;
import java.util.HashMap;
import java.util.Map;

/**
 * Azure Resource Manager of each Azure cloud: where requests go. {@link AzureCloud} (azure-access) names the clouds
 * and the scope of their management tokens; azure-core-management's {@link AzureEnvironment} knows their endpoints.
 */
public final class ManagementEndpoints {

    /** The key of the Resource Manager endpoint in {@link AzureEnvironment#getEndpoints()}. */
    private static final String RESOURCE_MANAGER = "resourceManagerEndpointUrl";

    private ManagementEndpoints() {
    }

    /**
     * The cloud's environment, with its Resource Manager endpoint replaced by the test-only override
     * ({@link TestEndpoints#resourceManagerEndpoint()}) when one is set. The token scope stays the real cloud's.
     */
    static AzureEnvironment environment(final AzureCloud cloud) {
        final AzureEnvironment real = environmentOf(cloud);
        return TestEndpoints.resourceManagerEndpoint().map(endpoint -> {
            final Map<String, String> endpoints = new HashMap<>(real.getEndpoints());
            endpoints.put(RESOURCE_MANAGER, endpoint.endsWith("/") ? endpoint : endpoint + "/");
            return new AzureEnvironment(endpoints);
        }).orElse(real);
    }

    private static AzureEnvironment environmentOf(final AzureCloud cloud) {
        return switch (cloud) {
            case AZURE_PUBLIC_CLOUD -> AzureEnvironment.AZURE;
            case AZURE_CHINA_CLOUD -> AzureEnvironment.AZURE_CHINA;
            case AZURE_US_GOVERNMENT -> AzureEnvironment.AZURE_US_GOVERNMENT;
        };
    }
}
