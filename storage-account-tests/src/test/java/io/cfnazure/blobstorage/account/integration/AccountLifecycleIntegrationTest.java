package io.cfnazure.blobstorage.account.integration;

import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.existsInAzure;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.id;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.idOf;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.identifier;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.model;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.request;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.models.ResourceGroups;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;
import com.azure.resourcemanager.storage.fluent.models.BlobContainerInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.fluent.models.LegalHoldInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.HandlerWrapper;
import io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud;
import io.cfnazure.blobstorage.account.testbed.AzureResourceManagerView;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The account type's whole life through the wrapper's real entry point against the local cloud's Azure Resource
 * Manager (Secrets Manager → client secret → Entra ID → ARM token → ARM → Azurite accounts), with Azure's state
 * checked independently ({@link AzureResourceManagerView}, the stand-in's account list, Azurite): Azure's asynchronous
 * create followed across invocations, the jurisdiction, a create called again after a lost answer, and what keeps an
 * account from deletion.
 */
@UsesLocalCloud
class AccountLifecycleIntegrationTest {

    /**
     * The Lambda function's timeout for these tests: the handler follows Azure's operation for what it leaves of that
     * (8 s kept back), so a held creation answers IN_PROGRESS after a few seconds instead of 52.
     */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(12);
    private static final String GROUP = LocalCloud.RESOURCE_GROUP;

    private LocalCloud cloud;
    private StorageManagementClient azure;
    private ResourceGroups groups;
    private final StringBuffer handlerLog = new StringBuffer();
    private CloudFormationDriver cfn;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
        final StorageManager manager = AzureResourceManagerView.storage(cloud);
        azure = manager.serviceClient();
        groups = manager.resourceManager().resourceGroups();
        cfn = driver(LocalCloud.REGION);
    }

    @AfterEach
    void deleteWhatTheTestMadeAndCheckTheLog() {
        for (final String account : created) {
            cfn.invoke(request("DELETE", identifier(account).put("AutoDeleteBlobs", true))
                .withTypeConfiguration(ContainerModels.typeConfiguration()));
        }
        assertThat(cfn.invocationTimes()).as("each invocation answered before the function timed out")
            .allSatisfy(time -> assertThat(time).isLessThan(FUNCTION_TIMEOUT));
        assertThat(handlerLog.toString()).doesNotContain(LocalCloud.CLIENT_SECRET,
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
    }

    private CloudFormationDriver driver(final String awsRegion) {
        return CloudFormationDriver.forType(AccountOnLocalCloud.SCHEMA, new HandlerWrapper()::handleRequest)
            .account(LocalCloud.AWS_ACCOUNT_ID, awsRegion, cloud::callerCredentials)
            .handlerLog(line -> handlerLog.append(line).append('\n'))
            .functionTimeout(FUNCTION_TIMEOUT)
            .build();
    }

    private static void assertStatus(final JsonNode event, final String status) {
        assertThat(event.path("status").asText()).as(event.toString()).isEqualTo(status);
    }

    private static void assertFailed(final JsonNode event, final String errorCode) {
        assertStatus(event, "FAILED");
        assertThat(event.path("errorCode").asText()).as(event.toString()).isEqualTo(errorCode);
    }

    /** Invokes once, and again with the answer's model and context while IN_PROGRESS, without waiting between. */
    private JsonNode invokeUntilDone(final HandlerRequest request) {
        JsonNode event = cfn.invokeOnce(request);
        for (int callback = 0; "IN_PROGRESS".equals(event.path("status").asText()) && callback < 10; callback++) {
            event = cfn.invokeOnce(request.withCallback(event.get("resourceModel"), event.get("callbackContext")));
        }
        return event;
    }

    @Test
    void createFollowsAzuresOperationAcrossCallbacksThenReadUpdateListAndDelete() {
        final String name = uniqueName();
        final ObjectNode desired = model(name, SignIn.CLIENT_SECRET);
        final HandlerRequest create = request("CREATE", desired);
        cloud.resourceManager().holdInCreating(name);
        try {
            final JsonNode sent = cfn.invokeOnce(create);
            assertStatus(sent, "IN_PROGRESS");
            created.add(id(name));
            assertThat(idOf(sent)).as("the Id, fixed before the create request left").isEqualTo(id(name));
            assertThat(sent.path("callbackDelaySeconds").asInt()).isBetween(1, 60);
            assertThat(sent.path("callbackContext").path("createRequested").asBoolean()).isTrue();
            assertThat(azure.getStorageAccounts().getByResourceGroup(GROUP, name).provisioningState())
                .hasToString("Creating");

            final JsonNode stillCreating = cfn.invokeOnce(create.withCallback(sent.get("resourceModel"),
                sent.get("callbackContext")));
            assertStatus(stillCreating, "IN_PROGRESS");
            assertThat(stillCreating.path("message").asText()).contains("Creating");

            cloud.resourceManager().releaseFromCreating(name);
            final JsonNode done = cfn.invokeOnce(create.withCallback(stillCreating.get("resourceModel"),
                stillCreating.get("callbackContext")));
            assertStatus(done, "SUCCESS");
            assertThat(done.path("resourceModel").path("Location").asText()).isEqualTo("germanywestcentral");
            assertThat(done.path("resourceModel").path("BlobEndpoint").asText())
                .isEqualTo(cloud.azurite().blobEndpoint(name) + "/");
        } finally {
            cloud.resourceManager().releaseFromCreating(name);
        }
        final StorageAccountInner account = azure.getStorageAccounts().getByResourceGroup(GROUP, name);
        assertThat(account.provisioningState()).hasToString("Succeeded");
        assertThat(account.sku().name()).hasToString("Standard_LRS");
        assertThat(account.minimumTlsVersion()).hasToString("TLS1_2");
        assertThat(account.allowBlobPublicAccess()).isFalse();
        assertThat(account.allowSharedKeyAccess()).isFalse();
        assertThat(account.enableHttpsTrafficOnly()).isTrue();
        assertThat(account.tags()).containsEntry("purpose", "cfn-contract-test").containsKey("cfn-client-request-token")
            .doesNotContainValue(create.clientRequestToken());
        assertThat(azure.getBlobServices().getServiceProperties(GROUP, name).isVersioningEnabled()).isTrue();
        assertThat(cloud.blobServiceClient(name).getProperties()).as("the account in the data plane").isNotNull();

        final JsonNode read = cfn.invoke(request("READ", identifier(id(name)))
            .withTypeConfiguration(ContainerModels.typeConfiguration()));
        assertStatus(read, "SUCCESS");
        assertThat(read.path("resourceModel").path("Tags").has("cfn-client-request-token")).isFalse();
        assertThat(read.path("resourceModel").path("BlobSoftDeleteRetentionDays").asInt()).isEqualTo(7);

        final ObjectNode after = AccountOnLocalCloud.updated(model(name, SignIn.CLIENT_SECRET));
        assertStatus(cfn.invoke(request("UPDATE", after).withPrevious(desired)), "SUCCESS");
        final StorageAccountInner updated = azure.getStorageAccounts().getByResourceGroup(GROUP, name);
        assertThat(updated.sku().name()).hasToString("Standard_GRS");
        assertThat(updated.secondaryLocation()).as("Germany West Central's pair").isEqualTo("germanynorth");
        assertThat(updated.tags()).containsEntry("owner", "storage-team").containsKey("cfn-client-request-token");
        assertThat(azure.getBlobServices().getServiceProperties(GROUP, name).deleteRetentionPolicy().days())
            .isEqualTo(14);

        final JsonNode list = cfn.invoke(request("LIST", AccountOnLocalCloud.listScope())
            .withTypeConfiguration(ContainerModels.typeConfiguration()));
        assertStatus(list, "SUCCESS");
        final List<String> listed = new ArrayList<>();
        list.path("resourceModels").forEach(listedModel -> listed.add(listedModel.path("Id").asText()));
        assertThat(listed).contains(id(name), id(LocalCloud.STORAGE_ACCOUNT));

        assertStatus(cfn.invoke(request("DELETE", after.deepCopy().put("Id", id(name)))), "SUCCESS");
        created.remove(id(name));
        assertThat(existsInAzure(cloud, id(name))).isFalse();
        assertFailed(cfn.invoke(request("READ", identifier(id(name)))
            .withTypeConfiguration(ContainerModels.typeConfiguration())), "NotFound");
    }

    /** No Location: the Azure region in the stack's country, from the type's table. */
    @Test
    void withoutALocationAStackInFrankfurtGetsAnAccountInGermany() {
        final String name = uniqueName();
        final ObjectNode desired = model(name, SignIn.CLIENT_SECRET);
        desired.remove(List.of("Location", "Jurisdiction"));
        desired.put("Sku", "Standard_GRS");

        final JsonNode done = driver("eu-central-1").invoke(HandlerRequest.of("CREATE",
            AccountOnLocalCloud.stackId("eu-central-1"), AccountOnLocalCloud.LOGICAL_ID, desired));

        assertStatus(done, "SUCCESS");
        created.add(id(name));
        assertThat(done.path("resourceModel").path("Location").asText()).isEqualTo("germanywestcentral");
        final StorageAccountInner account = azure.getStorageAccounts().getByResourceGroup(GROUP, name);
        assertThat(account.location()).isEqualTo("germanywestcentral");
        assertThat(account.secondaryLocation()).as("the geo-redundant copy stays in Germany").isEqualTo("germanynorth");
    }

    /** A pair across a border is refused before any request reaches Azure: nothing is created. */
    @Test
    void aGeoRedundantSkuWhosePairCrossesTheJurisdictionIsRefusedAndNothingIsCreated() {
        final int armCallsBefore = cloud.resourceManager().calls().size();
        final List<String> accountsBefore = cloud.resourceManager().storageAccountIds();
        for (final String[] placement : List.of(new String[] {"brazilsouth", "BR", "southcentralus"},
            new String[] {"eastasia", "HK", "southeastasia"}, new String[] {"northeurope", "IE", "westeurope"})) {
            final ObjectNode desired = model(uniqueName(), SignIn.CLIENT_SECRET)
                .put("Location", placement[0]).put("Jurisdiction", placement[1]).put("Sku", "Standard_RAGRS");

            final JsonNode refused = cfn.invoke(request("CREATE", desired));

            assertFailed(refused, "InvalidRequest");
            assertThat(refused.path("message").asText()).contains(placement[2], placement[1]);
        }
        assertThat(cloud.resourceManager().calls()).as("requests Azure Resource Manager received")
            .hasSize(armCallsBefore);
        assertThat(cloud.resourceManager().storageAccountIds()).isEqualTo(accountsBefore);
    }

    /**
     * CloudFormation sends the same request again when a Create's answer was lost: the handler finds the account its
     * first invocation asked for (tagged with the request's token), follows it to the end, and creates no second
     * one; another request for the same name does not take it over.
     */
    @Test
    void aCreateSentAgainAfterALostAnswerRecognisesItsOwnAccount() {
        for (final String name : new String[] {uniqueName(), null}) {
            final List<String> before = cloud.resourceManager().storageAccountIds();
            final HandlerRequest create = request("CREATE", model(name, SignIn.CLIENT_SECRET));
            final String expected = name == null ? null : id(name);
            final String held = name == null ? null : name;
            if (held != null) {
                cloud.resourceManager().holdInCreating(held);
            }
            final JsonNode lost = cfn.invokeOnce(create);
            final String accountId = idOf(lost);
            created.add(accountId);
            if (expected != null) {
                assertStatus(lost, "IN_PROGRESS");
                assertThat(accountId).isEqualTo(expected);
                cloud.resourceManager().releaseFromCreating(held);
            }

            final JsonNode again = invokeUntilDone(create);

            assertStatus(again, "SUCCESS");
            assertThat(idOf(again)).isEqualTo(accountId);
            final Set<String> added = cloud.resourceManager().storageAccountIds().stream()
                .filter(account -> !before.contains(account)).collect(Collectors.toSet());
            assertThat(added).as("accounts that appeared in Azure").containsExactly(accountId);

            final String accountName = again.path("resourceModel").path("AccountName").asText();
            final JsonNode other = cfn.invoke(request("CREATE", model(accountName, SignIn.CLIENT_SECRET)));
            assertFailed(other, "AlreadyExists");
            assertThat(other.path("message").asText()).contains(accountName);
        }
    }

    /**
     * CreateResourceGroup: the group Create made goes with the account, when Azure's list of its resources shows
     * nothing else; a group that holds another resource by then stays.
     */
    @Test
    void aResourceGroupMadeForTheAccountIsDeletedWithItUnlessItHoldsMore() {
        for (final boolean holdsMore : new boolean[] {false, true}) {
            final String name = uniqueName();
            final String group = "made-for-" + name;
            final ObjectNode desired = model(name, SignIn.CLIENT_SECRET).put("ResourceGroupName", group)
                .put("CreateResourceGroup", true);
            final JsonNode done = cfn.invoke(request("CREATE", desired));
            assertStatus(done, "SUCCESS");
            assertThat(groups.getByName(group).tags()).containsEntry("cfn-created-for-account", name);
            if (holdsMore) {
                cloud.resourceManager().addResource(LocalCloud.SUBSCRIPTION_ID, group,
                    "Microsoft.Network/virtualNetworks", "dr-network");
            }

            final JsonNode deleted = cfn.invoke(request("DELETE", desired.deepCopy().put("Id", idOf(done))));

            assertStatus(deleted, "SUCCESS");
            assertThat(existsInAzure(cloud, idOf(done))).isFalse();
            assertThat(groups.contain(group)).as("the group made for the account, holding more: %s", holdsMore)
                .isEqualTo(holdsMore);
            if (holdsMore) {
                groups.deleteByName(group);
            }
        }
    }

    @Test
    void anAccountHoldingContainersIsKeptUnlessAutoDeleteBlobsIsSet() {
        final String name = uniqueName();
        assertStatus(cfn.invoke(request("CREATE", model(name, SignIn.CLIENT_SECRET))), "SUCCESS");
        created.add(id(name));
        cloud.blobServiceClient(name).createBlobContainer("copies")
            .getBlobClient("2026/report.pdf").upload(BinaryData.fromString("a copy"));

        final JsonNode kept = cfn.invoke(request("DELETE", identifier(id(name)))
            .withTypeConfiguration(ContainerModels.typeConfiguration()));

        assertFailed(kept, "ResourceConflict");
        assertThat(kept.path("message").asText()).contains("'" + name + "'", "copies", "AutoDeleteBlobs: true");
        assertThat(existsInAzure(cloud, id(name))).isTrue();
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("copies").getBlobClient("2026/report.pdf")
            .exists()).isTrue();

        assertStatus(cfn.invoke(request("DELETE", identifier(id(name)).put("AutoDeleteBlobs", true))
            .withTypeConfiguration(ContainerModels.typeConfiguration())), "SUCCESS");
        created.remove(id(name));
        assertThat(existsInAzure(cloud, id(name))).isFalse();
    }

    /** Even with AutoDeleteBlobs, a legal hold or a locked policy keeps the account, and the failure says which. */
    @Test
    void aLegalHoldOrALockedRetentionPolicyKeepsTheAccountAndIsNamed() {
        final String name = uniqueName();
        assertStatus(cfn.invoke(request("CREATE", model(name, SignIn.CLIENT_SECRET))), "SUCCESS");
        created.add(id(name));
        azure.getBlobContainers().create(GROUP, name, "held", new BlobContainerInner());
        azure.getBlobContainers().setLegalHold(GROUP, name, "held", new LegalHoldInner().withTags(List.of("case42")));
        azure.getBlobContainers().create(GROUP, name, "locked", new BlobContainerInner());
        final String policy = azure.getBlobContainers().createOrUpdateImmutabilityPolicyWithResponse(GROUP, name,
            "locked", null, new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(30),
            Context.NONE).getValue().etag();
        azure.getBlobContainers().lockImmutabilityPolicy(GROUP, name, "locked", policy);
        cloud.blobServiceClient(name).getBlobContainerClient("locked").getBlobClient("copy.bin")
            .upload(BinaryData.fromString("protected"));
        final ObjectNode delete = identifier(id(name)).put("AutoDeleteBlobs", true);

        final JsonNode bothKeep = cfn.invoke(request("DELETE", delete)
            .withTypeConfiguration(ContainerModels.typeConfiguration()));

        assertFailed(bothKeep, "ResourceConflict");
        assertThat(bothKeep.path("message").asText()).contains("'held' is under a legal hold")
            .contains("'locked'", "locked").contains("nothing was deleted");
        assertThat(existsInAzure(cloud, id(name))).isTrue();

        azure.getBlobContainers().clearLegalHold(GROUP, name, "held", new LegalHoldInner().withTags(List.of("case42")));
        final JsonNode lockedKeeps = cfn.invoke(request("DELETE", delete)
            .withTypeConfiguration(ContainerModels.typeConfiguration()));

        assertFailed(lockedKeeps, "ResourceConflict");
        assertThat(lockedKeeps.path("message").asText()).contains("'locked'").doesNotContain("'held'")
            .containsIgnoringCase("locked").containsIgnoringCase("retention");
        assertThat(existsInAzure(cloud, id(name))).isTrue();
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("locked").getBlobClient("copy.bin").exists())
            .isTrue();
        // The locked policy outlives the test: the account stays in the local cloud, as it would in Azure.
        created.remove(id(name));
    }
}
