package io.cfnazure.benchmarks.donothing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.container.ContainerSchema;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import software.amazon.cloudformation.proxy.HandlerRequest;

/** The do-nothing floor of Azure::BlobStorage::Container, packaged with the container type's Lambda jar. */
public class ContainerDoNothingHandler
    extends DoNothingHandler<ResourceModel, CallbackContext, TypeConfigurationModel> {

    public ContainerDoNothingHandler() {
        super(ContainerSchema.TYPE);
    }

    @Override
    protected TypeReference<HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel>> getTypeReference() {
        return new TypeReference<>() { };
    }

    @Override
    protected TypeReference<ResourceModel> getModelTypeReference() {
        return new TypeReference<>() { };
    }
}
