package io.cfnazure.blobstorage.account.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Validator;

/** The schema is valid against CloudFormation's provider meta-schema and says what the code assumes. */
class ResourceSchemaTest {

    private static ResourceTypeSchema loaded() throws IOException {
        return ResourceTypeSchema.load(io.cfnazure.blobstorage.container.model.ResourceSchemaTest.schema());
    }

    @Test
    void theSchemaIsAValidResourceProviderDefinitionOfThisType() throws IOException {
        new Validator().loadResourceDefinitionSchema(io.cfnazure.blobstorage.container.model.ResourceSchemaTest.schema());
        assertThat(loaded().getTypeName()).isEqualTo(ResourceModel.TYPE_NAME);
        assertThat(loaded().getPrimaryIdentifierAsStrings()).containsExactly("/properties/Id");
    }

    @Test
    void everyHandlerNeedsOnlyWhatSigningInNeedsOnTheAwsSide() throws IOException {
        for (final String handler : new String[] {"create", "read", "update", "delete", "list"}) {
            assertThat(loaded().getHandlerPermissions(handler)).as(handler)
                .containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "kms:Decrypt", "sts:GetWebIdentityToken");
        }
    }

    @Test
    void theCallbackContextStaysPlainValuesThatCloudFormationStoresAsJson() {
        for (final var field : CallbackContext.class.getDeclaredFields()) {
            assertThat(field.getType()).as(field.getName()).isIn(Long.class, Integer.class, Boolean.class, String.class);
        }
    }
}
