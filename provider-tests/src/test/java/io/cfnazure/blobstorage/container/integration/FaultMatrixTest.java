package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import io.cfnazure.localcloud.AzureFaultProxy;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action under every kind of bad day, through the Lambda entry point with a short function timeout: Azure slow,
 * hanging, throttling or failing (a proxy in front of Azurite), Entra ID failing transiently, throttling (with its JSON,
 * an HTML page or an empty body), answering with an HTML page or not at all, Secrets Manager failing or not answering. Each invocation must answer before the
 * function times out; Create, Update and Delete call back and, once the fault is gone, finish without orphaning a
 * container or leaving an update half-done; Read and List fail with the retriable code. No secret reaches the log.
 *
 * <p>Each case signs in as an app of its own (its own tenant, client and secret) so that no cache of the warm handler
 * hides the fault, and reaches Azure through the proxy because its clients are built while the proxy is the endpoint.
 */
@UsesLocalCloud
class FaultMatrixTest {

    /** Short, so the suite stays fast; the deadline logic scales with it (template.yml gives 60 s). */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(6);
    private static final String TENANT = UUID.randomUUID().toString();
    private static final String SECRET_PREFIX = "faults/";
    private static final Duration HANG = Duration.ofSeconds(60);

    /** The longest invocation per fault and action, for the report. */
    private static final Map<String, Map<String, Duration>> LONGEST = new ConcurrentHashMap<>();

    private static AzureFaultProxy proxy;
    private static String directEndpoint;
    private static LocalCloud cloud;
    private static CloudFormationDriver cfn;
    private static final StringBuffer HANDLER_LOG = new StringBuffer();

