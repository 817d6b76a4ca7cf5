package io.cfnazure.blobstorage.container.testbed;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.util.List;

/**
 * One of the project's resource types as the contract suite ({@code contract/ContractSuite}) sees it: its handler
 * behind CloudFormation, its primary identifier, and its inputs on the local cloud. The container type's is
 * {@link ContainerType}; the account type's lives with its tests (storage-account-tests/).
 */
public interface ResourceTypeUnderTest {

    /** CloudFormation calling the type's handler in the local cloud's AWS account, its log lines into the buffer. */
    CloudFormationDriver cloudFormation(LocalCloud cloud, StringBuffer handlerLog);

    /** {@code HandlerWrapper::testEntrypoint}, the entry point {@code cfn test} calls. */
    RequestStreamHandler testEntrypoint();

    /** The primary identifier's property, e.g. ContainerUrl. */
    String identifierProperty();

    /** The schema's write-only properties, by name. */
    List<String> writeOnlyProperties();

    /** A new operation on the contract tests' resource, with a new client request token. */
    HandlerRequest request(String action, ObjectNode desired);

    /** A full model as a template (or inputs/inputs_1_create.json) gives it; null name: generated. */
    ObjectNode model(String name, SignIn signIn);

    /** A name no resource of the run has. */
    String uniqueName();

    /** The primary identifier Create gives the resource of that name. */
    String identifierOf(String name);

    /** The type configuration (the account's defaults) for Read, List and Delete with the identifier alone. */
    ObjectNode typeConfiguration(SignIn signIn);

    /** List's model: the scope whose resources it lists. */
    ObjectNode listScope();

    /** The model with a property that Update changes in place set to another value. */
    ObjectNode changedInPlace(ObjectNode model);

    /** The model with a create-only property changed, which Update refuses (NotUpdatable). */
    ObjectNode changedCreateOnly(ObjectNode model);

    /** The model with what lets Delete remove the resource with everything in it, for cleaning up. */
    ObjectNode withAutoDelete(ObjectNode model);

    /** The type's inputs/inputs_1_invalid.json, pointed at the local cloud and its app, still invalid. */
    ObjectNode invalidInput(SignIn signIn) throws IOException;

    /** Whether the resource of that name exists in Azure, asked independently of the handler. */
    boolean existsInAzure(LocalCloud cloud, String name);

    /** What Cloud Control API, drift detection and import send: the primary identifier alone. */
    default ObjectNode identifier(final String identifier) {
        return ContainerModels.JSON.createObjectNode().put(identifierProperty(), identifier);
    }
}
