package io.cfnazure.blobstorage.container.testbed;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Azure::BlobStorage::Container in the contract suite: containers of {@link LocalCloud#STORAGE_ACCOUNT}, managed
 * either way the type manages them. {@link #BLOB_SERVICE}: named by StorageAccountName, through the account's blob
 * service (inputs_1). {@link #RESOURCE_MANAGER}: named by StorageAccountId, through Azure Resource Manager (inputs_3),
 * with the type configuration's SubscriptionId for requests that carry only the ContainerUrl.
 */
public enum ContainerType implements ResourceTypeUnderTest {

    BLOB_SERVICE("inputs/inputs_1_invalid.json") {
        @Override
        public ObjectNode model(final String name, final SignIn signIn) {
            return ContainerModels.model(name, signIn);
        }

        @Override
        public ObjectNode typeConfiguration(final SignIn signIn) {
            return ContainerModels.typeConfiguration(signIn);
        }

        @Override
        public ObjectNode inAccount(final ObjectNode model, final String account) {
            return model.put("StorageAccountName", account);
        }

        /** A proxy answers for Azurite; the model signs in as an app of its own, whose new clients go through it. */
        @Override
        public NameBlocked blockNameOnce(final LocalCloud cloud, final String name, final SignIn signIn) {
            final AzureFaultProxy proxy = AzureFaultProxy.start(cloud.azurite());
            proxy.blockContainerName(name, 1);
            final String endpoint = System.getProperty(BLOB_ENDPOINT);
            System.setProperty(BLOB_ENDPOINT, proxy.blobEndpointTemplate());
            return new NameBlocked(signIn.applyToNewApp(cloud, model(name, signIn)), () -> {
                System.setProperty(BLOB_ENDPOINT, endpoint);
                proxy.close();
            });
        }
    },
    RESOURCE_MANAGER("inputs/inputs_3_invalid.json") {
        @Override
        public ObjectNode model(final String name, final SignIn signIn) {
            return ContainerModels.managedModel(name, signIn, LocalCloud.storageAccountId(LocalCloud.STORAGE_ACCOUNT));
        }

        @Override
        public ObjectNode typeConfiguration(final SignIn signIn) {
            return ContainerModels.typeConfigurationWithSubscription(signIn);
        }

        @Override
        public ObjectNode inAccount(final ObjectNode model, final String account) {
            return model.put("StorageAccountId", LocalCloud.storageAccountId(account));
        }

        /** Azure Resource Manager passes the blob service's answer on (azure-rest-api-specs issue 30456). */
        @Override
        public NameBlocked blockNameOnce(final LocalCloud cloud, final String name, final SignIn signIn) {
            cloud.resourceManager().faults().answer(request -> "PUT".equals(request.method())
                    && request.path().toLowerCase(Locale.ROOT).endsWith("/blobservices/default/containers/" + name), 1,
                AzureResourceManagerStandIn.errorAnswer(409, "ContainerOperationFailure",
                    "The specified container is being deleted. Try operation later."));
            return new NameBlocked(model(name, signIn), () -> { });
        }
    };

    private static final String BLOB_ENDPOINT = "cfnazure.test.blobEndpoint";

    /** The model of a create request that Azure will answer once with "being deleted", and what undoes the fault. */
    public record NameBlocked(ObjectNode model, Runnable undo) {
    }

    /** The invalid input of the inputs folder for this way, relative to the provider's folder. */
    private final String invalidInput;

    ContainerType(final String invalidInput) {
        this.invalidInput = invalidInput;
    }

    /** Points a model (or List's scope) at another account of the local cloud. */
    public abstract ObjectNode inAccount(ObjectNode model, String account);

    /** Azure keeps a deleted container's name blocked for a while, which the local cloud does not: played once. */
    public abstract NameBlocked blockNameOnce(LocalCloud cloud, String name, SignIn signIn);

    @Override
    public CloudFormationDriver cloudFormation(final LocalCloud cloud, final StringBuffer handlerLog) {
        return ProviderOnLocalCloud.cloudFormation(cloud, handlerLog);
    }

    @Override
    public RequestStreamHandler testEntrypoint() {
        return ProviderOnLocalCloud.TEST_ENTRYPOINT;
    }

    @Override
    public String identifierProperty() {
        return "ContainerUrl";
    }

    @Override
    public List<String> writeOnlyProperties() {
        return ProviderOnLocalCloud.writeOnlyProperties();
    }

    @Override
    public HandlerRequest request(final String action, final ObjectNode desired) {
        return ContainerModels.request(action, desired);
    }

    @Override
    public String uniqueName() {
        return ContainerModels.uniqueName();
    }

    @Override
    public String identifierOf(final String name) {
        return "https://" + LocalCloud.STORAGE_ACCOUNT + ".blob.core.windows.net/" + name;
    }

    @Override
    public ObjectNode listScope() {
        return inAccount(ContainerModels.JSON.createObjectNode(), LocalCloud.STORAGE_ACCOUNT);
    }

    @Override
    public ObjectNode changedInPlace(final ObjectNode model) {
        model.putObject("Metadata").put("purpose", "archive").put("retention_days", "365");
        return model;
    }

    @Override
    public ObjectNode changedCreateOnly(final ObjectNode model) {
        return model.put("DenyEncryptionScopeOverride", true);
    }

    @Override
    public ObjectNode withAutoDelete(final ObjectNode model) {
        return model.put("AutoDeleteBlobs", true);
    }

    @Override
    public ObjectNode invalidInput(final SignIn signIn) throws IOException {
        final ObjectNode invalid = (ObjectNode) ContainerModels.JSON.readTree(
            ProviderOnLocalCloud.PROVIDER_DIR.resolve(invalidInput).toFile());
        // Point the shipped input at the local account and app; keep what makes it invalid.
        return signIn.applyTo(inAccount(invalid, LocalCloud.STORAGE_ACCOUNT));
    }

    @Override
    public boolean existsInAzure(final LocalCloud cloud, final String name) {
        return cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).exists();
    }
}
