package io.cfnazure.blobstorage.account.integration;

import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.existsInAzure;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.id;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.identifier;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.model;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.HandlerWrapper;
import io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.AzureResourceManagerStandIn.PolicyAssignment;
import io.cfnazure.localcloud.Faults;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The account type under Azure Resource Manager's bad days, through the Lambda entry point with a short function
 * timeout: throttling with Retry-After, 5xx, a hang, a create that stays "Creating", AuthorizationFailed and an Azure
 * Policy denial. Every invocation answers before the function times out, with the code the failure deserves: Create,
 * Update and Delete call back after a transient failure and finish once it is gone, Read and List fail with the
 * retriable code, a refusal fails at once and says what to do. No account is left that no stack knows about: after
 * each case, the stand-in's list of accounts holds none of the case's but the one its stack would own.
 */
@UsesLocalCloud
class AccountFaultMatrixTest {

    /**
     * Short, so the suite stays fast (template.yml gives 60 s). The handler keeps 8 s back from following Azure's
     * create operation, so the function needs a little more than that to send a create request at all.
     */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(12);
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    /** Stands for the callback delay CloudFormation waits, shortened. */
    private static final Duration CALLBACK_PAUSE = Duration.ofMillis(500);
    private static final String[] ACTIONS = {"CREATE", "READ", "UPDATE", "DELETE", "LIST"};
    /** The longest invocation per fault and action, for the report. */
    private static final Map<String, Map<String, Duration>> LONGEST = new ConcurrentHashMap<>();
    private static final StringBuffer HANDLER_LOG = new StringBuffer();

    private static LocalCloud cloud;
    private static CloudFormationDriver cfn;

    /** A kind of ARM failure, what Read and List answer under it, and what the message names. */
    enum Fault {
        THROTTLING("429 SubscriptionRequestsThrottled, Retry-After 30 s", "Throttling", "throttling",
            AzureResourceManagerStandIn.throttlingAnswer(RETRY_AFTER)),
        INTERNAL_ERROR("500 InternalServerError", "ServiceInternalError", "Azure failure",
            AzureResourceManagerStandIn.errorAnswer(500, "InternalServerError", "Encountered internal server error.")),
        UNAVAILABLE("503 ServiceUnavailable", "ServiceInternalError", "Azure failure",
            AzureResourceManagerStandIn.errorAnswer(503, "ServiceUnavailable", "The service is unavailable.")),
        HANGING("no answer", "NetworkFailure", "did not answer", null);

        final String description;
        final String readCode;
        final String messagePart;
        /** What ARM answers; null: it holds the request. */
        final Faults.Answer answer;

        Fault(final String description, final String readCode, final String messagePart, final Faults.Answer answer) {
            this.description = description;
            this.readCode = readCode;
            this.messagePart = messagePart;
            this.answer = answer;
        }

        void apply(final Predicate<Faults.Request> requests) {
            if (answer == null) {
                cloud.resourceManager().faults().delay(requests, HANG);
            } else {
                cloud.resourceManager().faults().answer(requests, -1, answer);
            }
        }
    }

