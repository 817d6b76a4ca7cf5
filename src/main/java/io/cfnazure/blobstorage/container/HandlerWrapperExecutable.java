package io.cfnazure.blobstorage.container;

import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.blobstorage.container.handlers.Invocation;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
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
        return ResourceHandlers.CONTAINER;
    }
}
