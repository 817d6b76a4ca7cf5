package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.PagedIterable;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyOutcome;
import io.cfnazure.backup.InvocationTime;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.BlockUploads;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.invocation.InvocationOnMock;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The restore of one key with the SDKs mocked at their edge: which blob version is read as of a time (Azure's
 * versions API: a listing with versions, the version's own client), and what is written to S3.
 */
class BlobRestorerTest {

    private static final String KEY = "data/report.csv";
    private static final String TARGET = "target-bucket";

    private final S3Client s3 = mock(S3Client.class);
    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final BlobClient blob = mock(BlobClient.class);
    private final ExecutorService requests = Executors.newFixedThreadPool(4);
    /** Up to three parts upload at once, as the function's copy and restore do with six. */
    private final BlockUploads parts = new BlockUploads(BlobRestorer.PART_SIZE, 4L * BlobRestorer.PART_SIZE, requests,
        3);

    @AfterEach
    void stopRequests() {
        requests.shutdownNow();
    }

    /** A version of the blob, written at {@code versionId}, holding {@code content} as the copy records it. */
    private static BlobItem version(final String versionId, final boolean current, final String content)
        throws Exception {
        return version(versionId, current, content, content.getBytes(StandardCharsets.UTF_8));
    }

    private static BlobItem version(final String versionId, final boolean current, final String content,
                                    final byte[] bytes) throws Exception {
        return new BlobItem().setName(KEY).setVersionId(versionId).setCurrentVersion(current)
            .setMetadata(Map.of("s3src_bucket", "source", "s3src_key", KEY, "s3src_etag", "etag-" + content,
                "s3src_last_modified", "2026-12-01T00:00:00Z", "s3src_integrity", "verified:md5", "owner", "ops"))
            .setProperties(new BlobItemProperties().setETag("\"blob-" + content + "\"")
                .setContentLength((long) bytes.length).setContentType("text/csv")
                .setContentMd5(MessageDigest.getInstance("MD5").digest(bytes))
                .setLastModified(versionId == null ? OffsetDateTime.of(2026, 12, 5, 0, 0, 0, 0, ZoneOffset.UTC)
                    : OffsetDateTime.parse(versionId)));
    }

    @SuppressWarnings("unchecked")
    private void listed(final BlobItem... items) {
        final PagedIterable<BlobItem> listing = mock(PagedIterable.class);
        when(listing.stream()).thenAnswer(invocation -> List.of(items).stream());
        when(container.listBlobs(any(ListBlobsOptions.class), any())).thenReturn(listing);
        when(container.getBlobClient(KEY)).thenReturn(blob);
        when(container.getBlobContainerName()).thenReturn("backup");
        when(s3.headObject(any(HeadObjectRequest.class))).thenThrow(S3Exception.builder().statusCode(404).build());
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
            .thenReturn(PutObjectResponse.builder().build());
    }

    /** {@code client}'s ranged Get Blob answers with the range asked for of {@code content}. */
    private static void reading(final BlobClient client, final String content) {
        final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        when(client.downloadStreamWithResponse(any(OutputStream.class), any(BlobRange.class), any(), any(),
            anyBoolean(), any(), any())).thenAnswer(invocation -> {
                final BlobRange range = invocation.getArgument(1);
                invocation.<OutputStream>getArgument(0).write(bytes, (int) range.getOffset(),
                    (int) Math.min(range.getCount(), bytes.length - range.getOffset()));
                return null;
            });
    }

    private CopyOutcome restore(final Instant asOf) {
        return restore(asOf, Duration.ofMinutes(15));
    }

    private CopyOutcome restore(final Instant asOf, final Duration timeLeft) {
        return new BlobRestorer(s3, parts, new RestoreOptions(asOf, false, false), BlobRestorer.PART_SIZE).apply(
            new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations"),
            () -> container, InvocationTime.startingNow(Clock.systemUTC(), timeLeft));
    }

    @Test
    void aFailedTaskIsLoggedAsARestoreOfItsKeyNotAsACopy() {
        assertThat(new BlobRestorer(s3, parts, new RestoreOptions(null, false, false), BlobRestorer.PART_SIZE).describe(
            new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations")))
            .isEqualTo("restore s3://" + TARGET + "/" + KEY);
    }

    /** A blob of {@code bytes}, restored as of after its only version was written: its ranges, a multipart upload. */
    private void largeBlob(final byte[] bytes) throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", true, "large", bytes));
        final BlobClient current = mock(BlobClient.class);
        when(blob.getVersionClient(any())).thenReturn(current);
        when(current.downloadStreamWithResponse(any(OutputStream.class), any(BlobRange.class), any(), any(),
            anyBoolean(), any(), any())).thenAnswer(invocation -> {
                final BlobRange range = invocation.getArgument(1);
                if (range.getOffset() == 0) {
                    // The first range arrives last: the check must still take it first.
                    Thread.sleep(200);
                }
                invocation.<OutputStream>getArgument(0).write(bytes, (int) range.getOffset(),
                    range.getCount().intValue());
                return null;
            });
        when(s3.createMultipartUpload(any(CreateMultipartUploadRequest.class)))
            .thenReturn(CreateMultipartUploadResponse.builder().uploadId("upload-1").build());
    }

    /** Three full parts and a short last one, of bytes that differ from part to part. */
    private static byte[] fourParts() {
        final byte[] bytes = new byte[3 * BlobRestorer.PART_SIZE + 1024];
        new Random(1).nextBytes(bytes);
        return bytes;
    }

    private static UploadPartRequest part(final InvocationOnMock invocation) {
        final UploadPartRequest.Builder part = UploadPartRequest.builder();
        invocation.<Consumer<UploadPartRequest.Builder>>getArgument(0).accept(part);
        return part.build();
    }

    private static UploadPartResponse uploaded(final UploadPartRequest part) {
        return UploadPartResponse.builder().eTag("etag-" + part.partNumber()).build();
    }

    @Test
    void aMultipartUploadStillRunningAtTheDeadlineIsAbortedNeverCompleted() throws Exception {
        largeBlob(new byte[9 * 1024 * 1024]);

        assertThatThrownBy(() -> restore(Instant.parse("2026-12-06T11:00:00Z"), Duration.ZERO))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isTrue())
            .hasMessageContaining("ran out of time").hasMessageContaining("aborted");
        verify(s3).abortMultipartUpload(any(Consumer.class));
        verify(s3, never()).completeMultipartUpload(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBlobIsReadOnWhileItsPartsUploadAtOnceAndTheyAreCompletedInPartOrder() throws Exception {
        final byte[] bytes = fourParts();
        largeBlob(bytes);
        // Part 1 answers only once part 2 arrived, and after it: uploaded one at a time, part 1 never would.
        final CyclicBarrier firstTwo = new CyclicBarrier(2);
        final Map<Integer, byte[]> received = new ConcurrentHashMap<>();
        when(s3.uploadPart(any(Consumer.class), any(RequestBody.class))).thenAnswer(invocation -> {
            final UploadPartRequest part = part(invocation);
            try (InputStream content = invocation.<RequestBody>getArgument(1).contentStreamProvider().newStream()) {
                received.put(part.partNumber(), content.readAllBytes());
            }
            if (part.partNumber() <= 2) {
                firstTwo.await(10, TimeUnit.SECONDS);
            }
            if (part.partNumber() == 1) {
                Thread.sleep(100);
            }
            return uploaded(part);
        });

        final CopyOutcome outcome = restore(Instant.parse("2026-12-06T11:00:00Z"));

        assertThat(outcome.result()).isEqualTo(CopyOutcome.Result.COPIED);
        assertThat(outcome.bytes()).isEqualTo(bytes.length);
        final ArgumentCaptor<Consumer<CompleteMultipartUploadRequest.Builder>> complete =
            ArgumentCaptor.forClass(Consumer.class);
        verify(s3).completeMultipartUpload(complete.capture());
        final CompleteMultipartUploadRequest.Builder request = CompleteMultipartUploadRequest.builder();
        complete.getValue().accept(request);
        assertThat(request.build().multipartUpload().parts()).extracting(CompletedPart::partNumber,
            CompletedPart::eTag).containsExactly(tuple(1, "etag-1"), tuple(2, "etag-2"), tuple(3, "etag-3"),
            tuple(4, "etag-4"));
        final ByteArrayOutputStream uploadedBytes = new ByteArrayOutputStream();
        for (int number = 1; number <= 4; number++) {
            uploadedBytes.write(received.get(number));
        }
        assertThat(uploadedBytes.toByteArray()).isEqualTo(bytes);
        verify(s3, never()).abortMultipartUpload(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPartRefusedWhileOthersUploadAbortsTheUploadOnceTheyEndedAndCompletesNothing() throws Exception {
        largeBlob(fourParts());
        final CountDownLatch secondRefused = new CountDownLatch(1);
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        when(s3.uploadPart(any(Consumer.class), any(RequestBody.class))).thenAnswer(invocation -> {
            final UploadPartRequest part = part(invocation);
            if (part.partNumber() == 2) {
                events.add("part 2 refused");
                secondRefused.countDown();
                throw S3Exception.builder().statusCode(503).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("SlowDown").build()).build();
            }
            if (part.partNumber() == 1) {
                // Still arriving when part 2 is refused: the abort must wait for it.
                secondRefused.await(10, TimeUnit.SECONDS);
                Thread.sleep(300);
                events.add("part 1 uploaded");
            }
            return uploaded(part);
        });
        doAnswer(invocation -> {
            events.add("aborted");
            return AbortMultipartUploadResponse.builder().build();
        }).when(s3).abortMultipartUpload(any(Consumer.class));

        assertThatThrownBy(() -> restore(Instant.parse("2026-12-06T11:00:00Z")))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isTrue())
            .hasMessageContaining("SlowDown");
        assertThat(events).containsSubsequence("part 2 refused", "part 1 uploaded", "aborted").endsWith("aborted");
        verify(s3, never()).completeMultipartUpload(any(Consumer.class));
    }

    @Test
    void asOfATimeTheVersionCurrentThenIsReadThroughItsVersionClientAndTheResultNamesIt() throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", false, "first"),
            version("2026-12-06T11:00:00.1234567Z", false, "second"),
            version("2026-12-06T12:00:00.1234567Z", true, "ransom"));
        final BlobClient second = mock(BlobClient.class);
        when(blob.getVersionClient("2026-12-06T11:00:00.1234567Z")).thenReturn(second);
        reading(second, "second");

        final CopyOutcome outcome = restore(Instant.parse("2026-12-06T11:30:00Z"));

        assertThat(outcome.result()).isEqualTo(CopyOutcome.Result.COPIED);
        assertThat(outcome.detail()).contains("version 2026-12-06T11:00:00.1234567Z", "verified:md5");
        final ArgumentCaptor<ListBlobsOptions> listing = ArgumentCaptor.forClass(ListBlobsOptions.class);
        verify(container).listBlobs(listing.capture(), any());
        assertThat(listing.getValue().getDetails().getRetrieveVersions()).isTrue();
        assertThat(listing.getValue().getPrefix()).isEqualTo(KEY);
        final ArgumentCaptor<PutObjectRequest> put = ArgumentCaptor.forClass(PutObjectRequest.class);
        verify(s3).putObject(put.capture(), any(RequestBody.class));
        assertThat(put.getValue().ifNoneMatch()).isEqualTo("*");
        assertThat(put.getValue().contentType()).isEqualTo("text/csv");
        assertThat(put.getValue().metadata()).containsExactly(Map.entry("owner", "ops"));
        assertThat(put.getValue().contentMD5()).isEqualTo(Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("MD5").digest("second".getBytes(StandardCharsets.UTF_8))));
        verify(blob, never()).downloadStreamWithResponse(any(OutputStream.class), any(), any(), any(), anyBoolean(),
            any(), any());
    }

    @Test
    void aTimeBeforeTheFirstVersionIsAPermanentFailureThatSaysSo() throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", true, "first"));

        assertThatThrownBy(() -> restore(Instant.parse("2026-12-06T09:00:00Z")))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isFalse())
            .hasMessageContaining("no version written at or before 2026-12-06T09:00:00Z")
            .hasMessageContaining("2026-12-06T10:00:00.1234567Z");
        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void anAccountWithoutVersionsRestoresTheCurrentCopyAndSaysSo() throws Exception {
        listed(version(null, false, "only"));
        reading(blob, "only");

        final CopyOutcome outcome = restore(Instant.parse("2026-12-06T11:30:00Z"));

        assertThat(outcome.detail()).contains("current copy, account keeps no versions");
        verify(blob, never()).getVersionClient(any());
    }

    @Test
    void bytesThatDoNotMatchTheBlobsContentMd5AreNeverWritten() throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", true, "first"));
        final BlobClient first = mock(BlobClient.class);
        when(blob.getVersionClient(any())).thenReturn(first);
        reading(first, "fir5t");

        assertThatThrownBy(() -> restore(Instant.parse("2026-12-06T11:00:00Z")))
            .isInstanceOf(CopyFailure.class).hasMessageContaining("do not match the blob's Content-MD5");
        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void theJobsUserArgumentsWinOverTheEnvironmentAndAnInvalidOneFailsWithItsName() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final Map<String, String> environment = Map.of("RESTORE_AS_OF", "2026-01-01T00:00:00Z",
            "RESTORE_OVERWRITE_NEWER", "true");

        assertThat(RestoreOptions.of(json.readTree("{\"userArguments\":{\"asOf\":\"2026-12-06T11:00:00Z\"}}"),
            environment)).isEqualTo(new RestoreOptions(Instant.parse("2026-12-06T11:00:00Z"), true, false));
        assertThat(RestoreOptions.of(json.readTree("{}"), Map.of())).isEqualTo(new RestoreOptions(null, false, false));
        assertThat(RestoreOptions.of(json.readTree("{\"userArguments\":{\"plannedTasks\":\"true\"}}"), Map.of())
            .plannedTasks()).isTrue();
        assertThatThrownBy(() -> RestoreOptions.of(json.readTree("{\"userArguments\":{\"asOf\":\"yesterday\"}}"),
            Map.of())).isInstanceOf(CopyFailure.class)
            .hasMessageContaining("the job's user argument asOf 'yesterday' is not an instant");
    }

    /** A planned task of {@code KEY}, as the manifest's key field arrives URL-decoded. */
    private CopyOutcome restorePlanned(final String version, final boolean targetEmpty, final Instant asOf) {
        final String keyField = java.net.URLDecoder.decode(new RestoreTask(KEY, version, targetEmpty).keyField(),
            StandardCharsets.UTF_8);
        return new BlobRestorer(s3, parts, new RestoreOptions(asOf, false, true), BlobRestorer.PART_SIZE).apply(
            new ObjectEvent(ObjectEvent.Action.COPY, TARGET, keyField, null, null, null, null, "BatchOperations"),
            () -> container, InvocationTime.startingNow(Clock.systemUTC(), Duration.ofMinutes(15)));
    }

    /** {@code client}'s Get Blob answers with {@code item}'s properties and record, and {@code bytes}. */
    private static void downloads(final BlobClient client, final BlobItem item, final byte[] bytes) {
        final BlobItemProperties properties = item.getProperties();
        final BlobDownloadResponse response = mock(BlobDownloadResponse.class);
        when(response.getDeserializedHeaders()).thenReturn(new BlobDownloadHeaders()
            .setETag(properties.getETag()).setContentLength((long) bytes.length)
            .setContentRange("bytes 0-" + (bytes.length - 1) + "/" + bytes.length)
            .setBlobContentMD5(properties.getContentMd5()).setContentType(properties.getContentType())
            .setLastModified(properties.getLastModified()).setMetadata(item.getMetadata())
            .setVersionId(item.getVersionId()).setCurrentVersion(item.isCurrentVersion()));
        when(client.downloadStreamWithResponse(any(OutputStream.class), any(), any(), any(), anyBoolean(),
            any(), any())).thenAnswer(invocation -> {
                invocation.<OutputStream>getArgument(0).write(bytes);
                return response;
            });
    }

    @Test
    void aPlannedKeyAbsentFromTheTargetIsReadByOneGetBlobOfItsVersionAndWrittenOnlyWhileStillAbsent()
        throws Exception {
        final String versionId = "2026-12-06T11:00:00.1234567Z";
        final BlobClient second = mock(BlobClient.class);
        when(container.getBlobClient(KEY)).thenReturn(blob);
        when(blob.getVersionClient(versionId)).thenReturn(second);
        downloads(second, version(versionId, false, "second"), "second".getBytes(StandardCharsets.UTF_8));

        final CopyOutcome outcome = restorePlanned(versionId, true, Instant.parse("2026-12-06T11:30:00Z"));

        assertThat(outcome.result()).isEqualTo(CopyOutcome.Result.COPIED);
        assertThat(outcome.detail()).contains("version " + versionId, "verified:md5");
        verify(container, never()).listBlobs(any(ListBlobsOptions.class), any());
        verify(s3, never()).headObject(any(HeadObjectRequest.class));
        final ArgumentCaptor<PutObjectRequest> put = ArgumentCaptor.forClass(PutObjectRequest.class);
        verify(s3).putObject(put.capture(), any(RequestBody.class));
        assertThat(put.getValue().key()).isEqualTo(KEY);
        assertThat(put.getValue().ifNoneMatch()).isEqualTo("*");
        assertThat(put.getValue().contentType()).isEqualTo("text/csv");
        assertThat(put.getValue().metadata()).containsExactly(Map.entry("owner", "ops"));
        assertThat(put.getValue().contentMD5()).isEqualTo(Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("MD5").digest("second".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aPlannedKeyWrittenSinceThePlanIsDecidedAgainFromWhatTheTargetNowHolds() throws Exception {
        final BlobItem current = version(null, false, "only");
        downloads(blob, current, "only".getBytes(StandardCharsets.UTF_8));
        listed(current);
        when(s3.putObject(any(PutObjectRequest.class), any(RequestBody.class))).thenThrow(S3Exception.builder()
            .statusCode(412).awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                .errorCode("PreconditionFailed").build()).build());
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(software.amazon.awssdk.services.s3.model
            .HeadObjectResponse.builder().eTag("\"theirs\"").lastModified(Instant.parse("2026-12-06T12:00:00Z"))
            .build());

        final CopyOutcome outcome = restorePlanned(null, true, null);

        assertThat(outcome.result()).isEqualTo(CopyOutcome.Result.STALE);
        assertThat(outcome.detail()).startsWith("skip-newer");
        verify(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        verify(s3).headObject(any(HeadObjectRequest.class));
    }

    @Test
    void aPlannedKeyPresentInTheTargetIsDecidedFromAHeadBeforeAnyByteIsRead() throws Exception {
        listed(version(null, false, "only"));
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(software.amazon.awssdk.services.s3.model
            .HeadObjectResponse.builder().eTag("\"etag-only\"").build());

        final CopyOutcome outcome = restorePlanned(null, false, null);

        assertThat(outcome.detail()).startsWith("skip-identical");
        verify(blob, never()).downloadStreamWithResponse(any(OutputStream.class), any(), any(), any(),
            anyBoolean(), any(), any());
    }

    @Test
    void aKeyThatIsNoPlannedTaskInAPlannedJobFailsForGoodAndSaysWhatToDo() {
        assertThatThrownBy(() -> new BlobRestorer(s3, parts, new RestoreOptions(null, false, true), BlobRestorer.PART_SIZE)
            .apply(new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations"),
                () -> container, InvocationTime.startingNow(Clock.systemUTC(), Duration.ofMinutes(15))))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isFalse())
            .hasMessageContaining("not a task the restore command planned").hasMessageContaining("plannedTasks");
    }
}
