package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;

/** Both entry points over one function whose S3 answers per key: what SQS and Batch Operations get back, and the logs. */
class HandlersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3 = mock(S3Client.class);
    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final AzureContainerConnector connector = mock(AzureContainerConnector.class);
    private final SqsClient sqs = mock(SqsClient.class);
    private final List<String> metricLines = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final CopyFunction function;

    HandlersTest() {
        when(connector.connect(any())).thenReturn(container);
        final ISink sink = new ISink() {
            @Override
            public void accept(final software.amazon.cloudwatchlogs.emf.model.MetricsContext context) {
                try {
                    metricLines.addAll(context.serialize());
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> shutdown() {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
        when(sqs.changeMessageVisibility(any(ChangeMessageVisibilityRequest.class)))
            .thenReturn(ChangeMessageVisibilityResponse.builder().build());
        function = new CopyFunction(connector,
            new ObjectCopier(s3, new BlockBuffers(64 * 1024, 1 << 20), Executors.newFixedThreadPool(2), 2, false,
                100L << 20),
            CopyServiceConfig.DEFAULT_CONCURRENT_COPIES,
            () -> sqs,
            new BatchMetrics(new LambdaEnvironment() {
                @Override
                public ISink getSink() {
                    return sink;
                }
            }),
            new CopyLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), Clock.systemUTC());
        // Every object named "gone..." was deleted before its copy; the others changed since their event.
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> {
            final GetObjectRequest request = call.getArgument(0);
            throw ObjectCopierTest.s3Error(request.key().startsWith("gone") ? 404 : 412,
                request.key().startsWith("gone") ? "NoSuchKey" : "PreconditionFailed");
        });
        when(container.getBlobClient(any())).thenAnswer(call -> {
            final var blobClient = mock(com.azure.storage.blob.BlobClient.class);
            final var blob = mock(com.azure.storage.blob.specialized.BlockBlobClient.class);
            when(blobClient.getBlockBlobClient()).thenReturn(blob);
            final var notFound = mock(com.azure.storage.blob.models.BlobStorageException.class);
            when(notFound.getStatusCode()).thenReturn(404);
            when(blob.getPropertiesWithResponse(any(), any(), any())).thenThrow(notFound);
            return blobClient;
        });
    }

    /** The deployment's function, as Lambda's context names it. */
    private static final String FUNCTION_NAME = "backup-stack-CopyFunction-1A2B3C";

    private static Context context() {
        final Context context = mock(Context.class);
        when(context.getRemainingTimeInMillis()).thenReturn(300_000);
        when(context.getFunctionName()).thenReturn(FUNCTION_NAME);
        return context;
    }

    /** A batch's embedded-metric-format line: its dimensions are the entry point and the function. */
    private static JsonNode metricsOf(final String line, final String entryPoint) throws Exception {
        final JsonNode metrics = JSON.readTree(line);
        assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(BatchMetrics.NAMESPACE);
        assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
            .isEqualTo("[[\"EntryPoint\",\"FunctionName\"]]");
        assertThat(metrics.get("EntryPoint").asText()).isEqualTo(entryPoint);
        assertThat(metrics.get("FunctionName").asText()).isEqualTo(FUNCTION_NAME);
        return metrics;
    }

    private static SQSEvent.SQSMessage message(final String id, final String body) {
        final SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setReceiptHandle("receipt-" + id);
        message.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:backup-events");
        message.setAttributes(java.util.Map.of("ApproximateReceiveCount", "2"));
        return message;
    }

    @Test
    void onlyTheMessagesThatFailedAreReportedAndEachFailureIsLoggedWithItsReason() throws Exception {
        final SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
            message("m-superseded", EventDecodingTest.s3Event("ObjectCreated:Put", "b", "changed.txt", "e1", "0A")),
            message("m-gone", EventDecodingTest.s3Event("ObjectCreated:Put", "b", "gone.txt", "e1", "0A")),
            message("m-test", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}"),
            message("m-garbage", "hello")));

        final SQSBatchResponse response = new SqsCopyHandler(function).handleRequest(event, context());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .containsExactlyInAnyOrder("m-gone", "m-garbage");
        final org.mockito.ArgumentCaptor<ChangeMessageVisibilityRequest> visibility =
            org.mockito.ArgumentCaptor.forClass(ChangeMessageVisibilityRequest.class);
        verify(sqs, org.mockito.Mockito.times(2)).changeMessageVisibility(visibility.capture());
        assertThat(visibility.getAllValues()).extracting(ChangeMessageVisibilityRequest::receiptHandle)
            .containsExactlyInAnyOrder("receipt-m-gone", "receipt-m-garbage");
        assertThat(visibility.getAllValues()).extracting(ChangeMessageVisibilityRequest::visibilityTimeout)
            .as("permanent failures come back at once, to reach the dead-letter queue").containsOnly(0);
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("item").asText()).containsExactlyInAnyOrder("m-gone", "m-garbage");
        assertThat(lines).allSatisfy(line -> assertThat(line.get("failure").asText()).isEqualTo("permanent"));
        assertThat(lines).anySatisfy(line -> assertThat(line.get("message").asText()).contains("no longer exists"));

        assertThat(metricLines).hasSize(1);
        final JsonNode metrics = metricsOf(metricLines.get(0), "sqs");
        assertThat(metrics.get("Failures").asInt()).isEqualTo(2);
        assertThat(metrics.get("PermanentFailures").asInt()).isEqualTo(2);
        assertThat(metrics.get("Skipped").asInt()).isEqualTo(1);
        assertThat(metrics.get("Objects").asInt()).isZero();
        assertThat(metrics.has("Latency")).isTrue();
    }

    @Test
    void aFailedSignInFailsEveryMessageWithTheSameReasonAndReadsNothing() {
        when(connector.connect(any())).thenThrow(CopyFailure.permanent("Entra ID refused to sign in app x", null));
        final SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
            message("m1", EventDecodingTest.s3Event("ObjectCreated:Put", "b", "a.txt", "e1", "0A")),
            message("m2", EventDecodingTest.s3Event("ObjectCreated:Put", "b", "b.txt", "e1", "0A"))));

        final SQSBatchResponse response = new SqsCopyHandler(function).handleRequest(event, context());

        assertThat(response.getBatchItemFailures()).hasSize(2);
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("Entra ID refused to sign in app x");
        verify(connector, org.mockito.Mockito.times(1)).connect(any());
        verify(s3, never()).getObject(any(GetObjectRequest.class));
    }

    @Test
    void batchOperationsSchema1And2AnswerWithAResultCodePerTask() throws Exception {
        final String schema1 = """
            {"invocationSchemaVersion":"1.0","invocationId":"YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
             "job":{"id":"f3cc4f60-61f6-4a2b-8a21-d07600c373ce"},
             "tasks":[{"taskId":"dGFza2lkZ29lc2hlcmUK","s3Key":"gone+now.txt","s3VersionId":"1",
                       "s3BucketArn":"arn:aws:s3:::source-bucket"}]}
            """;
        final JsonNode answer1 = invokeBatch(schema1);
        assertThat(answer1.get("invocationSchemaVersion").asText()).isEqualTo("1.0");
        assertThat(answer1.get("invocationId").asText()).isEqualTo("YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo");
        assertThat(answer1.get("treatMissingKeysAs").asText()).isEqualTo("PermanentFailure");
        assertThat(answer1.at("/results/0/taskId").asText()).isEqualTo("dGFza2lkZ29lc2hlcmUK");
        assertThat(answer1.at("/results/0/resultCode").asText()).isEqualTo("PermanentFailure");
        assertThat(answer1.at("/results/0/resultString").asText()).contains("s3://source-bucket/gone now.txt");
        assertThat(metricLines).hasSize(1);
        assertThat(metricsOf(metricLines.get(0), "batch-operations").get("PermanentFailures").asInt()).isEqualTo(1);

        final String schema2 = """
            {"invocationSchemaVersion":"2.0","invocationId":"inv-2",
             "job":{"id":"job-2","userArguments":{"k":"v"}},
             "tasks":[{"taskId":"t-2","s3Key":"changed.txt","s3VersionId":null,"s3Bucket":"source-bucket"}]}
            """;
        final JsonNode answer2 = invokeBatch(schema2);
        assertThat(answer2.at("/results/0/resultCode").asText()).isEqualTo("Succeeded");

        final JsonNode answer3 = invokeBatch(schema2.replace("\"2.0\"", "\"3.0\""));
        assertThat(answer3.at("/results/0/resultCode").asText()).isEqualTo("PermanentFailure");
        assertThat(answer3.at("/results/0/resultString").asText()).contains("not supported");
    }

    private JsonNode invokeBatch(final String request) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BatchOperationsHandler(function).handleRequest(
            new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, context());
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void anErrorReactorDropsAfterItsRequestWasCancelledPrintsNothingAndAnyOtherOneLine() throws Exception {
        Class.forName(CopyFunction.class.getName(), true, CopyFunction.class.getClassLoader());
        final io.cfnazure.backup.testbed.StandardOutput output = new io.cfnazure.backup.testbed.StandardOutput();

        output.during(() -> {
            reactor.core.publisher.Operators.onErrorDropped(new java.util.concurrent.CompletionException(
                new java.util.concurrent.CancellationException("Request cancelled")), reactor.util.context.Context.empty());
            reactor.core.publisher.Operators.onErrorDropped(new IllegalStateException("late\nand long"),
                reactor.util.context.Context.empty());
            return null;
        });

        assertThat(output.text().lines().toList()).singleElement()
            .satisfies(line -> assertThat(JSON.readTree(line).get("message").asText())
                .contains("java.lang.IllegalStateException"));
    }
}
