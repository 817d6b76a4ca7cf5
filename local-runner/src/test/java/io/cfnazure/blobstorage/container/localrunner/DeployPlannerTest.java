package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Change;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Kind;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeployPlannerTest {

    private final DeployPlanner planner = new DeployPlanner(ResourceTypes.load());

    @Test
    void newResourcesAreCreatedAndUnchangedOnesLeftAlone() {
        final ObjectNode properties = properties("acct01", null, "dr");

        assertThat(planner.decide(properties, null).kind()).isEqualTo(Kind.CREATE);
        assertThat(planner.decide(properties, deployed(properties.deepCopy())).kind()).isEqualTo(Kind.NO_CHANGE);
    }

    @Test
    void updatablePropertiesUpdateInPlace() {
        assertThat(planner.decide(properties("acct01", null, "new"), deployed(properties("acct01", null, "old"))).kind())
            .isEqualTo(Kind.UPDATE);
    }

    @Test
    void createOnlyChangesReplace() {
        final Change change = planner.decide(properties("acct02", null, "dr"), deployed(properties("acct01", null, "dr")));

        assertThat(change).isEqualTo(new Change(Kind.REPLACE, Set.of("StorageAccountName")));
    }

    @Test
    void aRenameIsAReplacement() {
        assertThat(planner.decide(properties("acct01", "new-name", "dr"),
            deployed(properties("acct01", "old-name", "dr"))).kind()).isEqualTo(Kind.REPLACE);
    }

    @Test
    void aCustomNamedResourceCannotBeReplacedUnderItsName() {
        final ObjectNode desired = properties("acct01", "backups", "dr").put("DenyEncryptionScopeOverride", true);

        assertThat(planner.decide(desired, deployed(properties("acct01", "backups", "dr"))))
            .isEqualTo(new Change(Kind.REPLACE_CUSTOM_NAMED, Set.of("DenyEncryptionScopeOverride")));
    }

    @Test
    void eachTypeIsPlannedByItsOwnSchema() {
        final ObjectNode account = Json.object().put("SubscriptionId", "s").put("ResourceGroupName", "rg")
            .put("Location", "germanywestcentral");
        final DeployedResource deployed = new DeployedResource(ResourceTypes.ACCOUNT,
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a1", account,
            Json.object(), Set.of(), RemovalPolicies.DEFAULT);

        assertThat(planner.decide(account.deepCopy().put("Location", "westeurope"), deployed))
            .as("Location is create-only for an account").isEqualTo(new Change(Kind.REPLACE, Set.of("Location")));
        assertThat(planner.decide(account.deepCopy().put("Location", "westeurope").put("AccountName", "a1"),
            new DeployedResource(ResourceTypes.ACCOUNT, deployed.physicalId(), account.deepCopy().put("AccountName",
                "a1"), Json.object(), Set.of(), RemovalPolicies.DEFAULT)).kind())
            .as("AccountName names an account").isEqualTo(Kind.REPLACE_CUSTOM_NAMED);
        assertThat(planner.decide(account.deepCopy().put("AccessTier", "Cool"), deployed).kind())
            .isEqualTo(Kind.UPDATE);
    }

    private static ObjectNode properties(final String account, final String name, final String purpose) {
        final ObjectNode properties = Json.object().put("StorageAccountName", account);
        if (name != null) {
            properties.put("ContainerName", name);
        }
        properties.putObject("Metadata").put("purpose", purpose);
        return properties;
    }

    private static DeployedResource deployed(final ObjectNode properties) {
        return new DeployedResource("Azure::BlobStorage::Container", "https://acct01.blob.core.windows.net/x",
            properties, Json.object(), Set.of(), RemovalPolicies.DEFAULT);
    }
}
