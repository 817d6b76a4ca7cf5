package io.cfnazure.benchmarks.donothing;

import io.cfnazure.cloudformation.TypeSchema;
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
 * The benchmark's floor: a handler on the same wrapper, with a type's own schema and model, that answers SUCCESS
 * without calling anything, in the shape the real handler answers each action (a model, a list of models for List,
 * none for Delete). So the wrapper does its whole share (request parsing, schema validation, the response's model
 * cleaned of write-only properties); what the real handler costs beyond this is its own work. The schema and its
 * write-only cleaning are the type's own ({@link TypeSchema}), loaded once as the real handler loads them: the
 * wrapper's default would load the schema again for every response, a cost no handler needs to pay.
 * <p>
 * One subclass per type names its model classes (the wrapper reads requests into them) and its schema; this class is
 * everything else, so that the types' floors differ in nothing but the type.
 *
 * @param <M> the type's resource model
 * @param <C> its callback context
 * @param <T> its type configuration model
 */
public abstract class DoNothingHandler<M, C, T> extends LambdaWrapper<M, C, T> {

    private final TypeSchema schema;

    protected DoNothingHandler(final TypeSchema schema) {
        this.schema = schema;
    }

    @Override
    public ProgressEvent<M, C> invokeHandler(final AmazonWebServicesClientProxy proxy,
                                             final ResourceHandlerRequest<M> request, final Action action,
                                             final C callbackContext, final T typeConfiguration) {
        return switch (action) {
            case DELETE -> ProgressEvent.<M, C>builder().status(OperationStatus.SUCCESS).build();
            case LIST -> ProgressEvent.<M, C>builder().status(OperationStatus.SUCCESS)
                .resourceModels(List.of()).build();
            default -> ProgressEvent.defaultSuccessHandler(request.getDesiredResourceState());
        };
    }

    @Override
    protected JSONObject provideResourceSchemaJSONObject() {
        return schema.json();
    }

    @Override
    protected M sanitizeModel(final M model) throws IOException {
        return schema.withoutWriteOnlyProperties(model, serializer, getModelTypeReference());
    }

    @Override
    protected Map<String, String> provideResourceDefinedTags(final M resourceModel) {
        return null;
    }

    @Override
    protected ResourceHandlerRequest<M> transform(final HandlerRequest<M, C, T> request) {
        return ResourceHandlerRequest.<M>builder()
            .clientRequestToken(request.getBearerToken())
            .desiredResourceState(request.getRequestData().getResourceProperties())
            .previousResourceState(request.getRequestData().getPreviousResourceProperties())
            .awsAccountId(request.getAwsAccountId())
            .region(request.getRegion())
            .stackId(getStackId(request))
            .build();
    }

}
