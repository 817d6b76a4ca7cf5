package io.cfnazure.blobstorage.account;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.handlers.CreateHandler;
import io.cfnazure.blobstorage.account.handlers.DeleteHandler;
import io.cfnazure.blobstorage.account.handlers.Invocation;
import io.cfnazure.blobstorage.account.handlers.ListHandler;
import io.cfnazure.blobstorage.account.handlers.ReadHandler;
import io.cfnazure.blobstorage.account.handlers.UpdateHandler;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ResourceType;
import java.util.Map;
import software.amazon.cloudformation.Action;

/** What both entry points serve: the account type's schema, model types, tags, Invocation and handler per action. */
final class ResourceHandlers {

    static final ResourceType<ResourceModel, CallbackContext, TypeConfigurationModel, Invocation> ACCOUNT =
        new ResourceType<>(AccountSchema.TYPE, new TypeReference<>() { }, new TypeReference<>() { },
            new TypeReference<>() { }, ResourceModel::getTags,
            Invocation::new, Map.of(Action.CREATE, new CreateHandler(), Action.READ, new ReadHandler(), Action.UPDATE,
                new UpdateHandler(), Action.DELETE, new DeleteHandler(), Action.LIST, new ListHandler()));

    private ResourceHandlers() {
    }
}
