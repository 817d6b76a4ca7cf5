package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/** The create-only and required rules the handlers enforce are the schema's. */
class HandlerSchemaDriftTest extends HandlerTestSupport {

    private static JSONObject schema() throws Exception {
        return new JSONObject(Files.readString(Path.of("azure-blobstorage-container.json")));
    }

    @Test
    void updateRefusesExactlyTheSchemasCreateOnlyProperties() throws Exception {
        final Set<String> createOnly = ResourceTypeSchema.load(schema()).getCreateOnlyPropertiesAsStrings().stream()
            .map(pointer -> pointer.substring("/properties/".length())).collect(Collectors.toSet());
        assertThat(UpdateHandler.CREATE_ONLY.keySet()).isEqualTo(createOnly);
    }

    @Test
    void createRefusesAModelWithoutASchemaRequiredProperty() throws Exception {
        for (final Object required : schema().getJSONArray("required")) {
            final JSONObject full = new JSONObject(new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(fullModel().build()));
            full.remove((String) required);
            final ResourceModel model = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(full.toString(), ResourceModel.class);

            final ProgressEvent<ResourceModel, CallbackContext> event =
                new CreateHandler(dependencies).handleRequest(invocation(request(model), null, null));

            assertThat(event.getErrorCode()).as((String) required).isEqualTo(HandlerErrorCode.InvalidRequest);
            assertThat(event.getMessage()).contains((String) required);
        }
    }
}
