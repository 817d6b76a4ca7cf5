package io.cfnazure.blobstorage.container;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.blobstorage.container.handlers.CreateHandler;
import io.cfnazure.blobstorage.container.handlers.DeleteHandler;
import io.cfnazure.blobstorage.container.handlers.Invocation;
import io.cfnazure.blobstorage.container.handlers.ListHandler;
import io.cfnazure.blobstorage.container.handlers.ReadHandler;
import io.cfnazure.blobstorage.container.handlers.UpdateHandler;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ResourceType;
import java.util.Map;
import software.amazon.cloudformation.Action;

/** What both entry points serve: the container type's schema, model types, Invocation and handler per action. */
final class ResourceHandlers {

    static final ResourceType<ResourceModel, CallbackContext, TypeConfigurationModel, Invocation> CONTAINER =
        new ResourceType<>(ContainerSchema.TYPE, new TypeReference<>() { }, new TypeReference<>() { },
            new TypeReference<>() { }, model -> null, // the type is not taggable
            Invocation::new, Map.of(Action.CREATE, new CreateHandler(), Action.READ, new ReadHandler(), Action.UPDATE,
                new UpdateHandler(), Action.DELETE, new DeleteHandler(), Action.LIST, new ListHandler()));

    private ResourceHandlers() {
    }
}