    /** A kind of fault, what Read and List answer under it, and what their message names. */
    enum Fault {
        AZURE_SLOW("Azure slow (1.5 s per request)", null, "",
            (faults, proxy) -> proxy.faults().delay(request -> true, Duration.ofMillis(1500))),
        AZURE_HANGING("Azure hanging", "NetworkFailure", "did not answer",
            (faults, proxy) -> proxy.faults().delay(request -> true, HANG)),
        AZURE_THROTTLING("Azure throttling (503 ServerBusy, Retry-After 20)", "Throttling", "throttling",
            (faults, proxy) -> proxy.faults().answer(request -> true, -1, AzureFaultProxy.azureError(503,
                "ServerBusy", "The server is busy.").withHeader("Retry-After", "20"))),
        AZURE_FAILING("Azure failing (500 InternalError)", "ServiceInternalError", "Azure Storage failure",
            (faults, proxy) -> proxy.faults().answer(request -> true, -1, AzureFaultProxy.azureError(500,
                "InternalError", "The server encountered an internal error."))),
        ENTRA_TRANSIENT("Entra ID 503 temporarily_unavailable", "ServiceInternalError", "Entra ID outage",
            (cloud, proxy) -> cloud.entraId().faults().answer(request -> request.path().contains(TENANT), -1,
                Faults.Answer.json(503, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90033: "
                    + "A transient error has occurred. Please try again.\",\"error_codes\":[90033]}"))),
        ENTRA_THROTTLING("Entra ID 429 (Retry-After 120)", "Throttling", "Entra ID is throttling", 60,
            (cloud, proxy) -> cloud.entraId().faults().answer(request -> request.path().contains(TENANT), -1,
                Faults.Answer.json(429, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90055: "
                    + "TenantThrottlingError.\",\"error_codes\":[90055]}").withHeader("Retry-After", "120"))),
        ENTRA_THROTTLING_PAGE("Entra ID 429 HTML page (Retry-After 60)", "Throttling", "Entra ID is throttling", 60,
            (cloud, proxy) -> cloud.entraId().faults().answer(request -> request.path().contains(TENANT), -1,
                new Faults.Answer(429, "text/html", Map.of("Retry-After", "60"),
                    "<html><body><h1>429 Too Many Requests</h1></body></html>"))),
        ENTRA_THROTTLING_EMPTY("Entra ID 429 empty body (Retry-After 45)", "Throttling", "Entra ID is throttling", 45,
            (cloud, proxy) -> cloud.entraId().faults().answer(request -> request.path().contains(TENANT), -1,
                new Faults.Answer(429, "text/plain", Map.of("Retry-After", "45"), ""))),
        ENTRA_HTML_PAGE("Entra ID 502 HTML page", "ServiceInternalError", "with 502 and a page that is not Entra ID's",
            (cloud, proxy) -> cloud.entraId().faults().answer(request -> request.path().contains(TENANT), -1,
                new Faults.Answer(502, "text/html", Map.of(), "<html><body><h1>502 Bad Gateway</h1></body></html>"))),
        ENTRA_HANGING("Entra ID hanging", "NetworkFailure", "Entra ID did not answer",
            (cloud, proxy) -> cloud.entraId().faults().delay(request -> request.path().contains(TENANT), HANG)),
        SECRETS_MANAGER_SLOW("Secrets Manager slow (1.2 s)", null, "",
            (cloud, proxy) -> cloud.secretsManager().faults().delay(request -> request.body().contains(SECRET_PREFIX),
                Duration.ofMillis(1200))),
        SECRETS_MANAGER_HANGING("Secrets Manager hanging", "NetworkFailure", "Secrets Manager did not answer",
            (cloud, proxy) -> cloud.secretsManager().faults().delay(request -> request.body().contains(SECRET_PREFIX),
                HANG)),
        SECRETS_MANAGER_THROTTLING("Secrets Manager ThrottlingException", "Throttling", "throttled",
            (cloud, proxy) -> cloud.secretsManager().faults().answer(request -> request.body().contains(SECRET_PREFIX),
                -1, new Faults.Answer(400, "application/x-amz-json-1.1", Map.of(),
                    "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))),
        SECRETS_MANAGER_FAILING("Secrets Manager 500", "ServiceInternalError", "Secrets Manager is failing",
            (cloud, proxy) -> cloud.secretsManager().faults().answer(request -> request.body().contains(SECRET_PREFIX),
                -1, new Faults.Answer(500, "application/x-amz-json-1.1", Map.of(),
                    "{\"__type\":\"InternalServiceError\",\"message\":\"An internal error occurred.\"}")));

        final String description;
        /** Read and List fail with this code; null: they succeed (the fault only slows them). */
        final String readCode;
        final String messagePart;
        /** The seconds Create, Update and Delete ask CloudFormation to wait; null: any from 1 to 60. */
        final Integer callbackDelay;
        final BiConsumer<LocalCloud, AzureFaultProxy> apply;

        Fault(final String description, final String readCode, final String messagePart,
              final BiConsumer<LocalCloud, AzureFaultProxy> apply) {
            this(description, readCode, messagePart, null, apply);
        }

        Fault(final String description, final String readCode, final String messagePart, final Integer callbackDelay,
              final BiConsumer<LocalCloud, AzureFaultProxy> apply) {
            this.description = description;
            this.readCode = readCode;
            this.messagePart = messagePart;
            this.callbackDelay = callbackDelay;
            this.apply = apply;
        }
    }

    /** One app per case, so no warm cache answers for the service at fault. */
    private record App(String clientId, String clientSecret, String secretName) {
        static App register() {
            final String clientId = UUID.randomUUID().toString();
            final App app = new App(clientId, "Fault~" + UUID.randomUUID(), SECRET_PREFIX + clientId);
            cloud.entraId().registerApp(TENANT, app.clientId(), app.clientSecret());
            cloud.secretsManager().putSecret(app.secretName(), app.clientSecret());
            return app;
        }

        ObjectNode resource(final String container) {
            final ObjectNode model = model(container);
            model.put("AzureTenantId", TENANT).put("AzureClientId", clientId).put("AzureClientSecretName", secretName);
            return model;
        }
    }

    @BeforeAll
    static void startTheProxy(final LocalCloud localCloud) {
        cloud = localCloud;
        proxy = AzureFaultProxy.start(cloud.azurite());
        directEndpoint = System.getProperty("cfnazure.test.blobEndpoint");
        // Clients the handler builds from now on (for this test's apps) go through the proxy.
        System.setProperty("cfnazure.test.blobEndpoint", proxy.blobEndpointTemplate());
        cfn = CloudFormationDriver.forType(SCHEMA, new HandlerWrapper()::handleRequest)
            .account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, cloud::callerCredentials)
            .handlerLog(line -> HANDLER_LOG.append(line).append('\n'))
            .functionTimeout(FUNCTION_TIMEOUT)
            .build();
    }

    @AfterEach
    void endTheFault() {
        proxy.faults().clear();
        cloud.entraId().faults().clear();
        cloud.secretsManager().faults().clear();
    }

    @AfterAll
    static void report() throws IOException {
        System.setProperty("cfnazure.test.blobEndpoint", directEndpoint);
        proxy.close();
        assertThat(HANDLER_LOG.toString()).doesNotContain(LocalCloud.CLIENT_SECRET, "Fault~",
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
        final String[] actions = {"CREATE", "READ", "UPDATE", "DELETE", "LIST"};
        final StringBuilder table = new StringBuilder(String.format("Longest invocation per fault (function timeout "
            + "%d s)%n%n| Fault | %s |%n|---|%s%n", FUNCTION_TIMEOUT.toSeconds(), String.join(" | ", actions),
            "---|".repeat(actions.length)));
        for (final Fault fault : Fault.values()) {
            final Map<String, Duration> row = LONGEST.getOrDefault(fault.name(), Map.of());
            table.append("| ").append(fault.description).append(" | ").append(Arrays.stream(actions)
                .map(action -> row.containsKey(action) ? String.format("%.2f s", row.get(action).toMillis() / 1000.0)
                    : "-")
                .collect(Collectors.joining(" | "))).append(" |\n");
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "fault-matrix.md"), table);
        Files.writeString(Path.of("target", "fault-matrix-handler.log"), HANDLER_LOG);
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(Fault.values()).flatMap(fault -> Stream.of("CREATE", "READ", "UPDATE", "DELETE", "LIST")
            .map(action -> Arguments.of(fault, action)));
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("cases")
    void answersBeforeTheFunctionTimesOutAndRecoversOnceTheFaultIsGone(final Fault fault, final String action) {
        final App app = App.register();
        final String name = uniqueName();
        final BlobServiceClient azure = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
        if (!"CREATE".equals(action)) {
            azure.getBlobContainerClient(name).createWithResponse(Map.of("purpose", "before"), null, null,
                com.azure.core.util.Context.NONE);
        }
        final HandlerRequest request = switch (action) {
            case "CREATE", "DELETE" -> request(action, app.resource(name));
            case "READ" -> request(action, app.resource(name).put("ContainerUrl", url(name)));
            case "UPDATE" -> request(action, withMetadata(app.resource(name), "after"))
                .withPrevious(withMetadata(app.resource(name), "before").put("ContainerUrl", url(name)));
            default -> HandlerRequest.list(app.resource(null)).withPage(null, 5);
        };
        fault.apply.accept(cloud, proxy);

        final long start = System.nanoTime();
        final JsonNode answer = cfn.invokeOnce(request);
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        LONGEST.computeIfAbsent(fault.name(), f -> new TreeMap<>()).merge(action, took,
            (a, b) -> a.compareTo(b) >= 0 ? a : b);

        assertThat(took).as("answered before the function timed out").isLessThan(FUNCTION_TIMEOUT);
        final String status = answer.path("status").asText();
        if ("READ".equals(action) || "LIST".equals(action)) {
            if (fault.readCode == null) {
                assertThat(status).as(answer.toString()).isEqualTo("SUCCESS");
            } else {
                assertThat(status).as(answer.toString()).isEqualTo("FAILED");
                assertThat(answer.path("errorCode").asText()).as(answer.toString()).isEqualTo(fault.readCode);
                assertThat(answer.path("message").asText()).contains(fault.messagePart)
                    .doesNotContain("client secret", "check AzureTenantId");
            }
            return;
        }
        assertThat(status).as(answer.toString()).isIn(fault.readCode == null ? new String[] {"SUCCESS", "IN_PROGRESS"}
            : new String[] {"IN_PROGRESS"});
        JsonNode done = answer;
        if ("IN_PROGRESS".equals(status)) {
            assertThat(answer.path("callbackDelaySeconds").asInt()).isBetween(1, 60);
            if (fault.callbackDelay != null) {
                assertThat(answer.path("callbackDelaySeconds").asInt()).as("the wait the service asked for, capped")
                    .isEqualTo(fault.callbackDelay);
            }
            assertThat(answer.path("message").asText()).contains(fault.messagePart);
            endTheFault();
            done = cfn.invokeOnce(request.withCallback(answer.get("resourceModel"), answer.get("callbackContext")));
        }
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCESS");
        final var container = azure.getBlobContainerClient(name);
        switch (action) {
            case "CREATE" -> assertThat(container.getProperties().getMetadata())
                .containsEntry("purpose", "contract-test").containsKey("cfn_client_request_token");
            case "UPDATE" -> assertThat(container.getProperties().getMetadata()).containsEntry("purpose", "after");
            default -> assertThat(container.exists()).isFalse();
        }
        if (!"DELETE".equals(action)) {
            container.delete();
        }
    }

    private static ObjectNode withMetadata(final ObjectNode model, final String purpose) {
        model.putObject("Metadata").put("purpose", purpose);
        return model;
    }

    private static String url(final String name) {
        return "https://" + LocalCloud.STORAGE_ACCOUNT + ".blob.core.windows.net/" + name;
    }
}
