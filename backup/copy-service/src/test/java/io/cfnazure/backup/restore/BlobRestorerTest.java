package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyOutcome;
import io.cfnazure.backup.InvocationTime;
import io.cfnazure.backup.ObjectEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

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

    private static BlobInputStream reading(final String content) {
        return mock(BlobInputStream.class, AdditionalAnswers.delegatesTo(
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))));
    }

    private CopyOutcome restore(final Instant asOf) {
        return restore(asOf, Duration.ofMinutes(15));
    }

    private CopyOutcome restore(final Instant asOf, final Duration timeLeft) {
        return new BlobRestorer(s3, new RestoreOptions(asOf, false, false), BlobRestorer.PART_SIZE).apply(
            new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations"),
            () -> container, InvocationTime.startingNow(Clock.systemUTC(), timeLeft));
    }

    @Test
    void aFailedTaskIsLoggedAsARestoreOfItsKeyNotAsACopy() {
        assertThat(new BlobRestorer(s3, new RestoreOptions(null, false, false), BlobRestorer.PART_SIZE).describe(
            new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations")))
            .isEqualTo("restore s3://" + TARGET + "/" + KEY);
    }

    @Test
    void aMultipartUploadStillRunningAtTheDeadlineIsAbortedNeverCompleted() throws Exception {
        final byte[] large = new byte[9 * 1024 * 1024];
        listed(version("2026-12-06T10:00:00.1234567Z", true, "large", large));
        final BlobClient current = mock(BlobClient.class);
        when(blob.getVersionClient(any())).thenReturn(current);
        when(current.openInputStream(any(BlobInputStreamOptions.class), any(Context.class))).thenReturn(
            mock(BlobInputStream.class, AdditionalAnswers.delegatesTo(new ByteArrayInputStream(large))));
        when(s3.createMultipartUpload(any(CreateMultipartUploadRequest.class)))
            .thenReturn(CreateMultipartUploadResponse.builder().uploadId("upload-1").build());

        assertThatThrownBy(() -> restore(Instant.parse("2026-12-06T11:00:00Z"), Duration.ZERO))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isTrue())
            .hasMessageContaining("ran out of time").hasMessageContaining("aborted");
        verify(s3).abortMultipartUpload(any(java.util.function.Consumer.class));
        verify(s3, never()).completeMultipartUpload(any(java.util.function.Consumer.class));
    }

    @Test
    void asOfATimeTheVersionCurrentThenIsReadThroughItsVersionClientAndTheResultNamesIt() throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", false, "first"),
            version("2026-12-06T11:00:00.1234567Z", false, "second"),
            version("2026-12-06T12:00:00.1234567Z", true, "ransom"));
        final BlobClient second = mock(BlobClient.class);
        when(blob.getVersionClient("2026-12-06T11:00:00.1234567Z")).thenReturn(second);
        when(second.openInputStream(any(BlobInputStreamOptions.class), any(Context.class)))
            .thenReturn(reading("second"));

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
        verify(blob, never()).openInputStream(any(BlobInputStreamOptions.class), any(Context.class));
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
        when(blob.openInputStream(any(BlobInputStreamOptions.class), any(Context.class))).thenReturn(reading("only"));

        final CopyOutcome outcome = restore(Instant.parse("2026-12-06T11:30:00Z"));

        assertThat(outcome.detail()).contains("current copy, account keeps no versions");
        verify(blob, never()).getVersionClient(any());
    }

    @Test
    void bytesThatDoNotMatchTheBlobsContentMd5AreNeverWritten() throws Exception {
        listed(version("2026-12-06T10:00:00.1234567Z", true, "first"));
        final BlobClient first = mock(BlobClient.class);
        when(blob.getVersionClient(any())).thenReturn(first);
        when(first.openInputStream(any(BlobInputStreamOptions.class), any(Context.class))).thenReturn(reading("fir5t"));

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
        return new BlobRestorer(s3, new RestoreOptions(asOf, false, true), BlobRestorer.PART_SIZE).apply(
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
        when(client.downloadStreamWithResponse(any(java.io.OutputStream.class), any(), any(), any(), anyBoolean(),
            any(), any())).thenAnswer(invocation -> {
                invocation.<java.io.OutputStream>getArgument(0).write(bytes);
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
        verify(blob, never()).downloadStreamWithResponse(any(java.io.OutputStream.class), any(), any(), any(),
            anyBoolean(), any(), any());
        verify(blob, never()).openInputStream(any(BlobInputStreamOptions.class), any(Context.class));
    }

    @Test
    void aKeyThatIsNoPlannedTaskInAPlannedJobFailsForGoodAndSaysWhatToDo() {
        assertThatThrownBy(() -> new BlobRestorer(s3, new RestoreOptions(null, false, true), BlobRestorer.PART_SIZE)
            .apply(new ObjectEvent(ObjectEvent.Action.COPY, TARGET, KEY, null, null, null, null, "BatchOperations"),
                () -> container, InvocationTime.startingNow(Clock.systemUTC(), Duration.ofMinutes(15))))
            .isInstanceOfSatisfying(CopyFailure.class, failure -> assertThat(failure.isTransient()).isFalse())
            .hasMessageContaining("not a task the restore command planned").hasMessageContaining("plannedTasks");
    }
}
