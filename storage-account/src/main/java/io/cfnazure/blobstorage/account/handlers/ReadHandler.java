package io.cfnazure.blobstorage.account.handlers;

import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import software.amazon.cloudformation.proxy.ProgressEvent;

/** Reads an account from its Id alone (drift detection, import, Cloud Control API) or from a full model. */
public class ReadHandler extends BaseHandlerStd {

    public ReadHandler() {
    }

    public ReadHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final AccountId id = Translator.idOf(invocation.model());
        final AzureCloud cloud = Translator.cloudOf(invocation.model(), invocation.typeConfiguration());
        return readBack(connect(invocation, id.subscriptionId(), cloud), id, cloud);
    }
}
