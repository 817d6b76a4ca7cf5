package io.cfnazure.benchmarks.donothing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.container.TypeSchema;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.LambdaWrapper;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerRequest;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * The benchmark's floor: a handler on the same wrapper, with the type's own schema and model, that answers SUCCESS
 * without calling anything, in the shape the real handler answers each action (a model, a list of models for List,
 * none for Delete). So the wrapper does its whole share (request parsing, schema validation, the response's model
 * cleaned of write-only properties); what the real handler costs beyond this is its own work. The schema and its
 * write-only cleaning are the provider's own ({@link TypeSchema}), loaded once as the real handler loads them: the
 * wrapper's default would load the schema again for every response, a cost no handler needs to pay.
 */
public class DoNothingHandler extends LambdaWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    @Override
    public ProgressEvent<ResourceModel, CallbackContext> invokeHandler(
        final AmazonWebServicesClientProxy proxy, final ResourceHandlerRequest<ResourceModel> request,
        final Action action, final CallbackContext callbackContext, final TypeConfigurationModel typeConfiguration) {
        return switch (action) {
            case DELETE -> ProgressEvent.<ResourceModel, CallbackContext>builder().status(OperationStatus.SUCCESS).build();
            case LIST -> ProgressEvent.<ResourceModel, CallbackContext>builder().status(OperationStatus.SUCCESS)
                .resourceModels(List.of()).build();
            default -> ProgressEvent.defaultSuccessHandler(request.getDesiredResourceState());
        };
    }

    @Override
    protected JSONObject provideResourceSchemaJSONObject() {
        return TypeSchema.json();
    }

    @Override
    protected ResourceModel sanitizeModel(final ResourceModel model) throws IOException {
        return TypeSchema.withoutWriteOnlyProperties(model, serializer, getModelTypeReference());
    }

    @Override
    protected Map<String, String> provideResourceDefinedTags(final ResourceModel resourceModel) {
        return null;
    }

    @Override
    protected ResourceHandlerRequest<ResourceModel> transform(
        final HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel> request) {
        return ResourceHandlerRequest.<ResourceModel>builder()
            .clientRequestToken(request.getBearerToken())
            .desiredResourceState(request.getRequestData().getResourceProperties())
            .previousResourceState(request.getRequestData().getPreviousResourceProperties())
            .awsAccountId(request.getAwsAccountId())
            .region(request.getRegion())
            .stackId(getStackId(request))
            .build();
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
