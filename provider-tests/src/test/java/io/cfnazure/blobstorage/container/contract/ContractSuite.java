package io.cfnazure.blobstorage.container.contract;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.TEST_ENTRYPOINT;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CloudFormation's resource type contract (cloudformation-cli's contract suite and the "resource type test contract"
 * docs), rule by rule, through the wrapper's real entry points against Azurite and the stand-ins. Every rule holds
 * whichever way the handler signs in to Entra ID and whichever plane manages the container: each subclass runs the
 * suite with one {@link SignIn} and one {@link Plane}, in its models and type configurations, as the caller of
 * {@link LocalCloud#CALLER_ROLE_ARN}.
 */
abstract class ContractSuite {

    private static final Set<String> WRITE_ONLY = Set.copyOf(ProviderOnLocalCloud.writeOnlyProperties());

    private final SignIn signIn;
    private final Plane plane;
    private CloudFormationDriver cfn;
    private final StringBuffer handlerLog = new StringBuffer();
    private LocalCloud cloud;
    private final List<String> createdUrls = new ArrayList<>();

    ContractSuite(final SignIn signIn, final Plane plane) {
        this.signIn = signIn;
        this.plane = plane;
    }

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
        cfn = cloudFormation(localCloud, handlerLog);
    }

    @AfterEach
    void everyInvocationAnsweredWellInsideItsTimeBudget() throws InterruptedException {
        for (final String url : createdUrls) {
            cfn.invoke(request("DELETE", withAutoDelete(identifier(url))).withTypeConfiguration(typeConfiguration()));
        }
        assertThat(cfn.invocationTimes()).allSatisfy(time ->
            assertThat(time).isLessThan(CloudFormationDriver.INVOCATION_BUDGET.dividedBy(2)));
        assertThat(handlerLog.toString()).doesNotContain(LocalCloud.CLIENT_SECRET,
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
    }

    static ObjectNode withAutoDelete(final ObjectNode model) {
        return model.put("AutoDeleteBlobs", true);
    }

    private ObjectNode model(final String containerName) {
        return plane.model(containerName, signIn);
    }

    private ObjectNode typeConfiguration() {
        return plane.typeConfiguration(signIn);
    }

    private JsonNode create(final ObjectNode model) throws InterruptedException {
        return create(request("CREATE", model));
    }

    private JsonNode create(final HandlerRequest request) throws InterruptedException {
        final JsonNode response = cfn.invoke(request);
        if ("SUCCESS".equals(response.path("status").asText())) {
            createdUrls.add(response.path("resourceModel").path("ContainerUrl").asText());
        }
        return response;
    }

    private JsonNode read(final String url) throws InterruptedException {
        return cfn.invoke(request("READ", identifier(url)).withTypeConfiguration(typeConfiguration()));
    }

    private JsonNode delete(final String url) throws InterruptedException {
        final JsonNode response = cfn.invoke(request("DELETE", identifier(url))
            .withTypeConfiguration(typeConfiguration()));
        if ("SUCCESS".equals(response.path("status").asText())) {
            createdUrls.remove(url);
        }
        return response;
    }

    private List<String> listAll(final String account, final Integer maxResults) {
        final List<String> urls = new ArrayList<>();
        String nextToken = null;
        do {
            final JsonNode page = cfn.invokeOnce(request("LIST", plane.inAccount(JSON.createObjectNode(), account))
                .withTypeConfiguration(typeConfiguration()).withPage(nextToken, maxResults));
            assertSuccess(page);
            if (maxResults != null) {
                assertThat(page.path("resourceModels").size()).isLessThanOrEqualTo(maxResults);
            }
            page.path("resourceModels").forEach(model -> {
                assertNoWriteOnly(model);
                urls.add(model.path("ContainerUrl").asText());
            });
            nextToken = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
        } while (nextToken != null);
        return urls;
    }

    private static void assertSuccess(final JsonNode response) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("SUCCESS");
        assertThat(response.path("errorCode").isMissingNode() || response.path("errorCode").isNull()).isTrue();
        assertThat(response.path("callbackDelaySeconds").asInt(0)).isZero();
    }

    private static void assertFailed(final JsonNode response, final String errorCode) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("FAILED");
        assertThat(response.path("errorCode").asText()).as(response.toString()).isEqualTo(errorCode);
        assertThat(response.path("message").asText()).isNotBlank();
        assertThat(response.path("resourceModels").isMissingNode() || response.path("resourceModels").isNull())
            .isTrue();
    }

    private static void assertNoWriteOnly(final JsonNode model) {
        WRITE_ONLY.forEach(property -> assertThat(model.has(property)).as("write-only " + property).isFalse());
    }

    private static String url(final JsonNode response) {
        return response.path("resourceModel").path("ContainerUrl").asText();
    }

    // ---- the rules

    @Test
    void createThenReadReturnsWhatWasAskedWithThePrimaryIdentifierAndNoWriteOnlyValue() throws Exception {
        final String name = uniqueName();
        final ObjectNode input = model(name);

        final JsonNode created = create(input);
        assertSuccess(created);
        assertNoWriteOnly(created.get("resourceModel"));
        assertThat(url(created)).isEqualTo("https://cfnlocalstore01.blob.core.windows.net/" + name);

        final JsonNode read = read(url(created));
        assertSuccess(read);
        assertNoWriteOnly(read.get("resourceModel"));
        input.fieldNames().forEachRemaining(property -> {
            if (!WRITE_ONLY.contains(property)) {
                assertThat(read.get("resourceModel").get(property)).as(property).isEqualTo(input.get(property));
            }
        });
        assertThat(read.get("resourceModel")).isEqualTo(created.get("resourceModel"));
        read.get("resourceModel").fields().forEachRemaining(field ->
            assertThat(field.getValue().isNull()).as("Read leaves no property null: " + field.getKey()).isFalse());
    }

    @Test
    void thePrimaryIdentifierIsTheSameInCreateReadUpdateAndList() throws Exception {
        final String name = uniqueName();
        final String created = url(create(model(name)));
        final ObjectNode updated = model(name);
        updated.putObject("Metadata").put("purpose", "changed");

        assertThat(url(read(created))).isEqualTo(created);
        assertThat(url(cfn.invoke(request("UPDATE", updated).withPrevious(model(name))))).isEqualTo(created);
        assertThat(listAll(LocalCloud.STORAGE_ACCOUNT, null)).contains(created);
    }

    @Test
    void creatingAContainerThatExistsFailsWithAlreadyExists() throws Exception {
        final String name = uniqueName();
        assertSuccess(create(model(name)));

        assertFailed(create(model(name)), "AlreadyExists");
    }

    @Test
    void readUpdateAndDeleteOfAContainerThatNeverExistedAreNotFound() throws Exception {
        final String url = "https://cfnlocalstore01.blob.core.windows.net/" + uniqueName();
        final ObjectNode model = model(null);
        model.put("ContainerUrl", url);

        assertFailed(read(url), "NotFound");
        assertFailed(cfn.invoke(request("UPDATE", model).withPrevious(model)), "NotFound");
        assertFailed(delete(url), "NotFound");
    }

    @Test
    void deleteThenReadAndDeleteAgainAreNotFound() throws Exception {
        final String url = url(create(model(uniqueName())));

        final JsonNode deleted = delete(url);
        assertSuccess(deleted);
        assertThat(deleted.path("resourceModel").isMissingNode() || deleted.path("resourceModel").isNull()).isTrue();
        assertFailed(read(url), "NotFound");
        assertFailed(delete(url), "NotFound");
    }

    @Test
    void updateIsVisibleToReadAndUpdateOfADeletedContainerIsNotFound() throws Exception {
        final String name = uniqueName();
        final ObjectNode before = model(name);
        final String url = url(create(before));
        final ObjectNode after = model(name);
        after.putObject("Metadata").put("purpose", "archive").put("retention_days", "365");

        final JsonNode updated = cfn.invoke(request("UPDATE", after).withPrevious(before));
        assertSuccess(updated);
        assertNoWriteOnly(updated.get("resourceModel"));
        assertThat(read(url).path("resourceModel").path("Metadata")).isEqualTo(after.get("Metadata"));

        assertSuccess(delete(url));
        assertFailed(cfn.invoke(request("UPDATE", after).withPrevious(before)), "NotFound");
    }

    @Test
    void changingACreateOnlyPropertyIsNotUpdatable() throws Exception {
        final String name = uniqueName();
        final ObjectNode before = model(name);
        create(before);
        final ObjectNode after = model(name);
        after.put("DenyEncryptionScopeOverride", true);

        assertFailed(cfn.invoke(request("UPDATE", after).withPrevious(before)), "NotUpdatable");
    }

    @Test
    void listContainsTheCreatedIdentifierUntilItIsDeleted() throws Exception {
        final String url = url(create(model(uniqueName())));
        assertThat(listAll(LocalCloud.STORAGE_ACCOUNT, null)).contains(url);

        delete(url);
        assertThat(listAll(LocalCloud.STORAGE_ACCOUNT, null)).doesNotContain(url);
    }

    @Test
    void paginationWithMaxResultsReturnsEveryContainerExactlyOnce() throws Exception {
        final BlobServiceClient account = cloud.blobServiceClient(LocalCloud.SECOND_STORAGE_ACCOUNT);
        final Set<String> expected = new HashSet<>();
        for (final BlobContainerItem existing : account.listBlobContainers()) {
            expected.add("https://cfnlocalstore02.blob.core.windows.net/" + existing.getName());
        }
        for (int i = 0; i < 5; i++) {
            expected.add(url(create(plane.inAccount(model(uniqueName()), LocalCloud.SECOND_STORAGE_ACCOUNT))));
        }

        final List<String> listed = listAll(LocalCloud.SECOND_STORAGE_ACCOUNT, 2);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aReadOnlyPropertyInACreateRequestIsRefusedAndNothingIsCreated() throws Exception {
        final String name = uniqueName();
        final ObjectNode input = model(name);
        input.put("ContainerUrl", "https://cfnlocalstore01.blob.core.windows.net/" + name);

        assertFailed(create(input), "InvalidRequest");
        assertThat(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).exists())
            .isFalse();
    }

    @Test
    void theInvalidInputOfInputsFolderFailsWithInvalidRequestAndCreatesNothing() throws Exception {
        final ObjectNode invalid = (ObjectNode) JSON.readTree(
            ProviderOnLocalCloud.PROVIDER_DIR.resolve(plane.invalidInput).toFile());
        // Point the shipped input at the local account and app; keep what makes it invalid.
        signIn.applyTo(plane.inAccount(invalid, LocalCloud.STORAGE_ACCOUNT));
        final List<String> before = listAll(LocalCloud.STORAGE_ACCOUNT, null);

        assertFailed(create(invalid), "InvalidRequest");
        assertThat(listAll(LocalCloud.STORAGE_ACCOUNT, null)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void createInvokedAgainWithTheSameClientRequestTokenConvergesOnOneContainer() throws Exception {
        for (final ObjectNode input : List.of(model(uniqueName()), model(null))) {
            final HandlerRequest first = request("CREATE", input);
            final String url = url(create(first));

            final JsonNode again = create(first);

            assertSuccess(again);
            assertThat(url(again)).isEqualTo(url);
            assertThat(listAll(LocalCloud.STORAGE_ACCOUNT, null).stream().filter(url::equals)).hasSize(1);
            createdUrls.remove(url);
        }
    }

    @Test
    void aCreateResumedFromItsCallbackContextReachesTheSameEndState() throws Exception {
        final ObjectNode input = model(null);
        final HandlerRequest first = request("CREATE", input);
        final JsonNode done = create(first);
        // As if Azure had answered ContainerBeingDeleted once: the next invocation carries model and context.
        final ObjectNode inProgressModel = input.deepCopy().put("ContainerName", done.path("resourceModel")
            .path("ContainerName").asText()).put("ContainerUrl", url(done));
        final ObjectNode context = JSON.createObjectNode().put("firstAttemptEpochMillis", System.currentTimeMillis())
            .put("retries", 1);

        final JsonNode resumed = cfn.invoke(first.withCallback(inProgressModel, context));

        assertSuccess(resumed);
        assertThat(resumed.get("resourceModel")).isEqualTo(done.get("resourceModel"));
    }

    @Test
    void theTestEntrypointThatCfnTestCallsFollowsTheSameContract() throws Exception {
        final String name = uniqueName();
        final JsonNode created = cfn.invokeTestEntrypoint(TEST_ENTRYPOINT, request("CREATE", model(name)));
        assertSuccess(created);
        createdUrls.add(url(created));
        assertNoWriteOnly(created.get("resourceModel"));

        final JsonNode read = cfn.invokeTestEntrypoint(TEST_ENTRYPOINT, request("READ", identifier(url(created)))
            .withTypeConfiguration(typeConfiguration()));
        assertSuccess(read);
        assertThat(read.get("resourceModel")).isEqualTo(created.get("resourceModel"));

        assertSuccess(cfn.invokeTestEntrypoint(TEST_ENTRYPOINT, request("DELETE", identifier(url(created)))
            .withTypeConfiguration(typeConfiguration())));
        createdUrls.remove(url(created));
        assertFailed(cfn.invokeTestEntrypoint(TEST_ENTRYPOINT, request("READ", identifier(url(created)))
            .withTypeConfiguration(typeConfiguration())), "NotFound");
    }

    @Test
    void aNameAzureStillBlocksIsWaitedForWithCallbacksNotInsideOneInvocation() throws Exception {
        // Azure blocks a deleted container's name for a while (Azurite does not): the plane answers for it once.
        final String name = uniqueName();
        final Plane.NameBlocked blocked = plane.blockNameOnce(cloud, name, signIn);
        try {
            final HandlerRequest request = request("CREATE", blocked.model());

            final JsonNode waiting = cfn.invokeOnce(request);
            assertThat(waiting.path("status").asText()).as(waiting.toString()).isEqualTo("IN_PROGRESS");
            assertThat(waiting.path("errorCode").isMissingNode()).isTrue();
            assertThat(waiting.path("callbackDelaySeconds").asInt()).isPositive();
            assertThat(url(waiting)).isEqualTo("https://cfnlocalstore01.blob.core.windows.net/" + name);
            assertThat(waiting.path("callbackContext").path("retries").asInt()).isEqualTo(1);

            final JsonNode done = cfn.invoke(request.withCallback(waiting.get("resourceModel"),
                waiting.get("callbackContext")));
            assertSuccess(done);
            createdUrls.add(url(done));
            assertNoWriteOnly(done.get("resourceModel"));
            assertThat(url(done)).isEqualTo(url(waiting));
        } finally {
            blocked.undo().run();
        }
    }

    @Test
    void theNameOfADeletedContainerCanBeCreatedAgain() throws Exception {
        final String name = uniqueName();
        final String url = url(create(model(name)));
        assertSuccess(delete(url));

        final JsonNode again = create(model(name));

        assertSuccess(again);
        assertThat(url(again)).isEqualTo(url);
    }
}
