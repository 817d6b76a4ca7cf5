package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.TestCertificate;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stack with both types, examples/dr-account-and-container.yaml, from a stack in eu-central-1: each resource goes
 * to its own type's handler, the container finds its account through Ref. Azure's state is checked independently:
 * the account through the Azure Resource Manager stand-in, the container through Azurite.
 */
@UsesLocalCloud
class AccountStackLifecycleTest {

    private static final ResourceTypes TYPES = ResourceTypes.load();
    private static final Path TEMPLATE = Path.of("..", "examples", "dr-account-and-container.yaml");

    private static LocalCloud cloud;
    private static HttpClient http;
    private static String managementToken;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final MemoryStackStore store = new MemoryStackStore();
    private Runner runner;
    private String stack;

    @BeforeAll
    static void startTheLocalCloud(final LocalCloud shared) {
        cloud = shared;
        http = HttpClient.newBuilder().sslContext(TestCertificate.get().clientSslContext()).build();
        // An app of the test's own, a Reader of the subscription: Azure Resource Manager as the test sees it; and a
        // Storage Account Contributor of the resource group, to clear a legal hold as a user would with az.
        final String clientId = UUID.randomUUID().toString();
        final String secret = "View~" + UUID.randomUUID();
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, clientId, secret);
        cloud.resourceManager().assignRole(clientId, AzureResourceManagerStandIn.Role.READER,
            "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID);
        cloud.resourceManager().assignRole(clientId, AzureResourceManagerStandIn.Role.STORAGE_ACCOUNT_CONTRIBUTOR,
            "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + LocalCloud.RESOURCE_GROUP);
        managementToken = new ClientSecretCredentialBuilder().tenantId(LocalCloud.TENANT_ID).clientId(clientId)
            .clientSecret(secret).authorityHost(cloud.entraId().authorityHost()).disableInstanceDiscovery()
            .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder()
                .sslContext(TestCertificate.get().clientSslContext())).build())
            .build().getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default"))
            .getToken();
    }

    @BeforeEach
    void newRunner() {
        stack = "acct" + UUID.randomUUID().toString().substring(0, 8);
        runner = new Runner(TYPES, Target.local(cloud).inRegion("eu-central-1"), store,
            new EventPrinter(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC()), null, false);
    }

    @Test
    void anAccountAndItsContainerDeployUpdateDriftAndDelete() throws Exception {
        assertThat(deploy(Map.of())).as(output()).isTrue();
        final String accountId = physicalId("DrAccount");
        final String accountName = accountId.substring(accountId.lastIndexOf('/') + 1);
        assertThat(accountId).startsWith("/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/"
            + LocalCloud.RESOURCE_GROUP + "/providers/Microsoft.Storage/storageAccounts/");
        final JsonNode account = resource(accountId);
        assertThat(account.path("location").asText()).as("the Azure region of the stack's country")
            .isEqualTo("germanywestcentral");
        assertThat(account.path("properties").path("accessTier").asText()).isEqualTo("Hot");
        final String containerUrl = physicalId("DrCopies");
        final String containerName = containerUrl.substring(containerUrl.lastIndexOf('/') + 1);
        assertThat(containerUrl).contains(accountName);
        assertThat(cloud.blobServiceClient(accountName).getBlobContainerClient(containerName).getProperties()
            .getMetadata()).containsEntry("account_location", "germanywestcentral");
        assertThat(output()).containsPattern("AccountLocation +germanywestcentral");
        final JsonNode container = container(accountId, containerName).path("properties");
        assertThat(container.path("immutabilityPolicy").path("properties")
            .path("immutabilityPeriodSinceCreationInDays").asInt()).isEqualTo(1);
        assertThat(container.path("immutabilityPolicy").path("properties").path("state").asText())
            .isEqualTo("Unlocked");
        assertThat(container.path("legalHold").path("tags").findValuesAsText("tag")).containsExactly("drcopies");

        assertThat(deploy(Map.of("AccessTier", "Cool"))).as(output()).isTrue();
        assertThat(physicalId("DrAccount")).as("updated in place").isEqualTo(accountId);
        assertThat(resource(accountId).path("properties").path("accessTier").asText()).isEqualTo("Cool");
        assertThat(runner.describe(stack, null, null, Map.of())).as(output()).isTrue();

        cloud.blobServiceClient(accountName).getBlobContainerClient(containerName)
            .setMetadata(Map.of("purpose", "changed_by_hand"));
        assertThat(runner.describe(stack, null, null, Map.of())).isFalse();
        assertThat(output()).containsPattern("DrCopies +MODIFIED").containsPattern("DrAccount +IN_SYNC")
            .contains("Stack drift status: DRIFTED");

        assertThat(deploy(Map.of("AccessTier", "Cool", "LegalHoldTag", ""))).as(output()).isTrue();
        assertThat(container(accountId, containerName).path("properties").path("hasLegalHold").asBoolean())
            .as("the hold cleared by the update").isFalse();
        assertThat(runner.delete(stack)).as(output()).isTrue();
        assertThat(cloud.resourceManager().storageAccountIds()).doesNotContain(accountId);
        assertThat(get(accountId).statusCode()).isEqualTo(404);
        assertThat(store.stackNames()).doesNotContain(stack);
        assertThat(eventAt("DELETE_COMPLETE +DrCopies")).as("the container goes before its account")
            .isLessThan(eventAt("DELETE_IN_PROGRESS +DrAccount"));
    }

    /**
     * Deleting the stack with the legal hold on fails with the handler's message and keeps the container and its
     * account. CloudFormation then only deletes the stack again: the user clears the hold outside the stack (here
     * through Azure Resource Manager, as az storage container legal-hold clear does), and the second delete works.
     */
    @Test
    void aStackDeletedWithItsLegalHoldOnKeepsEverythingUntilTheHoldIsCleared() throws Exception {
        assertThat(deploy(Map.of())).as(output()).isTrue();
        final String accountId = physicalId("DrAccount");
        final String containerUrl = physicalId("DrCopies");
        final String containerName = containerUrl.substring(containerUrl.lastIndexOf('/') + 1);

        assertThat(runner.delete(stack)).isFalse();
        assertThat(output()).containsPattern("DELETE_FAILED +DrCopies .*" + Pattern.quote(containerUrl + " is under "
            + "legal holds [drcopies]") + ".*nothing was deleted").contains("HandlerErrorCode: ResourceConflict")
            .contains("The following resource(s) failed to delete: [DrCopies].")
            .as("the account the container is still in is not asked to go")
            .doesNotContainPattern("DELETE_IN_PROGRESS +DrAccount");
        assertThat(store.load(stack)).as("the stack keeps what is left").isPresent();
        assertThat(cloud.resourceManager().storageAccountIds()).contains(accountId);
        assertThat(container(accountId, containerName).path("properties").path("hasLegalHold").asBoolean()).isTrue();

        final HttpResponse<String> cleared = http.send(HttpRequest.newBuilder(URI.create(cloud.resourceManager()
                    .endpoint() + containerId(accountId, containerName).substring(1)
                    + "/clearLegalHold?api-version=2023-05-01"))
                .header("Authorization", "Bearer " + managementToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\": [\"drcopies\"]}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);

        assertThat(runner.delete(stack)).as(output()).isTrue();
        assertThat(cloud.resourceManager().storageAccountIds()).doesNotContain(accountId);
    }

    private boolean deploy(final Map<String, String> parameters) {
        return runner.deploy(TEMPLATE, "examples/dr-account-and-container.yaml", stack, parameters);
    }

    private String physicalId(final String logicalId) {
        return store.load(stack).orElseThrow().resources().get(logicalId).physicalId();
    }

    /** An Azure Resource Manager resource as the test's Reader sees it. */
    private static JsonNode resource(final String id) throws IOException, InterruptedException {
        final HttpResponse<String> response = get(id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode container(final String accountId, final String name)
        throws IOException, InterruptedException {
        return resource(containerId(accountId, name));
    }

    private static String containerId(final String accountId, final String name) {
        return accountId + "/blobServices/default/containers/" + name;
    }

    private static HttpResponse<String> get(final String id) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.resourceManager().endpoint() + id.substring(1)
                + "?api-version=2023-05-01")).header("Authorization", "Bearer " + managementToken).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private int eventAt(final String pattern) {
        final Matcher event = Pattern.compile(pattern).matcher(output());
        assertThat(event.find()).as(pattern).isTrue();
        return event.start();
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
