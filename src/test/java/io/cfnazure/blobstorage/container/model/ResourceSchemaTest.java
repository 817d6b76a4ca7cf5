package io.cfnazure.blobstorage.container.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Validator;
import software.amazon.cloudformation.resource.exceptions.ValidationException;

/** The schema is valid against CloudFormation's provider meta-schema, the one shipped in the plugin's schema jar. */
public class ResourceSchemaTest {

    /**
     * The schema of the cfn project the tests run in (the working directory): the file cfn names after .rpdk-config's
     * typeName, so that the tests of this project's generated files serve the storage account type's project too.
     */
    public static final Path SCHEMA_FILE = schemaFileOf(Path.of(".rpdk-config"));

    public static JSONObject schema() throws IOException {
        return new JSONObject(Files.readString(SCHEMA_FILE));
    }

    private static Path schemaFileOf(final Path rpdkConfig) {
        try {
            return Path.of(new JSONObject(Files.readString(rpdkConfig)).getString("typeName")
                .replace("::", "-").toLowerCase(java.util.Locale.ROOT) + ".json");
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSchemaIsAValidResourceProviderDefinition() throws IOException {
        new Validator().loadResourceDefinitionSchema(schema());
        final ResourceTypeSchema loaded = ResourceTypeSchema.load(schema());
        assertThat(loaded.getTypeName()).isEqualTo(ResourceModel.TYPE_NAME);
        assertThat(loaded.getPrimaryIdentifierAsStrings()).containsExactly("/properties/ContainerUrl");
    }

    @Test
    void theMetaSchemaCheckWouldCatchABrokenSchema() throws IOException {
        final JSONObject broken = schema();
        broken.put("handlers", new JSONObject().put("create", new JSONObject().put("timeoutInMinutes", 1)));

        assertThatThrownBy(() -> new Validator().loadResourceDefinitionSchema(broken))
            .isInstanceOf(ValidationException.class);
    }

    @Test
    void everyHandlerNeedsOnlyTheSecretAndItsKeyOrAWebIdentityToken() throws IOException {
        final ResourceTypeSchema loaded = ResourceTypeSchema.load(schema());
        for (final String handler : new String[] {"create", "read", "update", "delete", "list"}) {
            assertThat(loaded.getHandlerPermissions(handler)).as(handler)
                .containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "kms:Decrypt", "sts:GetWebIdentityToken");
        }
    }
}
