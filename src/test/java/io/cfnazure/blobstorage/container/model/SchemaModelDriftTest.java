package io.cfnazure.blobstorage.container.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.PublicAccessType;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.azure.ContainerView;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The Java model is kept by hand (the build does not need {@code cfn generate}); these tests fail as soon as it and
 * the schema disagree, in property names, types, or the read-only / write-only / create-only / required rules as the
 * code applies them.
 */
public class SchemaModelDriftTest {

    private static final ContainerAddress ADDRESS = new ContainerAddress("mystorage01", "backups", AzureCloud.DEFAULT);
    private static final AccountId ACCOUNT = new AccountId("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "dr-rg",
        "mystorage01");
    /** What Read returns only for a container managed through Azure Resource Manager (StorageAccountId). */
    private static final Set<String> MANAGEMENT_PLANE_ONLY = Set.of("StorageAccountId", "ImmutabilityPolicy",
        "LegalHoldTags", "VersionLevelImmutability");

    /** A model class's JSON properties and their JSON types, as {@link #schemaProperties} names them. */
    public static Map<String, String> javaProperties(final Class<?> type) {
        final Map<String, String> properties = new TreeMap<>();
        for (final Field field : type.getDeclaredFields()) {
            final JsonProperty json = field.getAnnotation(JsonProperty.class);
            if (json != null && !Modifier.isStatic(field.getModifiers())) {
                properties.put(json.value(), jsonType(field.getGenericType()));
            }
        }
        return properties;
    }

    private static String jsonType(final Type type) {
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class) {
            return "boolean";
        }
        if (type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type instanceof ParameterizedType map && map.getRawType() == Map.class) {
            return "object<" + jsonType(map.getActualTypeArguments()[1]) + ">";
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return "array<" + jsonType(list.getActualTypeArguments()[0]) + ">";
        }
        return "object:" + ((Class<?>) type).getSimpleName();
    }

    /** The properties of an object of the schema and their JSON types: {@code object:Name} for a nested object. */
    public static Map<String, String> schemaProperties(final JSONObject schema, final JSONObject properties) {
        final Map<String, String> result = new TreeMap<>();
        for (final String name : properties.keySet()) {
            result.put(name, schemaType(schema, properties.getJSONObject(name), name));
        }
        return result;
    }

    private static String schemaType(final JSONObject schema, final JSONObject property, final String name) {
        JSONObject resolved = property;
        if (property.has("$ref")) {
            final String ref = property.getString("$ref");
            resolved = schema.getJSONObject("definitions").getJSONObject(ref.substring(ref.lastIndexOf('/') + 1));
        }
        final String type = resolved.getString("type");
        if ("array".equals(type)) {
            return "array<" + resolved.getJSONObject("items").getString("type") + ">";
        }
        if (!"object".equals(type)) {
            return type;
        }
        if (resolved.has("patternProperties")) {
            final JSONObject patterns = resolved.getJSONObject("patternProperties");
            return "object<" + patterns.getJSONObject(patterns.keys().next()).getString("type") + ">";
        }
        return "object:" + name;
    }

    /** Property names of the {@code /properties/Name} pointers ResourceTypeSchema returns. */
    private static Set<String> names(final List<String> pointers) {
        return pointers.stream().map(pointer -> pointer.substring("/properties/".length())).collect(Collectors.toSet());
    }

    @Test
    void resourceModelHasExactlyTheSchemasPropertiesWithTheirTypes() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        assertThat(javaProperties(ResourceModel.class))
            .isEqualTo(schemaProperties(schema, schema.getJSONObject("properties")));
    }

    @Test
    void typeConfigurationModelHasExactlyTheSchemasTypeConfiguration() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        final JSONObject configuration = schema.getJSONObject("typeConfiguration").getJSONObject("properties");
        assertThat(javaProperties(TypeConfigurationModel.class)).isEqualTo(schemaProperties(schema, configuration));
        assertThat(javaProperties(AzureCredentials.class)).isEqualTo(
            schemaProperties(schema, configuration.getJSONObject("AzureCredentials").getJSONObject("properties")));
    }

    private static Set<String> returned(final ResourceModel read) {
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = new ObjectMapper().convertValue(read, Map.class);
        return json.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    }

    @Test
    void readThroughAzureResourceManagerReturnsEveryPropertyButTheWriteOnlyOnesAndLeavesNoneNull() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        final Set<String> returned = returned(Translator.fromView(ADDRESS, ACCOUNT, new ContainerView("backups",
            PublicAccessType.BLOB, Map.of(), "$account-encryption-key", false, new ContainerView.Protection(
                new ContainerView.RetentionPolicy(30, false, false, "\"e\"", 0), List.of("case2026"), false))));
        final ResourceTypeSchema definition = ResourceTypeSchema.load(schema);
        final Set<String> writeOnly = names(definition.getWriteOnlyPropertiesAsStrings());

        assertThat(returned).doesNotContainAnyElementsOf(writeOnly)
            .containsAll(names(definition.getReadOnlyPropertiesAsStrings()))
            .containsAll(names(definition.getPrimaryIdentifierAsStrings()));
        final Set<String> all = schema.getJSONObject("properties").keySet();
        assertThat(returned.size() + writeOnly.size()).as("every property is either read back or write-only")
            .isEqualTo(all.size());
    }

    @Test
    void readThroughTheBlobServiceLeavesOutOnlyWhatAzureResourceManagerAloneTells() throws IOException {
        final ResourceTypeSchema definition = ResourceTypeSchema.load(ResourceSchemaTest.schema());
        final Set<String> expected = new TreeSet<>(ResourceSchemaTest.schema().getJSONObject("properties").keySet());
        expected.removeAll(names(definition.getWriteOnlyPropertiesAsStrings()));
        expected.removeAll(MANAGEMENT_PLANE_ONLY);

        assertThat(returned(Translator.fromView(ADDRESS, null, new ContainerView("backups", PublicAccessType.BLOB,
            Map.of(), "$account-encryption-key", false, null)))).isEqualTo(expected);
    }

    @Test
    void defaultsInTheSchemaAreWhatReadReturnsForAzuresDefaults() throws IOException {
        final JSONObject properties = ResourceSchemaTest.schema().getJSONObject("properties");
        final ResourceModel read = Translator.fromView(ADDRESS, null,
            new ContainerView("backups", null, null, null, null, null));

        assertThat(read.getPublicAccess()).isEqualTo(properties.getJSONObject("PublicAccess").getString("default"));
        assertThat(read.getAzureCloud()).isEqualTo(properties.getJSONObject("AzureCloud").getString("default"));
        assertThat(read.getDefaultEncryptionScope())
            .isEqualTo(properties.getJSONObject("DefaultEncryptionScope").getString("default"));
        assertThat(read.getDenyEncryptionScopeOverride())
            .isEqualTo(properties.getJSONObject("DenyEncryptionScopeOverride").getBoolean("default"));
        assertThat(read.getMetadata()).isEmpty();
    }

    @Test
    void theEnumsOfTheSchemaAreTheOnesTheCodeKnows() throws IOException {
        final JSONObject schema = ResourceSchemaTest.schema();
        assertThat(schema.getJSONObject("definitions").getJSONObject("AzureCloud").getJSONArray("enum").toList())
            .containsExactly(java.util.Arrays.stream(AzureCloud.values()).map(AzureCloud::schemaName).toArray());
        for (final Object access : schema.getJSONObject("properties").getJSONObject("PublicAccess")
            .getJSONArray("enum")) {
            assertThat(Translator.publicAccess(Translator.publicAccessType((String) access))).isEqualTo(access);
        }
    }
}
