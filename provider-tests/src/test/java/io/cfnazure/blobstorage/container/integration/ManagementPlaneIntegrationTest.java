package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.managedModel;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ArmAccounts;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management-plane mode (StorageAccountId) through the wrapper's entry point, against the local cloud's Azure
 * Resource Manager stand-in and Azurite behind it: a container of an account whose public network access is disabled,
 * retention policies created, changed, locked and extended as Azure allows, and deletions Azure refuses.
 * <p>
 * Azurite admits every request, so the account's firewall is played by a proxy in front of it that answers each blob
 * service request for that account as Azure answers one from a network the account does not admit (403
 * AuthorizationFailure). Azure Resource Manager is not behind it: the stand-in reaches Azurite directly, as ARM
 * reaches the storage service inside Azure. The class signs in as an app of its own, a Contributor of the
 * subscription: the blob service clients the handler builds for it while the proxy is the endpoint are cached for
 * that app, and no other test class uses them after the proxy is gone.
 */
@UsesLocalCloud
class ManagementPlaneIntegrationTest {

    private static final SignIn SIGN_IN = SignIn.CLIENT_SECRET;
    private static final String BLOB_ENDPOINT = "cfnazure.test.blobEndpoint";

    private static LocalCloud cloud;
    private static AzureFaultProxy firewall;
    private static String directEndpoint;
    private static String lockedAccount;
    private static String lockedAccountId;
    /** AzureTenantId, AzureClientId and the secret's name of the class's own app. */
    private static ObjectNode app;
    private CloudFormationDriver cfn;

    @BeforeAll
    static void anAccountWithPublicNetworkAccessDisabled(final LocalCloud localCloud) {
        cloud = localCloud;
        app = SIGN_IN.applyToNewApp(cloud, JSON.createObjectNode());
        cloud.resourceManager().assignRole(app.path("AzureClientId").asText(),
            AzureResourceManagerStandIn.Role.CONTRIBUTOR, "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID);
        lockedAccount = ArmAccounts.uniqueName("cfnlocked");
        lockedAccountId = ArmAccounts.create(cloud, lockedAccount, false, false);
        firewall = AzureFaultProxy.start(cloud.azurite());
        firewall.faults().answer(request -> request.path().equals("/" + lockedAccount)
                || request.path().startsWith("/" + lockedAccount + "/"), -1,
            AzureFaultProxy.azureError(403, "AuthorizationFailure",
                "This request is not authorized to perform this operation."));
        directEndpoint = System.getProperty(BLOB_ENDPOINT);
        // New blob service clients of the handler (one per account and app) go through the firewall from now on.
        System.setProperty(BLOB_ENDPOINT, firewall.blobEndpointTemplate());
    }

    @AfterAll
    static void restoreTheDirectEndpoint() {
        System.setProperty(BLOB_ENDPOINT, directEndpoint);
        firewall.close();
    }

    @BeforeEach
    void setUp() {
        cfn = cloudFormation(cloud, new StringBuffer());
    }

    /** A model of the management plane, signed in as the class's app. */
    private static ObjectNode managed(final String name, final String accountId) {
        return (ObjectNode) managedModel(name, SIGN_IN, accountId).setAll(app);
    }

    /** The type configuration: the class's app, and the subscription to find an account in. */
    private static ObjectNode typeConfiguration() {
        final ObjectNode credentials = JSON.createObjectNode();
        app.fields().forEachRemaining(setting -> credentials.set(setting.getKey().substring("Azure".length()),
            setting.getValue()));
        final ObjectNode configuration = JSON.createObjectNode().put("SubscriptionId", LocalCloud.SUBSCRIPTION_ID);
        configuration.set("AzureCredentials", credentials);
        return configuration;
    }

    private static BlobContainerClient inAzurite(final String account, final String container) {
        return cloud.blobServiceClient(account).getBlobContainerClient(container);
    }

    private static void assertStatus(final JsonNode response, final String status) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo(status);
    }

    private static void assertFailed(final JsonNode response, final String errorCode) {
        assertStatus(response, "FAILED");
        assertThat(response.path("errorCode").asText()).as(response.toString()).isEqualTo(errorCode);
    }

    private static ObjectNode policy(final ObjectNode model, final int days, final boolean locked) {
        model.putObject("ImmutabilityPolicy").put("RetentionDays", days).put("Locked", locked);
        return model;
    }

    private boolean armWasAsked(final String method, final String pathEnd) {
        return cloud.resourceManager().calls().stream().anyMatch(call -> call.method().equals(method)
            && call.path().toLowerCase().endsWith(pathEnd.toLowerCase()));
    }

