package io.cfnazure.blobstorage.account.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.container.model.ResourceSchemaTest;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/** The create-only rules Update enforces are the schema's. */
class HandlerSchemaDriftTest {

    /** Create-only properties that make up the Id, or choose the cloud: Update addresses the account by them. */
    private static final Set<String> IN_THE_ID_OR_THE_CLOUD = Set.of("SubscriptionId", "ResourceGroupName",
        "AccountName", "AzureCloud");

    @Test
    void updateRefusesExactlyTheSchemasCreateOnlyProperties() throws Exception {
        final Set<String> createOnly = ResourceTypeSchema.load(ResourceSchemaTest.schema())
            .getCreateOnlyPropertiesAsStrings().stream()
            .map(pointer -> pointer.substring("/properties/".length())).collect(Collectors.toSet());
        final Set<String> enforced = new HashSet<>(UpdateHandler.CREATE_ONLY.keySet());
        enforced.addAll(IN_THE_ID_OR_THE_CLOUD);

        assertThat(enforced).isEqualTo(createOnly);
    }
}
