package io.cfnazure.blobstorage.account;

import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.handlers.Invocation;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ResourceLambdaWrapper;
import io.cfnazure.cloudformation.ResourceType;

/**
 * The Lambda entry point CloudFormation calls ({@code handleRequest}) and the one {@code cfn test} calls
 * ({@code testEntrypoint}), see {@link ResourceLambdaWrapper}. Written by hand: the build does not need
 * {@code cfn generate}.
 */
public class HandlerWrapper extends ResourceLambdaWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    @Override
    protected ResourceType<ResourceModel, CallbackContext, TypeConfigurationModel, Invocation> resourceType() {
        return ResourceHandlers.ACCOUNT;
    }
}
