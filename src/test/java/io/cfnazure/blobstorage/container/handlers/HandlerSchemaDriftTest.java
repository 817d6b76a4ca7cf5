package io.cfnazure.blobstorage.container.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void createRefusesAModelThatHasNoneOfTheSchemasAlternativeRequiredProperties() throws Exception {
        // The schema requires one of several properties (anyOf): a model with none of them is refused, naming each.
        final List<String> alternatives = new ArrayList<>();
        for (final Object branch : schema().getJSONArray("anyOf")) {
            ((JSONObject) branch).getJSONArray("required").forEach(name -> alternatives.add((String) name));
        }
        final JSONObject full = new JSONObject(new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(fullModel().build()));
        alternatives.forEach(full::remove);
        final ResourceModel model = new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(full.toString(), ResourceModel.class);

        final ProgressEvent<ResourceModel, CallbackContext> event =
            new CreateHandler(dependencies).handleRequest(invocation(request(model), null, null));

        assertThat(alternatives).containsExactly("StorageAccountName", "StorageAccountId");
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains(alternatives);
    }
}
