package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.calls.Deadline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The items of one batch (SQS messages, Batch Operations tasks) copied at once, at most CONCURRENT_COPIES of them,
 * each answering for itself, and none started that the invocation cannot finish. S3 and Azure are mocked at their
 * clients; every object is 1,024 bytes (the size its event gives), its ETag the MD5 of its bytes.
 */
class BatchConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 1024;
    private static final Instant MODIFIED = Instant.parse("2026-12-01T05:00:00Z");

    private final S3Client s3 = mock(S3Client.class);
    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final AzureContainerConnector connector = mock(AzureContainerConnector.class);
    private final SqsClient sqs = mock(SqsClient.class);
    private final ExecutorService requests = Executors.newFixedThreadPool(16);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    /** What each key's Put Blob carried as Content-MD5, by key. */
    private final Map<String, String> written = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    BatchConcurrencyTest() {
        when(connector.connect(any())).thenReturn(container);
        when(container.getBlobClient(any())).thenAnswer(call -> blobOf(call.getArgument(0)));
    }

    @AfterEach
    void stopThreads() {
        requests.shutdownNow();
    }

    private CopyFunction function(final int concurrentCopies) {
        return function(concurrentCopies, Clock.systemUTC());
    }

    private CopyFunction function(final int concurrentCopies, final Clock clock) {
        final ISink discard = new ISink() {
            @Override
            public void accept(final software.amazon.cloudwatchlogs.emf.model.MetricsContext context) {
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> shutdown() {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
        return new CopyFunction(connector,
            new ObjectCopier(s3, new BlockBuffers(64 * 1024, 4L << 20), requests, 2, false, 100L << 20),
            concurrentCopies, () -> sqs, new BatchMetrics(new LambdaEnvironment() {
                @Override
                public ISink getSink() {
                    return discard;
                }
            }), new CopyLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), clock);
    }

    /** A blob that does not exist yet; its Put Blob fails with Azure's 500 when its key says so. */
    private BlobClient blobOf(final String key) {
        final BlobClient blobClient = mock(BlobClient.class);
        final BlockBlobClient blob = mock(BlockBlobClient.class);
        when(blobClient.getBlockBlobClient()).thenReturn(blob);
        when(blob.getBlobName()).thenReturn(key);
        when(blob.getContainerName()).thenReturn("backup");
        when(blob.getAccountName()).thenReturn("mystorage01");
        final BlobStorageException notFound = mock(BlobStorageException.class);
        when(notFound.getStatusCode()).thenReturn(404);
        when(notFound.getErrorCode()).thenReturn(BlobErrorCode.BLOB_NOT_FOUND);
        when(blob.getPropertiesWithResponse(any(), any(), any())).thenThrow(notFound);
        when(blob.uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any())).thenAnswer(call -> {
            if (key.startsWith("azure-fails")) {
                final BlobStorageException internal = mock(BlobStorageException.class);
                when(internal.getStatusCode()).thenReturn(500);
                when(internal.getErrorCode()).thenReturn(BlobErrorCode.INTERNAL_ERROR);
                throw internal;
            }
            final BlockBlobSimpleUploadOptions options = call.getArgument(0);
            written.put(key, HexFormat.of().formatHex(options.getContentMd5()));
            return null;
        });
        return blobClient;
    }

    /**
     * Each key's own bytes; a key starting with "gone" was deleted (404). Every GET first counts itself in flight and
     * then runs {@code whileInFlight} (waiting for the others, or taking time).
     */
    private void s3Answers(final Runnable whileInFlight) {
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> {
            final String key = ((GetObjectRequest) call.getArgument(0)).key();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                whileInFlight.run();
            } finally {
                inFlight.decrementAndGet();
            }
            if (key.startsWith("gone")) {
                throw ObjectCopierTest.s3Error(404, "NoSuchKey");
            }
            final byte[] bytes = contentOf(key);
            return new ResponseInputStream<>(GetObjectResponse.builder().contentLength((long) bytes.length)
                .eTag("\"" + md5Hex(bytes) + "\"").lastModified(MODIFIED).build(),
                AbortableInputStream.create(new ByteArrayInputStream(bytes)));
        });
    }

    private static byte[] contentOf(final String key) {
        final byte[] bytes = new byte[SIZE];
        new java.util.Random(key.hashCode()).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SQSEvent batchOf(final List<String> keys) {
        final SQSEvent event = new SQSEvent();
        event.setRecords(keys.stream().map(key -> {
            final SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + key);
            message.setReceiptHandle("receipt-" + key);
            message.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:backup-events");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            message.setBody(EventDecodingTest.s3Event("ObjectCreated:Put", "source-bucket", key,
                md5Hex(contentOf(key)), "0A"));
            return message;
        }).toList());
        return event;
    }

    private static Context invocationWith(final Duration left) {
        final Context context = mock(Context.class);
        when(context.getRemainingTimeInMillis()).thenReturn((int) left.toMillis());
        when(context.getFunctionName()).thenReturn("backup-copy");
        return context;
    }

    private static List<String> failedIds(final SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    }

    private List<JsonNode> logLines() throws Exception {
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void theItemsOfOneBatchAreCopiedAtOnceAndEachOneAnswersForItself() throws Exception {
        final List<String> keys = List.of("a.bin", "b.bin", "gone.bin", "c.bin", "azure-fails.bin", "d.bin",
            "e.bin", "f.bin");
        // Every GET waits until all eight are under way: copied one after another, none would get past it.
        final CountDownLatch allUnderWay = new CountDownLatch(keys.size());
        s3Answers(() -> {
            allUnderWay.countDown();
            try {
                if (!allUnderWay.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the batch's items were not copied at once");
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        final SQSBatchResponse response = new SqsCopyHandler(function(keys.size()))
            .handleRequest(batchOf(keys), invocationWith(Duration.ofMinutes(5)));

        assertThat(mostInFlight.get()).isEqualTo(keys.size());
        assertThat(failedIds(response)).containsExactlyInAnyOrder("m-gone.bin", "m-azure-fails.bin");
        assertThat(logLines()).hasSize(2).anySatisfy(line -> {
            assertThat(line.get("item").asText()).isEqualTo("m-gone.bin");
            assertThat(line.get("failure").asText()).isEqualTo("permanent");
            assertThat(line.get("message").asText()).contains("no longer exists");
        }).anySatisfy(line -> {
            assertThat(line.get("item").asText()).isEqualTo("m-azure-fails.bin");
            assertThat(line.get("failure").asText()).isEqualTo("transient");
        });
        // Each blob holds its own key's bytes, whatever ran beside it.
        assertThat(written).containsOnlyKeys("a.bin", "b.bin", "c.bin", "d.bin", "e.bin", "f.bin");
        written.forEach((key, md5) -> assertThat(md5).as(key).isEqualTo(md5Hex(contentOf(key))));
    }

    @Test
    void noMoreItemsRunAtOnceThanConcurrentCopiesSays() {
        s3Answers(() -> sleep(Duration.ofMillis(50)));
        final List<String> keys = IntStream.range(0, 12).mapToObj(i -> "object-" + i + ".bin").toList();

        final SQSBatchResponse response = new SqsCopyHandler(function(3))
            .handleRequest(batchOf(keys), invocationWith(Duration.ofMinutes(5)));

        assertThat(failedIds(response)).isEmpty();
        assertThat(written).hasSize(12);
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void anItemIsNotStartedWhenWhatIsLeftOfTheInvocationCannotFinishIt() throws Exception {
        // 8 s left: a deadline 6 s away (Lambda's 2 s safety margin). The first copy's GET takes 5.3 s of the
        // function's clock; the two queued behind it would start with 0.7 s left, less than an object needs to start.
        final ManualClock clock = new ManualClock();
        s3Answers(() -> clock.advance(Duration.ofMillis(5300)));
        final List<String> keys = List.of("first.bin", "second.bin", "third.bin");

        final SQSBatchResponse response = new SqsCopyHandler(function(1, clock))
            .handleRequest(batchOf(keys), invocationWith(Duration.ofSeconds(8)));

        assertThat(failedIds(response)).containsExactlyInAnyOrder("m-second.bin", "m-third.bin");
        assertThat(written).containsOnlyKeys("first.bin");
        verify(s3, times(1)).getObject(any(GetObjectRequest.class));
        verify(container, times(1)).getBlobClient(any());
        assertThat(logLines()).hasSize(2).allSatisfy(line -> {
            assertThat(line.get("failure").asText()).isEqualTo("transient");
            assertThat(line.get("message").asText()).startsWith("Not started").contains("it will be retried");
        });
    }

    @Test
    void anObjectWhoseBytesNeedMoreThanIsLeftIsNotStartedAndOneTooLargeForAnyInvocationFailsPermanently() {
        final ObjectCopier copier = new ObjectCopier(s3, new BlockBuffers(64 * 1024, 4L << 20), requests, 2, false,
            100L << 20);
        final InvocationTime fiveSecondsLeft = new InvocationTime(Deadline.in(Clock.systemUTC(), Duration.ofSeconds(5)),
            Duration.ofMinutes(14), Clock.systemUTC());
        // 1 GiB at the assumed 100 MiB/s: about 10 s.
        final ObjectEvent oneGib = new ObjectEvent(ObjectEvent.Action.COPY, "source-bucket", "large.bin", null, "e",
            "0A", 1L << 30, "ObjectCreated:Put");

        assertThatThrownBy(() -> copier.apply(oneGib, () -> container, fiveSecondsLeft))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageStartingWith("Not started");
        final ObjectEvent tooLarge = new ObjectEvent(ObjectEvent.Action.COPY, "source-bucket", "huge.bin", null, "e",
            "0A", 100L << 30, "ObjectCreated:Put");
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            GetObjectResponse.builder().contentLength(100L << 30).eTag("\"e\"").lastModified(MODIFIED).build(),
            AbortableInputStream.create(new ByteArrayInputStream(new byte[0]))));
        assertThatThrownBy(() -> copier.apply(tooLarge, () -> container, fiveSecondsLeft))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse());
        verify(container, times(1)).getBlobClient("huge.bin");
        verify(container, never()).getBlobClient("large.bin");
    }

    @Test
    void theTasksOfOneBatchOperationsInvocationAreCopiedAtOnceAndAnsweredInTheirOrder() throws Exception {
        final CountDownLatch allUnderWay = new CountDownLatch(3);
        s3Answers(() -> {
            allUnderWay.countDown();
            try {
                allUnderWay.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        final String request = """
            {"invocationSchemaVersion":"2.0","invocationId":"inv-1","job":{"id":"job-1"},
             "tasks":[{"taskId":"t-1","s3Key":"one.bin","s3VersionId":null,"s3Bucket":"source-bucket"},
                      {"taskId":"t-2","s3Key":"gone.bin","s3VersionId":null,"s3Bucket":"source-bucket"},
                      {"taskId":"t-3","s3Key":"three.bin","s3VersionId":null,"s3Bucket":"source-bucket"}]}
            """;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        new BatchOperationsHandler(function(4)).handleRequest(
            new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, invocationWith(Duration.ofMinutes(5)));

        final JsonNode answer = JSON.readTree(out.toByteArray());
        assertThat(mostInFlight.get()).isEqualTo(3);
        assertThat(answer.get("results")).extracting(result -> result.get("taskId").asText() + " "
            + result.get("resultCode").asText())
            .containsExactly("t-1 Succeeded", "t-2 PermanentFailure", "t-3 Succeeded");
        assertThat(written).containsOnlyKeys("one.bin", "three.bin");
    }

    /** The function's clock, moved only by the test. */
    private static final class ManualClock extends Clock {
        private final AtomicLong millis = new AtomicLong(MODIFIED.toEpochMilli());

        void advance(final Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
