package io.cfnazure.blobstorage.container.testbed;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.util.List;

/** Azure::BlobStorage::Container in the contract suite: containers of {@link LocalCloud#STORAGE_ACCOUNT}. */
public final class ContainerType implements ResourceTypeUnderTest {

    public static final ContainerType INSTANCE = new ContainerType();

    private ContainerType() {
    }

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
    public ObjectNode model(final String name, final SignIn signIn) {
        return ContainerModels.model(name, signIn);
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
    public ObjectNode typeConfiguration(final SignIn signIn) {
        return ContainerModels.typeConfiguration(signIn);
    }

    @Override
    public ObjectNode listScope() {
        return ContainerModels.JSON.createObjectNode().put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT);
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
            ProviderOnLocalCloud.PROVIDER_DIR.resolve("inputs/inputs_1_invalid.json").toFile());
        // Point the shipped input at the local account and app; keep what makes it invalid.
        return signIn.applyTo(invalid.put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT));
    }

    @Override
    public boolean existsInAzure(final LocalCloud cloud, final String name) {
        return cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).exists();
    }
}
