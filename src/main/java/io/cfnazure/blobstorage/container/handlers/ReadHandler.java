package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import software.amazon.cloudformation.proxy.ProgressEvent;

/** Reads a container from its URL alone (drift detection, import, Cloud Control API) or from a full model. */
public class ReadHandler extends BaseHandlerStd {

    public ReadHandler() {
    }

    public ReadHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ContainerAddress address = Translator.addressOf(invocation.model(), invocation.typeConfiguration());
        return readBack(connect(invocation, address.accountName(), address.cloud()), address);
    }
}
