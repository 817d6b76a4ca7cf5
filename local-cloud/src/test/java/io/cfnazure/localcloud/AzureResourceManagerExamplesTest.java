package io.cfnazure.localcloud;

import static io.cfnazure.localcloud.ResourceManagerClients.uniqueAccountName;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's answers against Microsoft's published examples of api-version 2025-06-01 (test resources
 * {@code arm-examples/}, their source in SOURCES.md): each example's request goes to the stand-in over HTTPS, and
 * the answer must have one of the example's status codes, every field of the example's answer (but those listed in
 * {@link #NOT_EMULATED}), the values the request set, and for the asynchronous create the headers ARM's polling
 * needs.
 */
@UsesLocalCloud
class AzureResourceManagerExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_VERSION = "2025-06-01";
    private static final String ENDPOINTS = "properties.primaryEndpoints.";
    /**
     * Example fields the stand-in leaves out, and why: endpoints other than blob (only the Blob service is emulated,
     * by Azurite), Internet and Microsoft routing endpoints, edge zones, and list paging.
     */
    private static final Map<String, Set<String>> NOT_EMULATED = Map.of(
        "StorageAccountCreate.json", Set.of("extendedLocation", "extendedLocation.type", "extendedLocation.name",
            ENDPOINTS + "web", ENDPOINTS + "dfs", ENDPOINTS + "file", ENDPOINTS + "queue", ENDPOINTS + "table",
            ENDPOINTS + "microsoftEndpoints", ENDPOINTS + "internetEndpoints"),
        "StorageAccountCreateWithImmutabilityPolicy.json", Set.of("extendedLocation", "extendedLocation.type",
            "extendedLocation.name", ENDPOINTS + "web", ENDPOINTS + "dfs", ENDPOINTS + "file", ENDPOINTS + "queue",
            ENDPOINTS + "table"),
        "StorageAccountUpdate.json", Set.of(ENDPOINTS + "web", ENDPOINTS + "dfs", ENDPOINTS + "file",
            ENDPOINTS + "queue", ENDPOINTS + "table", ENDPOINTS + "microsoftEndpoints",
            ENDPOINTS + "internetEndpoints"),
        "StorageAccountListByResourceGroup.json", Set.of("value[]." + ENDPOINTS + "web", "value[]." + ENDPOINTS
            + "dfs", "value[]." + ENDPOINTS + "file", "value[]." + ENDPOINTS + "queue",
            "value[]." + ENDPOINTS + "table"),
        "BlobContainersList.json", Set.of("nextLink"));

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext())
        .build();
    private static String endpoint;
    private static String token;
    /** An account made from Microsoft's create example: Standard_GRS, hierarchical namespace, key and SAS policy. */
    private static String account;

    @BeforeAll
    static void createTheExamplesAccount(final LocalCloud cloud) throws Exception {
        endpoint = cloud.resourceManager().endpoint();
        token = ResourceManagerClients.credential(cloud, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID,
            LocalCloud.CLIENT_SECRET).getTokenSync(new TokenRequestContext()
            .addScopes("https://management.azure.com//.default")).getToken();
        account = uniqueAccountName();
        createAccount("StorageAccountCreate.json", account);
    }

    @Test
    void createAnswers202WithLocationAzureAsyncOperationAndRetryAfterThenTheAccount() throws Exception {
        createAccount("StorageAccountCreateWithImmutabilityPolicy.json", uniqueAccountName());
    }

    /** PUT 202, then the Location's monitor answers 202 until the account is ready and then 200 with it. */
    private static void createAccount(final String example, final String name) throws Exception {
        final JsonNode request = example(example).path("parameters").path("parameters");

        final HttpResponse<String> accepted = send("PUT", accountPath(name), request, null);

        assertStatusOf(example, accepted);
        assertThat(accepted.statusCode()).isEqualTo(202);
        final String location = accepted.headers().firstValue("Location").orElseThrow();
        final String asyncOperation = accepted.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        assertThat(location).startsWith(endpoint).contains("monitor=true");
        assertThat(asyncOperation).startsWith(endpoint).contains("/asyncoperations/");
        assertThat(Long.parseLong(accepted.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(accepted.body()).isEmpty();
        final JsonNode created = await(location);
        assertShape(example, "200", created);
        assertEchoes(request, created);
        assertThat(created.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(JSON.readTree(send("GET", URI.create(asyncOperation), null, null).body()).path("status")
            .asText()).isEqualTo("Succeeded");
    }

    @Test
    void checkNameAvailability() throws Exception {
        final ObjectNode request = example("StorageAccountCheckNameAvailability.json").path("parameters")
            .path("accountName").deepCopy();
        request.put("name", uniqueAccountName());

        final HttpResponse<String> answer = send("POST", "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID
            + "/providers/Microsoft.Storage/checkNameAvailability", request, null);

        assertAnswers("StorageAccountCheckNameAvailability.json", answer);
    }

    @Test
    void updateAndListByResourceGroup() throws Exception {
        final JsonNode request = example("StorageAccountUpdate.json").path("parameters").path("parameters");

        final HttpResponse<String> updated = send("PATCH", accountPath(account), request, null);
        final HttpResponse<String> listed = send("GET", "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID
            + "/resourceGroups/" + LocalCloud.RESOURCE_GROUP + "/providers/Microsoft.Storage/storageAccounts", null,
            null);

        assertAnswers("StorageAccountUpdate.json", updated);
        assertEchoes(request, JSON.readTree(updated.body()));
        assertAnswers("StorageAccountListByResourceGroup.json", listed);
    }

    @Test
    void blobServiceProperties() throws Exception {
        final JsonNode request = example("BlobServicesPut.json").path("parameters").path("parameters");

        final HttpResponse<String> answer = send("PUT", accountPath(account) + "/blobServices/default", request,
            null);

        assertAnswers("BlobServicesPut.json", answer);
        assertEchoes(request, JSON.readTree(answer.body()));
    }

    @Test
    void containers() throws Exception {
        final String publicAccount = uniqueAccountName();
        final ObjectNode allowingPublicAccess = example("StorageAccountCreate.json").path("parameters")
            .path("parameters").deepCopy();
        ((ObjectNode) allowingPublicAccess.path("properties")).put("allowBlobPublicAccess", true);
        await(send("PUT", accountPath(publicAccount), allowingPublicAccess, null).headers().firstValue("Location")
            .orElseThrow());

        final HttpResponse<String> created = send("PUT", containerPath(publicAccount, "container6185"),
            example("BlobContainersPut.json").path("parameters").path("blobContainer"), null);
        final JsonNode patch = example("BlobContainersPatch.json").path("parameters").path("blobContainer");
        final HttpResponse<String> patched = send("PATCH", containerPath(publicAccount, "container6185"), patch,
            null);
        send("PUT", containerPath(publicAccount, "container4052"), JSON.createObjectNode(), null);
        final HttpResponse<String> listed = send("GET", accountPath(publicAccount)
            + "/blobServices/default/containers", null, null);

        assertAnswers("BlobContainersPut.json", created);
        assertThat(created.statusCode()).isEqualTo(201);
        assertAnswers("BlobContainersPatch.json", patched);
        assertEchoes(patch, JSON.readTree(patched.body()));
        assertAnswers("BlobContainersList.json", listed);
    }

    @Test
    void containerWithVersionLevelImmutability() throws Exception {
        send("PUT", accountPath(account) + "/blobServices/default",
            JSON.readTree("{\"properties\":{\"isVersioningEnabled\":true}}"), null);
        final JsonNode request = example("BlobContainersPutObjectLevelWorm.json").path("parameters")
            .path("blobContainer");

        final HttpResponse<String> created = send("PUT", containerPath(account, "worm-versions"), request, null);

        assertAnswers("BlobContainersPutObjectLevelWorm.json", created);
        assertEchoes(request, JSON.readTree(created.body()));
    }

    /** Create, lock and extend a policy with its ETags, set and clear legal holds, and read the container. */
    @Test
    void immutabilityPoliciesLegalHoldsAndTheContainerThatHasThem() throws Exception {
        send("PUT", containerPath(account, "container1634"), JSON.createObjectNode(), null);
        final String policy = containerPath(account, "container1634") + "/immutabilityPolicies/default";
        final JsonNode putRequest = example("BlobContainersPutImmutabilityPolicy.json").path("parameters")
            .path("parameters");

        final HttpResponse<String> put = send("PUT", policy, putRequest, null);
        final HttpResponse<String> locked = send("POST", policy + "/lock", null, etagOf(put));
        final JsonNode extendRequest = example("BlobContainersExtendImmutabilityPolicy.json").path("parameters")
            .path("parameters");
        final HttpResponse<String> extended = send("POST", policy + "/extend", extendRequest, etagOf(locked));
        final HttpResponse<String> held = send("POST", containerPath(account, "container1634") + "/setLegalHold",
            example("BlobContainersSetLegalHold.json").path("parameters").path("LegalHold"), null);
        final HttpResponse<String> container = send("GET", containerPath(account, "container1634"), null, null);

        assertPolicy("BlobContainersPutImmutabilityPolicy.json", put);
        assertEchoes(putRequest, JSON.readTree(put.body()));
        assertPolicy("BlobContainersLockImmutabilityPolicy.json", locked);
        assertPolicy("BlobContainersExtendImmutabilityPolicy.json", extended);
        assertEchoes(extendRequest, JSON.readTree(extended.body()));
        assertAnswers("BlobContainersSetLegalHold.json", held);
        assertAnswers("BlobContainersGet.json", container);

        final HttpResponse<String> cleared = send("POST", containerPath(account, "container1634")
            + "/clearLegalHold", example("BlobContainersClearLegalHold.json").path("parameters")
            .path("LegalHold"), null);
        assertAnswers("BlobContainersClearLegalHold.json", cleared);
        assertThat(JSON.readTree(cleared.body()).path("hasLegalHold").asBoolean()).isFalse();
    }

    @Test
    void deleteAnUnlockedPolicy() throws Exception {
        send("PUT", containerPath(account, "container4910"), JSON.createObjectNode(), null);
        final String policy = containerPath(account, "container4910") + "/immutabilityPolicies/default";
        final HttpResponse<String> put = send("PUT", policy, example("BlobContainersPutImmutabilityPolicy.json")
            .path("parameters").path("parameters"), null);

        final HttpResponse<String> deleted = send("DELETE", policy, null, etagOf(put));

        assertPolicy("BlobContainersDeleteImmutabilityPolicy.json", deleted);
        assertThat(JSON.readTree(deleted.body()).path("properties").path("immutabilityPeriodSinceCreationInDays")
            .asInt()).isZero();
    }

    /** An immutability policy answer: the example's status and fields, and its ETag in the header too. */
    private static void assertPolicy(final String example, final HttpResponse<String> answer) throws IOException {
        final JsonNode body = assertAnswers(example, answer);
        assertThat(answer.headers().firstValue("ETag")).contains(body.path("etag").asText());
    }

    /** The answer has one of the example's status codes and that answer's fields; returns its body. */
    private static JsonNode assertAnswers(final String example, final HttpResponse<String> answer)
        throws IOException {
        assertStatusOf(example, answer);
        final JsonNode body = JSON.readTree(answer.body());
        assertShape(example, String.valueOf(answer.statusCode()), body);
        return body;
    }

    private static String etagOf(final HttpResponse<String> answer) {
        return answer.headers().firstValue("ETag").orElseThrow();
    }

    private static void assertStatusOf(final String example, final HttpResponse<String> answer) {
        assertThat(example(example).path("responses").has(String.valueOf(answer.statusCode())))
            .as("%s: %s answered %s", example, answer.request().uri().getPath(), answer.body())
            .isTrue();
    }

    /** Every field of the example's answer (but those the stand-in does not emulate, and theirs) is in ours. */
    private static void assertShape(final String example, final String status, final JsonNode ours) {
        final Set<String> expected = fieldPaths(example(example).path("responses").path(status).path("body"), "");
        final Set<String> notEmulated = NOT_EMULATED.getOrDefault(example, Set.of());
        expected.removeIf(path -> notEmulated.stream().anyMatch(left -> path.equals(left)
            || path.startsWith(left + ".")));
        assertThat(fieldPaths(ours, "")).as(example).containsAll(expected);
    }

    /** The values a request set come back as set (but an edge zone, which the stand-in does not emulate). */
    private static void assertEchoes(final JsonNode request, final JsonNode answer) {
        final Iterator<Map.Entry<String, JsonNode>> fields = request.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            if ("extendedLocation".equals(field.getKey())) {
                continue;
            }
            if (field.getValue().isObject()) {
                assertEchoes(field.getValue(), answer.path(field.getKey()));
            } else {
                assertThat(answer.path(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
            }
        }
    }

    /** Dotted paths of every object field; array elements are {@code name[]}, their fields merged. */
    private static Set<String> fieldPaths(final JsonNode node, final String prefix) {
        final Set<String> paths = new TreeSet<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                final String path = prefix + field.getKey();
                paths.add(path);
                paths.addAll(fieldPaths(field.getValue(), path + "."));
            });
        } else if (node.isArray()) {
            final String arrayPrefix = prefix.substring(0, prefix.length() - 1) + "[].";
            node.forEach(element -> paths.addAll(fieldPaths(element, arrayPrefix)));
        }
        return paths;
    }

    private static JsonNode await(final String location) throws Exception {
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            final HttpResponse<String> poll = send("GET", URI.create(location), null, null);
            if (poll.statusCode() == 200) {
                return JSON.readTree(poll.body());
            }
            assertThat(poll.statusCode()).as("poll %s: %s", location, poll.body()).isEqualTo(202);
            Thread.sleep(Long.parseLong(poll.headers().firstValue("Retry-After").orElseThrow()) * 1000);
        }
        throw new AssertionError("The create did not finish within 30 s: " + location);
    }

    private static String accountPath(final String name) {
        return "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + LocalCloud.RESOURCE_GROUP
            + "/providers/Microsoft.Storage/storageAccounts/" + name;
    }

    private static String containerPath(final String accountName, final String container) {
        return accountPath(accountName) + "/blobServices/default/containers/" + container;
    }

    private static HttpResponse<String> send(final String method, final String path, final JsonNode body,
                                             final String ifMatch) throws Exception {
        return send(method, URI.create(endpoint + path.substring(1) + "?api-version=" + API_VERSION), body, ifMatch);
    }

    private static HttpResponse<String> send(final String method, final URI uri, final JsonNode body,
                                             final String ifMatch) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode example(final String name) {
        try (InputStream in = AzureResourceManagerExamplesTest.class.getResourceAsStream("arm-examples/" + name)) {
            return JSON.readTree(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
