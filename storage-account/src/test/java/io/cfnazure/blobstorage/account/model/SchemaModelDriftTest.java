package io.cfnazure.blobstorage.account.model;

import static io.cfnazure.blobstorage.container.model.SchemaModelDriftTest.javaProperties;
import static io.cfnazure.blobstorage.container.model.SchemaModelDriftTest.schemaProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceSchemaTest;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The Java model is kept by hand; these tests fail as soon as it and the schema disagree, in property names, types,
 * the read-only and write-only rules as Read applies them, and the defaults.
 */
class SchemaModelDriftTest {

    private static final AccountId ID = new AccountId(ArmHttpEdge.SUBSCRIPTION, "dr-rg", "drcopies01");

    private static ResourceModel read(final Map<String, String> tags) throws IOException {
        final var serializer = SerializerFactory.createDefaultManagementSerializerAdapter();
        final StorageAccountInner account = serializer.deserialize(ArmHttpEdge.account("dr-rg", "drcopies01",
            "germanywestcentral", "Succeeded", "Standard_LRS", tags), StorageAccountInner.class, SerializerEncoding.JSON);
        final BlobServicePropertiesInner blobService = serializer.deserialize(ArmHttpEdge.blobService("dr-rg",
            "drcopies01", true, 7, 7), BlobServicePropertiesInner.class, SerializerEncoding.JSON);
        return Translator.fromAccount(ID, AzureCloud.DEFAULT, account, blobService);
    }

    private static Set<String> names(final java.util.List<String> pointers) {
        return pointers.stream().map(pointer -> pointer.substring("/properties/".length())).collect(Collectors.toSet());
    }

    @Test
    void resourceModelHasExactlyTheSchemasPropertiesWithTheirTypes() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        final JSONObject properties = schema.getJSONObject("properties");
        assertThat(javaProperties(ResourceModel.class)).isEqualTo(schemaProperties(schema, properties));
        assertThat(javaProperties(NetworkRules.class)).isEqualTo(
            schemaProperties(schema, properties.getJSONObject("NetworkRules").getJSONObject("properties")));
    }

    @Test
    void typeConfigurationModelHasExactlyTheSchemasTypeConfiguration() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        final JSONObject configuration = schema.getJSONObject("typeConfiguration").getJSONObject("properties");
        assertThat(javaProperties(TypeConfigurationModel.class)).isEqualTo(schemaProperties(schema, configuration));
        assertThat(javaProperties(AzureCredentials.class)).isEqualTo(
            schemaProperties(schema, configuration.getJSONObject("AzureCredentials").getJSONObject("properties")));
    }

    @Test
    void readReturnsEveryPropertyButTheWriteOnlyOnes() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = new ObjectMapper().convertValue(read(Map.of()), Map.class);
        final Set<String> returned = json.entrySet().stream().filter(e -> e.getValue() != null)
            .map(Map.Entry::getKey).collect(Collectors.toSet());
        final ResourceTypeSchema definition = ResourceTypeSchema.load(schema);
        final Set<String> writeOnly = names(definition.getWriteOnlyPropertiesAsStrings());

        assertThat(returned).doesNotContainAnyElementsOf(writeOnly)
            .containsAll(names(definition.getReadOnlyPropertiesAsStrings()))
            .containsAll(names(definition.getPrimaryIdentifierAsStrings()));
        assertThat(returned.size() + writeOnly.size()).as("every property is either read back or write-only")
            .isEqualTo(schema.getJSONObject("properties").keySet().size());
    }

    @Test
    void theSchemasDefaultsAreWhatTheTypeAsksAzureForAndWhatReadReturnsOfThem() throws IOException {
        final JSONObject properties = ResourceSchemaTest.schema().getJSONObject("properties");
        final ResourceModel defaults = Translator.withDefaults(new ResourceModel());
        final Map<String, Object> asked = new ObjectMapper().convertValue(defaults, Map.class);
        final Map<String, Object> read = new ObjectMapper().convertValue(read(Map.of()), Map.class);

        for (final String name : properties.keySet()) {
            final JSONObject property = properties.getJSONObject(name);
            if (property.has("default") && !property.has("$ref") && asked.containsKey(name)
                && !Set.of("CreateResourceGroup", "AutoDeleteBlobs").contains(name)) {
                assertThat(asked.get(name)).as("the default of %s", name).isEqualTo(property.get("default"));
                assertThat(read.get(name)).as("%s read from an account made with the defaults", name)
                    .isEqualTo(property.get("default"));
            }
        }
        assertThat(read.get("AccessTier")).isEqualTo("Hot");
    }
}