    @BeforeAll
    static void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
        cfn = CloudFormationDriver.forType(AccountOnLocalCloud.SCHEMA, new HandlerWrapper()::handleRequest)
            .account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, cloud::callerCredentials)
            .handlerLog(line -> HANDLER_LOG.append(line).append('\n'))
            .functionTimeout(FUNCTION_TIMEOUT)
            .build();
    }

    @AfterEach
    void endTheFaults() {
        cloud.resourceManager().faults().clear();
    }

    @AfterAll
    static void report() throws IOException {
        assertThat(HANDLER_LOG.toString()).doesNotContain(LocalCloud.CLIENT_SECRET,
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
        final StringBuilder table = new StringBuilder(String.format("Longest invocation per Azure Resource Manager "
            + "fault (function timeout %d s)%n%n| Fault | %s |%n|---|%s%n", FUNCTION_TIMEOUT.toSeconds(),
            String.join(" | ", ACTIONS), "---|".repeat(ACTIONS.length)));
        LONGEST.forEach((fault, row) -> table.append("| ").append(fault).append(" | ").append(Arrays.stream(ACTIONS)
            .map(action -> row.containsKey(action) ? String.format("%.2f s", row.get(action).toMillis() / 1000.0)
                : "-")
            .collect(Collectors.joining(" | "))).append(" |\n"));
        System.out.println(table);
        Files.writeString(Path.of("target", "account-fault-matrix.md"), table);
        Files.writeString(Path.of("target", "account-fault-matrix-handler.log"), HANDLER_LOG);
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(Fault.values()).flatMap(fault -> Arrays.stream(ACTIONS)
            .map(action -> Arguments.of(fault, action)));
    }

    /** Sends the request once, measures it, and checks it answered before the function timed out. */
    private static JsonNode invokeOnce(final String fault, final HandlerRequest request) {
        final long start = System.nanoTime();
        final JsonNode answer = cfn.invokeOnce(request);
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        LONGEST.computeIfAbsent(fault, f -> new TreeMap<>()).merge(request.action(), took,
            (a, b) -> a.compareTo(b) >= 0 ? a : b);
        assertThat(took).as("answered before the function timed out: %s", answer).isLessThan(FUNCTION_TIMEOUT);
        return answer;
    }

    private static JsonNode create(final ObjectNode model) {
        final JsonNode created = cfn.invoke(AccountOnLocalCloud.request("CREATE", model));
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("SUCCESS");
        return created;
    }

    /** Deletes what the case left on purpose, then checks that no account of the case is left. */
    private static void nothingOrphaned(final String name) {
        if (existsInAzure(cloud, id(name))) {
            final JsonNode deleted = cfn.invoke(AccountOnLocalCloud.request("DELETE",
                identifier(id(name)).put("AutoDeleteBlobs", true))
                .withTypeConfiguration(ContainerModels.typeConfiguration()));
            assertThat(deleted.path("status").asText()).as(deleted.toString()).isEqualTo("SUCCESS");
        }
        assertThat(cloud.resourceManager().storageAccountIds()).as("accounts in Azure")
            .noneMatch(account -> account.toLowerCase(Locale.ROOT).endsWith("/" + name));
    }

    private static void assertFailed(final JsonNode answer, final String code) {
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("FAILED");
        assertThat(answer.path("errorCode").asText()).as(answer.toString()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{1} while Azure Resource Manager answers {0}")
    @MethodSource("cases")
    void answersBeforeTheFunctionTimesOutAndRecoversOnceTheFaultIsGone(final Fault fault, final String action) {
        final String name = uniqueName();
        final ObjectNode desired = model(name, SignIn.CLIENT_SECRET);
        if (!"CREATE".equals(action)) {
            create(desired.deepCopy());
        }
        final HandlerRequest request = switch (action) {
            case "CREATE" -> AccountOnLocalCloud.request(action, desired);
            case "UPDATE" -> AccountOnLocalCloud.request(action, AccountOnLocalCloud.updated(desired.deepCopy()))
                .withPrevious(desired.deepCopy().put("Id", id(name)));
            case "LIST" -> HandlerRequest.list(AccountOnLocalCloud.listScope())
                .withTypeConfiguration(ContainerModels.typeConfiguration());
            default -> AccountOnLocalCloud.request(action, desired.deepCopy().put("Id", id(name)));
        };
        // Every request for the case's account, and the listing of the resource group.
        final Predicate<Faults.Request> requests = AzureResourceManagerStandIn.requestsFor(name).or(listed ->
            listed.path().toLowerCase(Locale.ROOT).endsWith("/microsoft.storage/storageaccounts"));
        fault.apply(requests);

        final JsonNode answer = invokeOnce(fault.description, request);

        endTheFaults();
        if ("READ".equals(action) || "LIST".equals(action)) {
            assertFailed(answer, fault.readCode);
            assertThat(answer.path("message").asText()).contains(fault.messagePart);
        } else {
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("IN_PROGRESS");
            assertThat(answer.path("message").asText()).contains(fault.messagePart);
            assertThat(answer.path("callbackDelaySeconds").asInt()).isBetween(
                fault == Fault.THROTTLING ? (int) RETRY_AFTER.toSeconds() : 1, 60);
            JsonNode done = answer;
            for (int callback = 0; "IN_PROGRESS".equals(done.path("status").asText()) && callback < 5; callback++) {
                done = invokeOnce(fault.description, request.withCallback(done.get("resourceModel"),
                    done.get("callbackContext")));
            }
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(existsInAzure(cloud, id(name))).isEqualTo(!"DELETE".equals(action));
            if ("UPDATE".equals(action)) {
                assertThat(done.path("resourceModel").path("Sku").asText()).isEqualTo("Standard_GRS");
            }
        }
        nothingOrphaned(name);
    }

    /** Azure holds the account in Creating: each invocation answers IN_PROGRESS in time, until Azure is done. */
    @Test
    void aCreateThatStaysCreatingIsFollowedAcrossInvocationsInTime() throws InterruptedException {
        final String name = uniqueName();
        final HandlerRequest request = AccountOnLocalCloud.request("CREATE", model(name, SignIn.CLIENT_SECRET));
        cloud.resourceManager().holdInCreating(name);
        try {
            JsonNode answer = invokeOnce("account stays Creating", request);
            for (int invocation = 0; invocation < 3; invocation++) {
                assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("IN_PROGRESS");
                assertThat(answer.path("resourceModel").path("Id").asText()).isEqualTo(id(name));
                answer = invokeOnce("account stays Creating", request.withCallback(answer.get("resourceModel"),
                    answer.get("callbackContext")));
            }
            assertThat(cloud.resourceManager().storageAccountIds().stream()
                .filter(account -> account.endsWith("/" + name))).as("one account, however often it was asked")
                .hasSize(1);
            cloud.resourceManager().releaseFromCreating(name);
            // Azure then takes the rest of its creation time (the stand-in's second): CloudFormation calls back.
            for (int callback = 0; "IN_PROGRESS".equals(answer.path("status").asText()) && callback < 5; callback++) {
                Thread.sleep(CALLBACK_PAUSE.toMillis());
                answer = invokeOnce("account stays Creating", request.withCallback(answer.get("resourceModel"),
                    answer.get("callbackContext")));
            }
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("SUCCESS");
        } finally {
            cloud.resourceManager().releaseFromCreating(name);
        }
        nothingOrphaned(name);
    }

    /** An app without a role: the failure names the action, the scope and the role to assign, and nothing is made. */
    @Test
    void authorizationFailedNamesTheActionTheScopeAndTheRole() {
        final String name = uniqueName();
        final ObjectNode withoutRole = SignIn.CLIENT_SECRET.applyToNewApp(cloud, model(name, SignIn.CLIENT_SECRET));
        final String app = withoutRole.path("AzureClientId").asText();
        for (final String action : new String[] {"CREATE", "READ", "DELETE"}) {
            final ObjectNode model = "CREATE".equals(action) ? withoutRole.deepCopy()
                : withoutRole.deepCopy().put("Id", id(LocalCloud.STORAGE_ACCOUNT)).put("AccountName",
                    LocalCloud.STORAGE_ACCOUNT);
            final JsonNode refused = invokeOnce("AuthorizationFailed", AccountOnLocalCloud.request(action, model));

            assertFailed(refused, "AccessDenied");
            assertThat(refused.path("message").asText()).contains(app, "Microsoft.Storage/storageAccounts/read",
                "/resourceGroups/" + LocalCloud.RESOURCE_GROUP, "Storage Account Contributor",
                "az role assignment create");
        }
        assertThat(existsInAzure(cloud, id(LocalCloud.STORAGE_ACCOUNT))).isTrue();
        nothingOrphaned(name);
    }

    /** An Azure Policy deny assignment: the failure names it, and nothing is made or changed. */
    @Test
    void aPolicyDenialNamesTheAssignmentAndChangesNothing() {
        final String group = "policy-" + uniqueName();
        cloud.resourceManager().addResourceGroup(LocalCloud.SUBSCRIPTION_ID, group, "germanywestcentral");
        final String scope = "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + group;
        final String assignment = "only-lrs-" + group;
        cloud.resourceManager().assignPolicy(PolicyAssignment.allowedStorageSkus(assignment, scope,
            List.of("Standard_LRS")));
        try {
            final String name = uniqueName();
            final ObjectNode refusedSku = model(name, SignIn.CLIENT_SECRET).put("ResourceGroupName", group)
                .put("Sku", "Standard_ZRS");

            final JsonNode refused = invokeOnce("RequestDisallowedByPolicy",
                AccountOnLocalCloud.request("CREATE", refusedSku));

            assertFailed(refused, "InvalidRequest");
            assertThat(refused.path("message").asText()).contains(assignment,
                "Storage accounts should be limited by allowed SKUs");
            assertThat(cloud.resourceManager().storageAccountIds()).noneMatch(account -> account.endsWith("/" + name));

            final ObjectNode allowed = model(name, SignIn.CLIENT_SECRET).put("ResourceGroupName", group);
            create(allowed.deepCopy());
            final JsonNode refusedUpdate = invokeOnce("RequestDisallowedByPolicy", AccountOnLocalCloud.request(
                "UPDATE", allowed.deepCopy().put("Sku", "Standard_GRS")).withPrevious(allowed));

            assertFailed(refusedUpdate, "InvalidRequest");
            assertThat(refusedUpdate.path("message").asText()).contains(assignment);
            final JsonNode deleted = cfn.invoke(AccountOnLocalCloud.request("DELETE", allowed.deepCopy()
                .put("Id", "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + group
                    + "/providers/Microsoft.Storage/storageAccounts/" + name)));
            assertThat(deleted.path("status").asText()).as(deleted.toString()).isEqualTo("SUCCESS");
            assertThat(cloud.resourceManager().storageAccountIds()).noneMatch(account -> account.endsWith("/" + name));
        } finally {
            cloud.resourceManager().removePolicy(assignment);
        }
    }
}
