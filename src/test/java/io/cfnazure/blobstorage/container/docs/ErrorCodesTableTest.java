package io.cfnazure.blobstorage.container.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.blobstorage.container.azure.AzureAccess;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.InMemoryHttpResponse;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignIn;
import io.cfnazure.access.signin.ClientSecretCache;
import io.cfnazure.access.signin.EntraIdHttpEdge;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.signin.SecretLocation;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.cloudformation.HandlerFailure;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * The README's error table, checked against the translations it documents, so the two cannot drift apart. Each row's
 * cause is read as prose in which a service's name ("Azure" for Azure Storage, "Azure Resource Manager", "Entra ID",
 * "Secrets Manager", "STS") starts a clause
 * about that service (up to the next ";" outside parentheses; "Secrets Manager or STS" names both), and in that clause:
 * <ul>
 *   <li>an HTTP status ({@code 429}, {@code 5xx}) alone is an answer with that status and no error code (for Entra ID:
 *   with Entra's JSON, an HTML page and an empty body);</li>
 *   <li>{@code 409 `Code`} is that code with that status; {@code 403 (`Code`, ...)} is the status alone and each
 *   code with it; a code without a status is answered with 400;</li>
 *   <li>for Entra ID, {@code `AADSTS700016`} or {@code `700016`} is a refusal with that AADSTS code and
 *   {@code `temporarily_unavailable`} an OAuth error, each in both sign-in modes.</li>
 * </ul>
 * Each such answer goes on the wire of the service's real client (an HTTP client answering in memory) into the
 * provider's code that calls it, and the translated failure must carry the row's error code. A code-like name the
 * reading cannot place fails the test rather than being skipped.
 */
class ErrorCodesTableTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern ROW = Pattern.compile("^\\| (.+) \\| `(\\w+)` \\|$");
    private static final Pattern TOKEN = Pattern.compile(
        "(?<service>Entra ID|Azure Resource Manager|Azure|Secrets Manager|STS)\\b"
        + "|`(?<code>[^`]+)`|\\b(?<status>[1-5](?:\\d\\d|xx))\\b|(?<open>\\()|(?<close>\\))|(?<clause>;)");
    private static final Pattern AADSTS = Pattern.compile("(?:AADSTS)?(\\d{4,})");
    private static final Pattern OAUTH_ERROR = Pattern.compile("[a-z]+(?:_[a-z]+)+");
    private static final Pattern SERVICE_ERROR = Pattern.compile("[A-Z][A-Za-z0-9]+");
    private static final int WITHOUT_STATUS = 400;

    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    private static final String REGION = "eu-central-1";
    private static final String AUDIENCE = "api://AzureADTokenExchange";

    enum Service { AZURE_STORAGE, AZURE_RESOURCE_MANAGER, ENTRA_ID, SECRETS_MANAGER, STS }

    /** One answer a row's cause names: the status (null: without one), the error code (null: without one). */
    record Answer(Service service, Integer status, String code) {
        @Override
        public String toString() {
            return service + " " + (status == null ? "" : status + " ") + (code == null ? "(no code)" : code);
        }
    }

    record Row(String cause, HandlerErrorCode errorCode, List<Answer> answers) {
    }

    @TestFactory
    Stream<DynamicTest> eachAnswerARowNamesIsTranslatedToTheRowsErrorCode() throws IOException {
        return rows().stream().flatMap(row -> row.answers().stream().map(answer -> DynamicTest.dynamicTest(
            answer + " -> " + row.errorCode(), () -> {
                for (final HandlerFailure failure : translated(answer)) {
                    assertThat(failure.getErrorCode()).as("%s, translated: %s", answer, failure.getMessage())
                        .isEqualTo(row.errorCode());
                }
            })));
    }

    @Test
    void theTableNamesAnswersOfEveryServiceAndEveryErrorCodeHasARow() throws IOException {
        final List<Row> rows = rows();

        assertThat(rows.stream().flatMap(row -> row.answers().stream()).map(Answer::service).distinct())
            .containsExactlyInAnyOrder(Service.values());
        assertThat(rows.stream().map(Row::errorCode)).containsExactlyInAnyOrder(HandlerErrorCode.NotFound,
            HandlerErrorCode.AlreadyExists, HandlerErrorCode.InvalidCredentials, HandlerErrorCode.AccessDenied,
            HandlerErrorCode.InvalidRequest, HandlerErrorCode.NotUpdatable, HandlerErrorCode.Throttling,
            HandlerErrorCode.ServiceInternalError, HandlerErrorCode.ResourceConflict, HandlerErrorCode.NetworkFailure,
            HandlerErrorCode.GeneralServiceException, HandlerErrorCode.InternalFailure);
    }

    @Test
    void theReadingFindsWhatACauseNames() {
        assertThat(answers("Azure 404 `ContainerNotFound` / `ResourceNotFound` (also 409 `ContainerBeingDeleted`); "
            + "Azure 429 or 503 (`ServerBusy`); Entra ID 5xx, `temporarily_unavailable` (`AADSTS90061`, `50166`); "
            + "Secrets Manager or STS refusing (`ExpiredToken`); a secret without `clientSecret`; Azure Resource "
            + "Manager 409 `ScopeLocked`")).containsExactly(
            new Answer(Service.AZURE_STORAGE, 404, "ContainerNotFound"),
            new Answer(Service.AZURE_STORAGE, 404, "ResourceNotFound"),
            new Answer(Service.AZURE_STORAGE, 409, "ContainerBeingDeleted"),
            new Answer(Service.AZURE_STORAGE, 429, null),
            new Answer(Service.AZURE_STORAGE, 503, null),
            new Answer(Service.AZURE_STORAGE, 503, "ServerBusy"),
            new Answer(Service.ENTRA_ID, 500, null),
            new Answer(Service.ENTRA_ID, WITHOUT_STATUS, "temporarily_unavailable"),
            new Answer(Service.ENTRA_ID, WITHOUT_STATUS, "AADSTS90061"),
            new Answer(Service.ENTRA_ID, WITHOUT_STATUS, "AADSTS50166"),
            new Answer(Service.SECRETS_MANAGER, WITHOUT_STATUS, "ExpiredToken"),
            new Answer(Service.STS, WITHOUT_STATUS, "ExpiredToken"),
            new Answer(Service.AZURE_RESOURCE_MANAGER, 409, "ScopeLocked"));
    }

    private static List<Row> rows() throws IOException {
        final String readme = Files.readString(README);
        final int start = readme.indexOf("\n## Error codes\n");
        final String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        final List<Row> rows = new ArrayList<>();
        for (final String line : section.lines().toList()) {
            final Matcher row = ROW.matcher(line);
            if (row.matches() && !line.startsWith("| Cause ")) {
                rows.add(new Row(row.group(1), HandlerErrorCode.valueOf(row.group(2)), answers(row.group(1))));
            }
        }
        return rows;
    }

    /** The answers a cause names, read as the class comment says. */
    static List<Answer> answers(final String cause) {
        final List<Answer> answers = new ArrayList<>();
        final Set<Service> services = EnumSet.noneOf(Service.class);
        boolean afterService = false;
        Integer status = null;
        int depth = 0;
        final Matcher token = TOKEN.matcher(cause);
        while (token.find()) {
            if (token.group("service") != null) {
                if (!afterService) {
                    services.clear();
                }
                services.add(service(token.group("service")));
                afterService = true;
                status = null;
                continue;
            }
            afterService = false;
            if (token.group("open") != null || token.group("close") != null) {
                depth += token.group("open") != null ? 1 : -1;
            } else if (token.group("clause") != null && depth == 0) {
                services.clear();
                status = null;
            } else if (token.group("status") != null && !services.isEmpty()) {
                final String rest = cause.substring(token.end()).stripLeading();
                final String digits = token.group("status").replace("xx", "00");
                status = rest.startsWith("`") || rest.startsWith("(`") ? Integer.valueOf(digits) : null;
                if (!rest.startsWith("`")) {
                    for (final Service service : services) {
                        answers.add(new Answer(service, Integer.valueOf(digits), null));
                    }
                }
            } else if (token.group("code") != null) {
                answers.addAll(codeAnswers(token.group("code"), services, status, cause));
            }
        }
        return answers;
    }

    private static List<Answer> codeAnswers(final String code, final Set<Service> services, final Integer status,
                                            final String cause) {
        final Matcher aadsts = AADSTS.matcher(code);
        final boolean codeLike = aadsts.matches() || OAUTH_ERROR.matcher(code).matches()
            || SERVICE_ERROR.matcher(code).matches();
        if (!codeLike) {
            return List.of();
        }
        assertThat(services).as("the service of `%s` in: %s", code, cause).isNotEmpty();
        final List<Answer> answers = new ArrayList<>();
        for (final Service service : services) {
            final boolean fits = service == Service.ENTRA_ID
                ? aadsts.matches() || OAUTH_ERROR.matcher(code).matches()
                : SERVICE_ERROR.matcher(code).matches() && !aadsts.matches();
            assertThat(fits).as("`%s` as an error code of %s, in: %s", code, service, cause).isTrue();
            answers.add(new Answer(service, status == null ? WITHOUT_STATUS : status,
                aadsts.matches() ? "AADSTS" + aadsts.group(1) : code));
        }
        return answers;
    }

    private static Service service(final String name) {
        return switch (name) {
            case "Azure" -> Service.AZURE_STORAGE;
            case "Azure Resource Manager" -> Service.AZURE_RESOURCE_MANAGER;
            case "Entra ID" -> Service.ENTRA_ID;
            case "Secrets Manager" -> Service.SECRETS_MANAGER;
            default -> Service.STS;
        };
    }

    /** The answer through the service's client and the provider's code that calls it: the failures it became. */
    private static List<HandlerFailure> translated(final Answer answer) {
        return switch (answer.service()) {
            case AZURE_STORAGE -> List.of(azureStorage(answer));
            case AZURE_RESOURCE_MANAGER -> List.of(azureResourceManager(answer));
            case ENTRA_ID -> entraId(answer);
            case SECRETS_MANAGER -> List.of(failure(() -> new ClientSecretCache(Clock.systemUTC(), CallerSignIn.TERMS)
                .get(awsClient(SecretsManagerClient.builder(), answer, "application/x-amz-json-1.1",
                        "{\"__type\":\"%s\",\"message\":\"The table's answer.\"}")::getSecretValue,
                    SecretLocation.of("123456789012", REGION, "azure/client-secret"), "caller", deadline())));
            case STS -> List.of(failure(() -> new AwsWebIdentityTokens(Clock.systemUTC(), CallerSignIn.TERMS)
                .get(awsClient(StsClient.builder(), answer, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws"
                        + ".com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>%s</Code><Message>The table's "
                        + "answer.</Message></Error><RequestId>1</RequestId></ErrorResponse>")::getWebIdentityToken,
                    "123456789012", REGION, AUDIENCE, "caller", deadline())));
        };
    }

    private static HandlerFailure azureStorage(final Answer answer) {
        final HttpHeaders headers = new HttpHeaders();
        final String body;
        if (answer.code() == null) {
            body = "";
        } else {
            headers.set(HttpHeaderName.fromString("x-ms-error-code"), answer.code())
                .set(HttpHeaderName.CONTENT_TYPE, "application/xml");
            body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + answer.code() + "</Code><Message>The "
                + "table's answer.\nRequestId:1\nTime:2026-12-01T00:00:00.0000000Z</Message></Error>";
        }
        final StorageAccountGateway gateway = new StorageAccountGateway(new BlobServiceClientBuilder()
            .endpoint("https://cfntable01.blob.core.windows.net")
            .credential(request -> Mono.just(new AccessToken("token", OffsetDateTime.now().plusHours(1))))
            .httpClient(request -> Mono.just(new InMemoryHttpResponse(request, answer.status(), headers, body)))
            .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5), null, null, null))
            .buildClient(), new AzureAccess("123456789012", AzureCloud.DEFAULT, "cfntable01", TENANT, CLIENT),
            deadline());
        return failure(() -> gateway.setMetadata("backups", Map.of()));
    }

    /** An answer of Azure Resource Manager to a container's update, through the management SDK. */
    private static HandlerFailure azureResourceManager(final Answer answer) {
        final ArmHttpEdge arm = new ArmHttpEdge().on(HttpMethod.PATCH, ".*", answer.code() == null
            ? ArmHttpEdge.json(answer.status(), "") : ArmHttpEdge.error(answer.status(), answer.code(),
                "The table's answer."));
        final ArmClients.Access access = new ArmClients.Access("123456789012", AzureCloud.DEFAULT, TENANT, CLIENT,
            ArmHttpEdge.SUBSCRIPTION);
        final ManagementGateway gateway = new ManagementGateway(new ArmClients(arm).management(access,
            new AccessToken("token", OffsetDateTime.now().plusHours(1))), access,
            new AccountId(ArmHttpEdge.SUBSCRIPTION, "dr-rg", "cfntable01"), deadline());
        return failure(() -> gateway.setMetadata("backups", Map.of()));
    }

    /**
     * In both sign-in modes; an answer with a status alone as Entra ID's JSON, a gateway's HTML page and an empty
     * body, since the status must decide whatever the body.
     */
    private static List<HandlerFailure> entraId(final Answer answer) {
        final List<HttpHeaders> headers = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final HttpHeaders json = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
        if (answer.code() == null) {
            headers.addAll(List.of(json, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "text/html"),
                new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "text/plain")));
            bodies.addAll(List.of("{\"error\":\"server_error\",\"error_description\":\"The table's answer.\"}",
                "<html><body>The table's answer</body></html>", ""));
        } else {
            headers.add(json);
            bodies.add(answer.code().startsWith("AADSTS")
                ? "{\"error\":\"invalid_request\",\"error_description\":\"" + answer.code() + ": The table's answer."
                    + "\",\"error_codes\":[" + answer.code().substring("AADSTS".length()) + "]}"
                : "{\"error\":\"" + answer.code() + "\",\"error_description\":\"The table's answer.\"}");
        }
        final AwsWebIdentityTokens.Token awsToken = new AwsWebIdentityTokens.Token("eyJ.e30.c2ln",
            Instant.now().plusSeconds(300), "https://abc123.tokens.sts.global.api.aws",
            "arn:aws:iam::123456789012:role/CloudFormationAzureExecution");
        final List<HandlerFailure> failures = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            for (final AzureSignIn signIn : List.of(
                new AzureSignIn.WithClientSecret(TENANT, CLIENT, "s3cr3t", "azure/client-secret"),
                new AzureSignIn.WithAwsWebIdentity(TENANT, CLIENT, AUDIENCE))) {
                final EntraIdSignIn entraId = new EntraIdSignIn(EntraIdHttpEdge.answering(answer.status(),
                    headers.get(i), bodies.get(i)), CallerSignIn.TERMS);
                failures.add(failure(() -> entraId.signIn(signIn, AzureCloud.DEFAULT,
                    "https://storage.azure.com/.default", deadline(), "caller", () -> awsToken)));
            }
        }
        return failures;
    }

    /** A client of an AWS service whose every answer is the answer's status with {@code body} naming its code. */
    private static <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
        & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>> C awsClient(
        final B builder, final Answer answer, final String contentType, final String body) {
        final byte[] bytes = (answer.code() == null ? "" : String.format(body, answer.code()))
            .getBytes(StandardCharsets.UTF_8);
        final ExecutableHttpRequest call = mock(ExecutableHttpRequest.class);
        try {
            when(call.call()).thenAnswer(invocation -> HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(answer.status())
                    .putHeader("Content-Type", contentType)
                    .putHeader("Content-Length", String.valueOf(bytes.length))
                    .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build());
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        final SdkHttpClient http = mock(SdkHttpClient.class);
        when(http.prepareRequest(any())).thenReturn(call);
        return builder.region(Region.of(REGION))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTABLE", "table")))
            .httpClient(http)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    }

    private static HandlerFailure failure(final ThrowingCallable call) {
        final Throwable failure = catchThrowable(call);
        assertThat(failure).as("a translated failure").isInstanceOfAny(HandlerFailure.class, SignInFailure.class);
        return failure instanceof SignInFailure signIn ? HandlerFailure.of(signIn) : (HandlerFailure) failure;
    }

    private static Deadline deadline() {
        return Deadline.in(Clock.systemUTC(), Duration.ofSeconds(20));
    }
}
