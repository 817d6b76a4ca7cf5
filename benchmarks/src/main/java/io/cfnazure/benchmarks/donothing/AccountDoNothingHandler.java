package io.cfnazure.benchmarks.donothing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.account.AccountSchema;
import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import software.amazon.cloudformation.proxy.HandlerRequest;

/** The do-nothing floor of Azure::BlobStorage::Account, packaged with the account type's Lambda jar. */
public class AccountDoNothingHandler
    extends DoNothingHandler<ResourceModel, CallbackContext, TypeConfigurationModel> {

    public AccountDoNothingHandler() {
        super(AccountSchema.TYPE);
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
