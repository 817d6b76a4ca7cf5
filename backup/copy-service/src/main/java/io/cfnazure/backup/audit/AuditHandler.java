package io.cfnazure.backup.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.access.signin.AzureSignInResolver;
import io.cfnazure.backup.AzureContainerConnector;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.CopyServiceConfig;
import io.cfnazure.backup.InvocationTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Lambda entry point of the completeness audit, invoked by an EventBridge schedule (the event's content is not
 * used) or on demand ({@code aws lambda invoke}, optionally with {@code {"backfill": false}} to only report). It
 * compares the bucket with the container ({@link CompletenessAudit}) and reads back a sample of the container where
 * the last run's read-back stopped ({@link ReadBack}), publishes the metrics ({@link AuditMetrics}),
 * writes the report to S3 (a dated key and {@value #LATEST}), sends what is behind to the copy queue when a queue is
 * set, and answers with the report's counts. A failure is one JSON log line, the metric {@code AuditFailures} and an
 * answer with {@code error}.
 */
public final class AuditHandler implements RequestStreamHandler {

    static final String LATEST = "latest.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REPORT_NAME = DateTimeFormatter.ofPattern("yyyy/MM/dd/HHmmss'Z.json'")
        .withZone(ZoneOffset.UTC);

    private final AuditSettings settings;
    private final RuntimeException setupFailure;
    private final S3Client s3;
    private final Supplier<SqsClient> sqs;
    private final AzureContainerConnector connector;
    private final AuditMetrics metrics;
    private final PrintStream log;
    private final Clock clock;

    /** Lambda makes one handler per execution environment: the audit's clients are built once for it. */
    public AuditHandler() {
        this(create(System.getenv(), Clock.systemUTC()));
    }

    private AuditHandler(final AuditHandler handler) {
        this(handler.settings, handler.setupFailure, handler.s3, handler.sqs, handler.connector, handler.metrics,
            handler.log, handler.clock);
    }

    AuditHandler(final AuditSettings settings, final RuntimeException setupFailure, final S3Client s3,
                 final Supplier<SqsClient> sqs, final AzureContainerConnector connector, final AuditMetrics metrics,
                 final PrintStream log, final Clock clock) {
        this.settings = settings;
        this.setupFailure = setupFailure;
        this.s3 = s3;
        this.sqs = sqs;
        this.connector = connector;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Builds the audit from settings; S3, SQS, Secrets Manager and STS use the function's role, its Region and any
     * endpoint the AWS SDK's standard settings name. Invalid settings make a handler that answers every invocation
     * with the reason.
     */
    public static AuditHandler create(final Map<String, String> environment, final Clock clock) {
        // The copy's client and timeouts; the audit's requests are one at a time.
        final SdkHttpClient http = CopyFunction.awsHttpClient(1);
        try {
            final AuditSettings settings = AuditSettings.fromEnvironment(environment);
            final boolean withSecret = AzureSignInResolver.CLIENT_SECRET.equals(
                settings.container().azureCredentials().method());
            final SqsClient sqs = settings.backfillQueueUrl() == null ? null
                : SqsClient.builder().httpClient(http).build();
            return new AuditHandler(settings, null, S3Client.builder().httpClient(http).build(), () -> sqs,
                new AzureContainerConnector(settings.container(),
                    withSecret ? SecretsManagerClient.builder().httpClient(http).build() : null,
                    withSecret ? null : StsClient.builder().httpClient(http).build(), clock),
                AuditMetrics.toStandardOutput(), System.out, clock);
        } catch (final CopyServiceConfig.InvalidSettingException e) {
            return new AuditHandler(null, e, null, null, null, AuditMetrics.toStandardOutput(), System.out, clock);
        }
    }

    @Override
    public void handleRequest(final InputStream input, final OutputStream output, final Context context)
        throws IOException {
        ObjectNode answer;
        try {
            if (setupFailure != null) {
                throw setupFailure;
            }
            final boolean backfill = request(input).path("backfill").asBoolean(true);
            answer = audit(backfill && settings.backfillQueueUrl() != null, context);
        } catch (final AuditFailure | CopyFailure | CopyServiceConfig.InvalidSettingException e) {
            log.println(JSON.createObjectNode().put("level", "ERROR").put("entryPoint", AuditMetrics.ENTRY_POINT)
                .put("message", "The audit did not finish: " + e.getMessage()));
            metrics.failed(context.getFunctionName());
            answer = JSON.createObjectNode().put("error", e.getMessage());
        }
        JSON.writeValue(output, answer);
    }

    /** The invocation's JSON: EventBridge's event (not used), or what `aws lambda invoke` sent; {} when empty. */
    private static JsonNode request(final InputStream input) {
        try {
            final JsonNode request = JSON.readTree(input);
            return request == null ? JSON.createObjectNode() : request;
        } catch (final IOException e) {
            throw new AuditFailure("The invocation's payload is not JSON: invoke the audit with {} or "
                + "{\"backfill\": false}.", e);
        }
    }

    /**
     * Where the last run's read-back stopped, from its report ({@value #LATEST}): the rotation goes on from there.
     * The first run, or one after the report was removed, starts the rotation from the beginning.
     */
    private long readBackFrom() {
        final String key = settings.reportPrefix() + LATEST;
        try (InputStream in = s3.getObject(b -> b.bucket(settings.reportBucket()).key(key))) {
            return ReadBack.parse(JSON.readTree(in).at("/readBack/nextFrom").asText(null));
        } catch (final NoSuchKeyException e) {
            return ReadBack.FIRST;
        } catch (final SdkException e) {
            throw AuditFailure.s3(e, "reading the last audit report s3://" + settings.reportBucket() + "/" + key,
                "s3:GetObject on the report bucket's " + settings.reportPrefix() + "* keys");
        } catch (final IOException e) {
            // Not JSON this function wrote: the rotation starts again rather than the audit failing on it.
            return ReadBack.FIRST;
        }
    }

    private ObjectNode audit(final boolean backfill, final Context context) {
        final InvocationTime time = InvocationTime.startingNow(clock,
            Duration.ofMillis(context.getRemainingTimeInMillis()));
        final BlobContainerClient container = connector.connect(time.deadline());
        final AuditReport report = new CompletenessAudit(s3, settings, clock).run(container, backfill
            ? new Backfill(sqs.get(), settings.backfillQueueUrl(), settings.bucket(), settings.backfillMaxObjects())
            : null, settings.readsBack() ? new ReadBack(settings.verifySampleBytes(), settings.verifySampleObjects(),
            readBackFrom()) : null, time.deadline());
        metrics.publish(context.getFunctionName(), report);
        final String key = settings.reportPrefix() + REPORT_NAME.format(clock.instant());
        final ObjectNode json = report.toJson(settings, "s3://" + settings.reportBucket() + "/" + key);
        final byte[] body = json.toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            for (final String name : new String[] {key, settings.reportPrefix() + LATEST}) {
                s3.putObject(b -> b.bucket(settings.reportBucket()).key(name).contentType("application/json"),
                    RequestBody.fromBytes(body));
            }
        } catch (final SdkException e) {
            throw AuditFailure.s3(e, "writing the audit report to s3://" + settings.reportBucket() + "/" + key,
                "s3:PutObject on the report bucket's " + settings.reportPrefix() + "* keys");
        }
        // The answer and the log line carry the counts; the lists are in the report.
        for (final String kind : new String[] {"missing", "stale", "corrupt", "extra"}) {
            ((ObjectNode) json.get(kind)).remove("objects");
        }
        if (report.readBack() != null && report.readBack().failure() != null) {
            log.println(JSON.createObjectNode().put("level", "WARN").put("entryPoint", AuditMetrics.ENTRY_POINT)
                .put("message", report.readBack().failure()));
        }
        log.println(JSON.createObjectNode().put("level", report.clean() ? "INFO" : "WARN")
            .put("entryPoint", AuditMetrics.ENTRY_POINT)
            .put("message", report.clean() ? "The container holds every object of the bucket."
                : String.format("%d objects behind (%d missing, %d stale), %d corrupt, %d extra: see %s",
                report.objectsBehind(), report.count(Finding.Kind.MISSING), report.count(Finding.Kind.STALE),
                report.count(Finding.Kind.CORRUPT), report.count(Finding.Kind.EXTRA), json.get("report").asText())));
        return json;
    }
}
