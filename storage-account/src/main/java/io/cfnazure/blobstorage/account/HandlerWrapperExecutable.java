package io.cfnazure.blobstorage.account;

import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.handlers.Invocation;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ResourceExecutableWrapper;
import io.cfnazure.cloudformation.ResourceType;
import java.io.IOException;

/**
 * The executable entry point ({@code .rpdk-config} executableEntrypoint) that {@code cfn test} uses when it runs the
 * handler as a process (see {@link ResourceExecutableWrapper}).
 */
public class HandlerWrapperExecutable
    extends ResourceExecutableWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    public static void main(final String[] args) throws IOException {
        run(args, new HandlerWrapperExecutable());
    }

    @Override
    protected ResourceType<ResourceModel, CallbackContext, TypeConfigurationModel, Invocation> resourceType() {
        return ResourceHandlers.ACCOUNT;
    }
}
