package io.cfnazure.blobstorage.container.testbed;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.PublicNetworkAccess;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.localcloud.LocalCloud;
import java.util.UUID;

/**
 * Storage accounts made in the local cloud's Azure Resource Manager the way a user makes them beforehand (az storage
 * account create), as the app the handlers sign in as, a Contributor of the subscription. The accounts are real
 * Azurite accounts of the same name.
 */
public final class ArmAccounts {

    private ArmAccounts() {
    }

    /** A new account name: 3-24 lowercase letters and digits. */
    public static String uniqueName(final String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24 - prefix.length());
    }

    /**
     * Creates an account in {@link LocalCloud#RESOURCE_GROUP} (East US) and returns its resource ID.
     *
     * @param publicNetworkAccess false: its endpoints admit no public network (private endpoints only)
     * @param versioning          blob versioning, which version-level immutability needs
     */
    public static String create(final LocalCloud cloud, final String name, final boolean publicNetworkAccess,
                                final boolean versioning) {
        final StorageManagementClient storage = storage(cloud);
        storage.getStorageAccounts().beginCreate(LocalCloud.RESOURCE_GROUP, name, new StorageAccountCreateParameters()
                .withLocation(LocalCloud.AZURE_LOCATION)
                .withSku(new Sku().withName(SkuName.STANDARD_LRS))
                .withKind(Kind.STORAGE_V2)
                .withPublicNetworkAccess(publicNetworkAccess ? PublicNetworkAccess.ENABLED
                    : PublicNetworkAccess.DISABLED))
            .getFinalResult();
        if (versioning) {
            storage.getBlobServices().setServiceProperties(LocalCloud.RESOURCE_GROUP, name,
                new BlobServicePropertiesInner().withIsVersioningEnabled(true));
        }
        return LocalCloud.storageAccountId(name);
    }

    private static StorageManagementClient storage(final LocalCloud cloud) {
        final AccessToken token = new ClientSecretCredentialBuilder()
            .tenantId(LocalCloud.TENANT_ID)
            .clientId(LocalCloud.CLIENT_ID)
            .clientSecret(LocalCloud.CLIENT_SECRET)
            .authorityHost(cloud.entraId().authorityHost())
            .disableInstanceDiscovery()
            .build()
            .getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default"));
        return new ArmClients().management(new ArmClients.Access("test-bed", AzureCloud.AZURE_PUBLIC_CLOUD,
            LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID, LocalCloud.SUBSCRIPTION_ID), token).storage();
    }
}