    @Test
    void aContainerOfAnAccountWithPublicNetworkAccessDisabledIsCreatedReadUpdatedAndDeletedThroughArm()
        throws Exception {
        final String name = uniqueName();
        final int refusedBefore = firewall.faults().played();

        // The blob service refuses the handler, so the data-plane mode cannot manage this account.
        final ObjectNode dataPlane = ((ObjectNode) model(name, SIGN_IN).setAll(app)).put("StorageAccountName",
            lockedAccount);
        final JsonNode refused = cfn.invoke(request("CREATE", dataPlane));
        assertFailed(refused, "AccessDenied");
        assertThat(refused.path("message").asText()).contains("AuthorizationFailure", "network rules");
        assertThat(firewall.faults().played()).isGreaterThan(refusedBefore);
        assertThat(inAzurite(lockedAccount, name).exists()).isFalse();

        final ObjectNode managed = managed(name, lockedAccountId);
        final JsonNode created = cfn.invoke(request("CREATE", managed));
        assertStatus(created, "SUCCESS");
        final String url = created.path("resourceModel").path("ContainerUrl").asText();
        assertThat(url).isEqualTo("https://" + lockedAccount + ".blob.core.windows.net/" + name);
        assertThat(created.path("resourceModel").path("StorageAccountId").asText()).isEqualTo(lockedAccountId);
        assertThat(inAzurite(lockedAccount, name).getProperties().getMetadata())
            .containsEntry("purpose", "contract-test");
        assertThat(armWasAsked("PUT", "/blobServices/default/containers/" + name)).isTrue();

        final JsonNode read = cfn.invoke(request("READ", managed.deepCopy().put("ContainerUrl", url)));
        assertStatus(read, "SUCCESS");
        assertThat(read.get("resourceModel")).isEqualTo(created.get("resourceModel"));
        // Cloud Control API, drift detection and import send the URL alone: the subscription finds the account.
        final JsonNode readByUrl = cfn.invoke(request("READ", identifier(url))
            .withTypeConfiguration(typeConfiguration()));
        assertStatus(readByUrl, "SUCCESS");
        assertThat(readByUrl.get("resourceModel")).isEqualTo(created.get("resourceModel"));

        final ObjectNode updated = managed(name, lockedAccountId);
        updated.putObject("Metadata").put("purpose", "dr-copy");
        assertStatus(cfn.invoke(request("UPDATE", updated).withPrevious(managed)), "SUCCESS");
        assertThat(inAzurite(lockedAccount, name).getProperties().getMetadata()).isEqualTo(Map.of("purpose", "dr-copy"));

        // Azure Resource Manager lists no blobs, and the blob service refuses to: nothing is deleted by default.
        final JsonNode kept = cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url)));
        assertFailed(kept, "AccessDenied");
        assertThat(kept.path("message").asText()).contains("Azure Resource Manager does not list blobs",
            "Nothing was deleted", "AutoDeleteBlobs: true");
        assertThat(inAzurite(lockedAccount, name).exists()).isTrue();

        final JsonNode deleted = cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url)
            .put("AutoDeleteBlobs", true)));
        assertStatus(deleted, "SUCCESS");
        assertThat(inAzurite(lockedAccount, name).exists()).isFalse();
        assertThat(firewall.requests()).as("no request for the account got past its firewall")
            .noneMatch(request -> request.path().startsWith("/" + lockedAccount));
    }

    @Test
    void aRetentionPolicyIsCreatedChangedLockedAndExtendedAndALockedOneIsNeverShortened() throws Exception {
        final String name = uniqueName();
        final String accountId = LocalCloud.storageAccountId(LocalCloud.STORAGE_ACCOUNT);
        final ObjectNode sevenDays = policy(managed(name, accountId), 7, false);
        final JsonNode created = cfn.invoke(request("CREATE", sevenDays));
        assertStatus(created, "SUCCESS");
        final String url = created.path("resourceModel").path("ContainerUrl").asText();
        assertThat(created.path("resourceModel").path("ImmutabilityPolicy").path("RetentionDays").asInt()).isEqualTo(7);
        assertThat(created.path("resourceModel").path("ImmutabilityPolicy").path("Locked").asBoolean()).isFalse();

        final ObjectNode fourteenDays = policy(managed(name, accountId), 14, false);
        assertStatus(cfn.invoke(request("UPDATE", fourteenDays).withPrevious(sevenDays)), "SUCCESS");
        final ObjectNode locked = policy(managed(name, accountId), 14, true);
        final JsonNode lockedAnswer = cfn.invoke(request("UPDATE", locked).withPrevious(fourteenDays));
        assertStatus(lockedAnswer, "SUCCESS");
        assertThat(lockedAnswer.path("resourceModel").path("ImmutabilityPolicy").path("Locked").asBoolean()).isTrue();
        final ObjectNode extended = policy(managed(name, accountId), 30, true);
        assertStatus(cfn.invoke(request("UPDATE", extended).withPrevious(locked)), "SUCCESS");
        assertThat(armWasAsked("POST", "/containers/" + name + "/immutabilityPolicies/default/lock")).isTrue();
        assertThat(armWasAsked("POST", "/containers/" + name + "/immutabilityPolicies/default/extend")).isTrue();

        final JsonNode shortened = cfn.invoke(request("UPDATE", policy(managed(name, accountId), 20,
            true)).withPrevious(extended));
        assertFailed(shortened, "NotUpdatable");
        assertThat(shortened.path("message").asText()).contains("locked (30 days)", "never shortened",
            "Nothing was changed");
        assertThat(shortened.path("callbackDelaySeconds").asInt(0)).as("not retried").isZero();
        final JsonNode unlocked = cfn.invoke(request("UPDATE", policy(managed(name, accountId), 30,
            false)).withPrevious(extended));
        assertFailed(unlocked, "NotUpdatable");

        final JsonNode read = cfn.invoke(request("READ", extended.deepCopy().put("ContainerUrl", url)));
        assertThat(read.path("resourceModel").path("ImmutabilityPolicy")).isEqualTo(new com.fasterxml.jackson
            .databind.ObjectMapper().readTree("{\"RetentionDays\":30,\"AllowProtectedAppendWrites\":false,"
                + "\"Locked\":true}"));

        // Empty, a container with a locked policy can be deleted.
        assertStatus(cfn.invoke(request("DELETE", extended.deepCopy().put("ContainerUrl", url))), "SUCCESS");
        assertThat(inAzurite(LocalCloud.STORAGE_ACCOUNT, name).exists()).isFalse();
    }

    @Test
    void deletingAContainerUnderALockedPolicyWithBlobsOrALegalHoldIsRefusedWithAMessageThatNamesIt()
        throws Exception {
        final String accountId = LocalCloud.storageAccountId(LocalCloud.STORAGE_ACCOUNT);
        final String lockedName = uniqueName();
        final ObjectNode lockedPolicy = policy(managed(lockedName, accountId), 1, true);
        final String lockedUrl = cfn.invoke(request("CREATE", lockedPolicy)).path("resourceModel")
            .path("ContainerUrl").asText();
        inAzurite(LocalCloud.STORAGE_ACCOUNT, lockedName).getBlobClient("copy.parquet")
            .upload(BinaryData.fromString("a copy nobody may destroy"));

        final JsonNode keptByPolicy = cfn.invoke(request("DELETE", lockedPolicy.deepCopy().put("ContainerUrl", lockedUrl)
            .put("AutoDeleteBlobs", true)));
        assertFailed(keptByPolicy, "ResourceConflict");
        assertThat(keptByPolicy.path("message").asText()).contains("1 blobs", "locked time-based retention policy "
            + "of 1 days", "whatever AutoDeleteBlobs says", "nothing was deleted");
        assertThat(inAzurite(LocalCloud.STORAGE_ACCOUNT, lockedName).getBlobClient("copy.parquet").exists()).isTrue();

        final String heldName = uniqueName();
        final ObjectNode held = managed(heldName, accountId);
        held.putArray("LegalHoldTags").add("case2026");
        final JsonNode heldCreated = cfn.invoke(request("CREATE", held));
        assertStatus(heldCreated, "SUCCESS");
        final String heldUrl = heldCreated.path("resourceModel").path("ContainerUrl").asText();
        assertThat(heldCreated.path("resourceModel").path("LegalHoldTags").toString()).isEqualTo("[\"case2026\"]");

        final JsonNode keptByHold = cfn.invoke(request("DELETE", held.deepCopy().put("ContainerUrl", heldUrl)
            .put("AutoDeleteBlobs", true)));
        assertFailed(keptByHold, "ResourceConflict");
        assertThat(keptByHold.path("message").asText()).contains("legal holds [case2026]", "nothing was deleted",
            "Remove LegalHoldTags");
        assertThat(inAzurite(LocalCloud.STORAGE_ACCOUNT, heldName).exists()).isTrue();

        final ObjectNode released = managed(heldName, accountId);
        assertStatus(cfn.invoke(request("UPDATE", released).withPrevious(held)), "SUCCESS");
        assertStatus(cfn.invoke(request("DELETE", released.deepCopy().put("ContainerUrl", heldUrl))), "SUCCESS");
        assertThat(inAzurite(LocalCloud.STORAGE_ACCOUNT, heldName).exists()).isFalse();
    }

    @Test
    void whenTheHandlerCannotCountTheBlobsAzureResourceManagersOwnRefusalOfALockedContainerIsReported()
        throws Exception {
        // The copy service writes from inside the account's network; the handlers stay outside its firewall.
        final String name = uniqueName();
        final ObjectNode locked = policy(managed(name, lockedAccountId), 1, true);
        final String url = cfn.invoke(request("CREATE", locked)).path("resourceModel").path("ContainerUrl").asText();
        inAzurite(lockedAccount, name).getBlobClient("copy.parquet").upload(BinaryData.fromString("copy"));

        final JsonNode refused = cfn.invoke(request("DELETE", locked.deepCopy().put("ContainerUrl", url)
            .put("AutoDeleteBlobs", true)));

        assertFailed(refused, "ResourceConflict");
        assertThat(refused.path("message").asText()).contains("Azure refuses to delete", "locked time-based "
            + "retention policy and blobs under it", "Nothing was deleted");
        assertThat(inAzurite(lockedAccount, name).getBlobClient("copy.parquet").exists()).isTrue();
        assertThat(cloud.resourceManager().calls()).anySatisfy(call -> {
            assertThat(call.method()).isEqualTo("DELETE");
            assertThat(call.errorCode()).isEqualTo("ContainerImmutabilityPolicyLocked");
        });
    }

    /**
     * Version-level immutability on Azure Resource Manager: set on the new container, and legal holds on the container
     * refused. What it does to blobs: {@link #anOverwrittenBlobsPreviousVersionSurvivesUnderVersionLevelImmutability}.
     */
    @Test
    void versionLevelImmutabilityIsSetOnANewContainerOfAnAccountThatKeepsVersions() throws Exception {
        final String account = ArmAccounts.uniqueName("cfnworm");
        final String accountId = ArmAccounts.create(cloud, account, true, true);
        final String name = uniqueName();
        final ObjectNode worm = policy(managed(name, accountId), 1, false)
            .put("VersionLevelImmutability", true);

        final JsonNode created = cfn.invoke(request("CREATE", worm));

        assertStatus(created, "SUCCESS");
        assertThat(created.path("resourceModel").path("VersionLevelImmutability").asBoolean()).isTrue();
        final ObjectNode withHold = worm.deepCopy();
        withHold.putArray("LegalHoldTags").add("case2026");
        final JsonNode held = cfn.invoke(request("UPDATE", withHold).withPrevious(worm));
        assertFailed(held, "InvalidRequest");
        assertThat(held.path("message").asText()).contains("blob versions");

        // The account with its firewall keeps no versions: version-level immutability is refused there.
        final String other = uniqueName();
        final JsonNode noVersions = cfn.invoke(request("CREATE", managed(other, lockedAccountId)
            .put("VersionLevelImmutability", true)));
        assertFailed(noVersions, "InvalidRequest");
        assertThat(noVersions.path("message").asText()).contains("blob versioning", "Nothing was created");
        assertThat(inAzurite(lockedAccount, other).exists()).isFalse();
    }

    /**
     * The ransomware case of the account issue end to end: a container the type made through Azure Resource Manager
     * with version-level immutability and a retention policy, in an account that keeps versions. An overwrite (as the
     * copy service's of an object encrypted in place in S3) leaves the previous version readable, nobody can delete
     * that version while the policy runs, and deleting the blob keeps it too. The data plane is the local cloud's
     * emulation of blob versions on Azurite (AzureFaultProxy with the ARM stand-in's settings).
     */
    @Test
    void anOverwrittenBlobsPreviousVersionSurvivesUnderVersionLevelImmutability() {
        final String account = ArmAccounts.uniqueName("cfnworm");
        final String accountId = ArmAccounts.create(cloud, account, true, true);
        final String name = uniqueName();
        assertStatus(cfn.invoke(request("CREATE", policy(managed(name, accountId), 1, false)
            .put("VersionLevelImmutability", true))), "SUCCESS");

        try (AzureFaultProxy versions = AzureFaultProxy.start(cloud.azurite(), cloud.resourceManager())) {
            final BlobContainerClient container = cloud.blobServiceClient(account, versions)
                .getBlobContainerClient(name);
            final BlobClient copy = container.getBlobClient("invoices/2026-12.pdf");
            final String original = copy.uploadWithResponse(new BlobParallelUploadOptions(
                BinaryData.fromString("the invoice")), null, Context.NONE).getValue().getVersionId();
            copy.upload(BinaryData.fromString("encrypted by ransomware"), true);

            final BlobClient previous = copy.getVersionClient(original);
            assertThat(previous.downloadContent().toString()).isEqualTo("the invoice");
            final BlobStorageException refused = catchThrowableOfType(BlobStorageException.class, previous::delete);
            assertThat(refused.getStatusCode()).isEqualTo(409);
            assertThat(refused.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_IMMUTABLE_DUE_TO_POLICY);
            copy.delete();
            assertThat(copy.exists()).isFalse();
            assertThat(previous.downloadContent().toString()).isEqualTo("the invoice");
            assertThat(container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails()
                .setRetrieveVersions(true)), null).stream().map(BlobItem::getVersionId)).hasSize(2).contains(original);
        }
    }
}
