package io.cfnazure.blobstorage.account.testbed;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.HandlerWrapper;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.ResourceTypeUnderTest;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.List;

/**
 * Azure::BlobStorage::Account in the contract suite: accounts in the local cloud's resource group, made from the
 * type's inputs/.
 */
public final class AccountType implements ResourceTypeUnderTest {

    public static final AccountType INSTANCE = new AccountType();

    private AccountType() {
    }

    @Override
    public CloudFormationDriver cloudFormation(final LocalCloud cloud, final StringBuffer handlerLog) {
        return AccountOnLocalCloud.cloudFormation(cloud, handlerLog);
    }

    @Override
    public RequestStreamHandler testEntrypoint() {
        return (in, out, context) -> new HandlerWrapper().testEntrypoint(in, out, context);
    }

    @Override
    public String identifierProperty() {
        return AccountOnLocalCloud.IDENTIFIER;
    }

    @Override
    public List<String> writeOnlyProperties() {
        return AccountOnLocalCloud.writeOnlyProperties();
    }

    @Override
    public HandlerRequest request(final String action, final ObjectNode desired) {
        return AccountOnLocalCloud.request(action, desired);
    }

    @Override
    public ObjectNode model(final String name, final SignIn signIn) {
        return AccountOnLocalCloud.model(name, signIn);
    }

    @Override
    public String uniqueName() {
        return AccountOnLocalCloud.uniqueName();
    }

    @Override
    public String identifierOf(final String name) {
        return AccountOnLocalCloud.id(name);
    }

    @Override
    public ObjectNode typeConfiguration(final SignIn signIn) {
        return ContainerModels.typeConfiguration(signIn);
    }

    @Override
    public ObjectNode listScope() {
        return AccountOnLocalCloud.listScope();
    }

    @Override
    public ObjectNode changedInPlace(final ObjectNode model) {
        return AccountOnLocalCloud.updated(model);
    }

    @Override
    public ObjectNode changedCreateOnly(final ObjectNode model) {
        return model.put("RequireInfrastructureEncryption", true);
    }

    @Override
    public ObjectNode withAutoDelete(final ObjectNode model) {
        return model.put("AutoDeleteBlobs", true);
    }

    @Override
    public ObjectNode invalidInput(final SignIn signIn) {
        return AccountOnLocalCloud.invalid(signIn);
    }

    @Override
    public boolean existsInAzure(final LocalCloud cloud, final String name) {
        return AccountOnLocalCloud.existsInAzure(cloud, AccountOnLocalCloud.id(name));
    }
}
