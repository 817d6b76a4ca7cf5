package io.cfnazure.blobstorage.container.arm;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.cfnazure.access.InMemoryHttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Azure Resource Manager at the HTTP edge of the management SDK: the real StorageManager, its pipeline and its
 * long-running-operation polling run against these answers. Each route answers its requests in turn, the last answer
 * repeating; a request no route matches is answered 500 and recorded, so tests can assert what was sent.
 */
public final class ArmHttpEdge implements HttpClient {

    public static final String SUBSCRIPTION = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    public static final String GROUP_PATH = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/";

    /** One request as it left the SDK, with its If-Match header (null when none). */
    public record Exchange(HttpMethod method, String path, String query, String body, String ifMatch) {
    }

    /** One answer: a status, headers and a JSON body (empty for none). */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Where to send a request: the answers of the first route whose method and path match. */
    private record Route(HttpMethod method, Pattern path, List<Answer> answers) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    /** Answers requests of {@code method} to paths matching {@code pathRegex}, in turn. */
    public ArmHttpEdge on(final HttpMethod method, final String pathRegex, final Answer... answers) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), new ArrayList<>(Arrays.asList(answers))));
        return this;
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The requests of {@code method} whose path matches {@code pathRegex}. */
    public List<Exchange> sent(final HttpMethod method, final String pathRegex) {
        final Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
        return exchanges().stream().filter(e -> e.method() == method && path.matcher(e.path()).matches())
            .collect(Collectors.toList());
    }

    @Override
    public Mono<HttpResponse> send(final HttpRequest request) {
        final String body = request.getBodyAsBinaryData() == null ? "" : request.getBodyAsBinaryData().toString();
        final String path = request.getUrl().getPath();
        exchanges.add(new Exchange(request.getHttpMethod(), path, request.getUrl().getQuery(), body,
            request.getHeaders().getValue(HttpHeaderName.IF_MATCH)));
        for (final Route route : routes) {
            if (route.method() == request.getHttpMethod() && route.path().matcher(path).matches()) {
                final Answer answer = route.answers().size() > 1 ? route.answers().remove(0) : route.answers().get(0);
                if (answer == null) {
                    return Mono.error(new IOException("Connection reset (no answer)"));
                }
                final HttpHeaders headers = new HttpHeaders()
                    .set(HttpHeaderName.CONTENT_TYPE, "application/json; charset=utf-8")
                    .set(HttpHeaderName.fromString("x-ms-request-id"), "00000000-0000-0000-0000-000000000001");
                answer.headers().forEach((name, value) -> headers.set(HttpHeaderName.fromString(name), value));
                return Mono.just(new InMemoryHttpResponse(request, answer.status(), headers, answer.body()));
            }
        }
        return Mono.just(new InMemoryHttpResponse(request, 500, new HttpHeaders()
            .set(HttpHeaderName.CONTENT_TYPE, "application/json"),
            "{\"error\":{\"code\":\"UnexpectedRequest\",\"message\":\"The test edge has no route for "
                + request.getHttpMethod() + " " + path + "\"}}"));
    }

    public static Answer json(final int status, final String body) {
        return new Answer(status, Map.of(), body);
    }

    public static Answer answer(final int status, final Map<String, String> headers, final String body) {
        return new Answer(status, headers, body);
    }

    /** A request that gets no answer at all (the connection fails). */
    public static Answer noAnswer() {
        return null;
    }

    /** ARM's error answer. */
    public static Answer error(final int status, final String code, final String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"")
            + "\"}}");
    }

    /** The start of a long-running operation: 202, and where and when to look. */
    public static Answer accepted(final String operationPath) {
        return answer(202, Map.of("Location", "https://management.azure.com" + operationPath, "Retry-After", "1"), "");
    }

    public static String accountPath(final String group, final String name) {
        return GROUP_PATH + group + "/providers/Microsoft.Storage/storageAccounts/" + name;
    }

    /** A storage account as ARM describes it (after the StorageAccountCreate example of the 2025-06-01 API). */
    public static String account(final String group, final String name, final String location,
                                 final String provisioningState, final String sku, final Map<String, String> tags) {
        final String secondary = sku.contains("GRS") || sku.contains("GZRS")
            ? ",\"secondaryLocation\":\"" + pairOf(location) + "\",\"statusOfSecondary\":\"available\"" : "";
        return "{\"id\":\"" + accountPath(group, name) + "\",\"kind\":\"StorageV2\",\"location\":\"" + location
            + "\",\"name\":\"" + name + "\",\"type\":\"Microsoft.Storage/storageAccounts\","
            + "\"sku\":{\"name\":\"" + sku + "\",\"tier\":\"" + (sku.startsWith("Premium") ? "Premium" : "Standard")
            + "\"},\"tags\":" + object(tags) + ",\"properties\":{\"provisioningState\":\"" + provisioningState + "\","
            + "\"creationTime\":\"2026-12-06T10:00:00.0000000Z\",\"primaryLocation\":\"" + location + "\","
            + "\"statusOfPrimary\":\"available\"" + secondary + ",\"accessTier\":\"Hot\",\"minimumTlsVersion\":\"TLS1_2\","
            + "\"allowBlobPublicAccess\":false,\"allowSharedKeyAccess\":false,\"allowCrossTenantReplication\":false,"
            + "\"publicNetworkAccess\":\"Enabled\",\"supportsHttpsTrafficOnly\":true,"
            + "\"networkAcls\":{\"bypass\":\"AzureServices\",\"virtualNetworkRules\":[],\"ipRules\":[],"
            + "\"defaultAction\":\"Allow\"},"
            + "\"encryption\":{\"services\":{\"blob\":{\"keyType\":\"Account\",\"enabled\":true}},"
            + "\"requireInfrastructureEncryption\":false,\"keySource\":\"Microsoft.Storage\"},"
            + "\"primaryEndpoints\":{\"blob\":\"https://" + name + ".blob.core.windows.net/\",\"dfs\":\"https://" + name
            + ".dfs.core.windows.net/\"}}}";
    }

    /** The blob service's properties (after the BlobServicesGet example). */
    public static String blobService(final String group, final String name, final boolean versioning,
                                     final int blobRetentionDays, final int containerRetentionDays) {
        return "{\"id\":\"" + accountPath(group, name) + "/blobServices/default\",\"name\":\"default\","
            + "\"type\":\"Microsoft.Storage/storageAccounts/blobServices\",\"properties\":{"
            + "\"isVersioningEnabled\":" + versioning + ",\"changeFeed\":{\"enabled\":false},"
            + "\"deleteRetentionPolicy\":" + retention(blobRetentionDays) + ","
            + "\"containerDeleteRetentionPolicy\":" + retention(containerRetentionDays) + "}}";
    }

    public static String nameAvailable() {
        return "{\"nameAvailable\":true}";
    }

    public static String nameUnavailable(final String reason, final String message) {
        return "{\"nameAvailable\":false,\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}";
    }

    public static String resourceGroup(final String group, final String location, final Map<String, String> tags) {
        return "{\"id\":\"" + GROUP_PATH + group + "\",\"name\":\"" + group + "\",\"type\":"
            + "\"Microsoft.Resources/resourceGroups\",\"location\":\"" + location + "\",\"tags\":" + object(tags)
            + ",\"properties\":{\"provisioningState\":\"Succeeded\"}}";
    }

    /** A list answer of ARM: {@code value} and, for more pages, {@code nextLink}. */
    public static String list(final List<String> items, final String nextLink) {
        return "{\"value\":[" + String.join(",", items) + "]"
            + (nextLink == null ? "" : ",\"nextLink\":\"" + nextLink + "\"") + "}";
    }

    /** A container as ARM lists it (after the BlobContainersList example). */
    public static String container(final String group, final String account, final String name,
                                   final boolean legalHold, final String policyState) {
        return "{\"id\":\"" + accountPath(group, account) + "/blobServices/default/containers/" + name + "\",\"name\":\""
            + name + "\",\"type\":\"Microsoft.Storage/storageAccounts/blobServices/containers\",\"etag\":\"\\\"0x8D\\\"\","
            + "\"properties\":{\"publicAccess\":\"None\",\"leaseStatus\":\"Unlocked\",\"leaseState\":\"Available\","
            + "\"hasLegalHold\":" + legalHold + ",\"hasImmutabilityPolicy\":" + (policyState != null)
            + (policyState == null ? "" : ",\"immutabilityPolicy\":{\"properties\":{"
                + "\"immutabilityPeriodSinceCreationInDays\":30,\"state\":\"" + policyState + "\"},\"etag\":\"\\\"8d\\\"\"}")
            + "}}";
    }

    private static String retention(final int days) {
        return days == 0 ? "{\"enabled\":false}" : "{\"enabled\":true,\"days\":" + days + "}";
    }

    /** Microsoft's pairs of the regions the tests use. */
    private static String pairOf(final String location) {
        return Map.of("brazilsouth", "southcentralus", "germanywestcentral", "germanynorth",
            "northeurope", "westeurope").get(location);
    }

    private static String object(final Map<String, String> values) {
        return new TreeMap<>(values).entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    }
}
