package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.core.http.rest.Response;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.cfnazure.backup.CopyOutcome.Result;
import io.cfnazure.access.calls.Deadline;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesParts;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The copy's decisions and its use of the two SDKs, with both mocked at their client edge. */
class ObjectCopierTest {

    private static final int BLOCK = 64 * 1024;
    private static final String BUCKET = "source-bucket";
    private static final String KEY = "reports/2026/q4 summary.pdf";
    private static final Instant MODIFIED = Instant.parse("2026-12-01T05:00:00Z");

    private final S3Client s3 = mock(S3Client.class);
    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final BlockBlobClient blob = mock(BlockBlobClient.class);
    private final ExecutorService uploads = Executors.newFixedThreadPool(4);
    /** The bytes of each staged block, copied when Azure is called (the buffer is reused afterwards). */
    private final Map<String, byte[]> stagedBlocks = Collections.synchronizedMap(new java.util.HashMap<>());

    @BeforeEach
    void wireContainer() {
        final BlobClient blobClient = mock(BlobClient.class);
        when(container.getBlobClient(KEY)).thenReturn(blobClient);
        when(blobClient.getBlockBlobClient()).thenReturn(blob);
        when(blob.getBlobName()).thenReturn(KEY);
        when(blob.getContainerName()).thenReturn("backup");
        when(blob.getAccountName()).thenReturn("mystorage01");
        doAnswer(call -> {
            final BlockBlobStageBlockOptions options = call.getArgument(0);
            stagedBlocks.put(options.getBase64BlockId(), options.getData().toBytes());
            return null;
        }).when(blob).stageBlockWithResponse(any(BlockBlobStageBlockOptions.class), any(), any());
    }

    @AfterEach
    void stopUploads() {
        uploads.shutdownNow();
    }

    private ObjectCopier copier(final boolean mirrorDeletes) {
        return new ObjectCopier(s3, new BlockBuffers(BLOCK, 4L * BLOCK), uploads, 3, mirrorDeletes, 100L << 20);
    }

    private static InvocationTime minutes(final int minutes) {
        return InvocationTime.startingNow(Clock.systemUTC(), Duration.ofMinutes(minutes));
    }

    private static ObjectEvent created(final String eTag, final String sequencer) {
        return new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, null, eTag, sequencer, null, "ObjectCreated:Put");
    }

    private static ObjectEvent removed(final String sequencer) {
        return new ObjectEvent(ObjectEvent.Action.REMOVE, BUCKET, KEY, null, null, sequencer, null,
            "ObjectRemoved:Delete");
    }

    private void noBlob() {
        final BlobStorageException notFound = mock(BlobStorageException.class);
        when(notFound.getStatusCode()).thenReturn(404);
        when(notFound.getErrorCode()).thenReturn(BlobErrorCode.BLOB_NOT_FOUND);
        when(blob.getPropertiesWithResponse(any(), any(), any())).thenThrow(notFound);
    }

    @SuppressWarnings("unchecked")
    private void blobCopiedFrom(final SourceRecord record) {
        final BlobProperties properties = mock(BlobProperties.class);
        when(properties.getETag()).thenReturn("\"0x8DC0FFEE\"");
        when(properties.getMetadata()).thenReturn(record.toMetadata());
        final Response<BlobProperties> response = mock(Response.class);
        when(response.getValue()).thenReturn(properties);
        // doReturn: a blob stubbed as missing before would throw while being stubbed again.
        org.mockito.Mockito.doReturn(response).when(blob).getPropertiesWithResponse(any(), any(), any());
    }

    private void s3Has(final byte[] bytes, final String eTag) {
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            GetObjectResponse.builder()
                .contentLength((long) bytes.length)
                .eTag("\"" + eTag + "\"")
                .lastModified(MODIFIED)
                .contentType("application/pdf")
                .cacheControl("max-age=60")
                .metadata(Map.of("owner-team", "finance"))
                .build(),
            AbortableInputStream.create(new ByteArrayInputStream(bytes))));
    }

    private static byte[] randomBytes(final int size) {
        final byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void anObjectUpToOneBlockIsOnePutBlobWithItsMd5HeadersMetadataAndTheSourceRecord() throws Exception {
        final byte[] bytes = randomBytes(1000);
        noBlob();
        s3Has(bytes, md5Hex(bytes));

        final CopyOutcome outcome = copier(false).apply(created(md5Hex(bytes), "0A"), () -> container, minutes(5));

        assertThat(outcome).isEqualTo(CopyOutcome.copied(1000, "verified:md5"));
        final ArgumentCaptor<BlockBlobSimpleUploadOptions> upload = ArgumentCaptor.forClass(BlockBlobSimpleUploadOptions.class);
        verify(blob).uploadWithResponse(upload.capture(), any(), any());
        final BlockBlobSimpleUploadOptions options = upload.getValue();
        assertThat(HexFormat.of().formatHex(options.getContentMd5())).isEqualTo(md5Hex(bytes));
        assertThat(options.getHeaders().getContentType()).isEqualTo("application/pdf");
        assertThat(options.getHeaders().getCacheControl()).isEqualTo("max-age=60");
        assertThat(options.getMetadata()).containsEntry("owner_team", "finance")
            .containsEntry(SourceRecord.SEQUENCER, "0A").containsEntry(SourceRecord.ETAG, md5Hex(bytes))
            .containsEntry(BlobMetadata.INTEGRITY, "verified:md5");
        assertThat(options.getRequestConditions().getIfNoneMatch()).isEqualTo("*");
        final ArgumentCaptor<GetObjectRequest> get = ArgumentCaptor.forClass(GetObjectRequest.class);
        verify(s3).getObject(get.capture());
        assertThat(get.getValue().ifMatch()).isEqualTo("\"" + md5Hex(bytes) + "\"");
        verify(blob, never()).stageBlockWithResponse(any(BlockBlobStageBlockOptions.class), any(), any());
    }

    @Test
    void anOverwriteUpToOneBlockSendsItsBytesOnceOnTheConditionThatTheBlobIsStillTheCopyItReplaces()
        throws Exception {
        final byte[] bytes = randomBytes(2000);
        s3Has(bytes, md5Hex(bytes));
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, "earlier", "09", MODIFIED.minusSeconds(60)));
        final List<String> conditions = recordUploadConditions();

        final CopyOutcome outcome = copier(false).apply(createdOfSize(md5Hex(bytes), "0B", 2000), () -> container,
            minutes(5));

        assertThat(outcome).isEqualTo(CopyOutcome.copied(2000, "verified:md5"));
        assertThat(conditions).containsExactly("If-Match \"0x8DC0FFEE\"");
        verify(blob).getPropertiesWithResponse(any(), any(), any());
        verify(s3).getObject(any(GetObjectRequest.class));
    }

    @Test
    void aBlobWrittenMeanwhileByAnotherCopyFailsTheWriteAsTransientForTheRetryToDecideAgain() throws Exception {
        final byte[] bytes = randomBytes(2000);
        s3Has(bytes, md5Hex(bytes));
        noBlob();
        final BlobStorageException exists = mock(BlobStorageException.class);
        when(exists.getStatusCode()).thenReturn(409);
        when(exists.getErrorCode()).thenReturn(BlobErrorCode.BLOB_ALREADY_EXISTS);
        when(blob.uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any())).thenThrow(exists);

        assertThatThrownBy(() -> copier(false).apply(createdOfSize(md5Hex(bytes), "0B", 2000), () -> container,
            minutes(5)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("another copy of the same key finished first");
        verify(blob, org.mockito.Mockito.times(1)).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(),
            any());
    }

    @Test
    void theVersionAnEventNamesIsReadAndATaskOfTheVersionAlreadyCopiedReadsNothingOfS3() throws Exception {
        final byte[] bytes = randomBytes(1500);
        noBlob();
        s3Has(bytes, md5Hex(bytes));
        final ObjectEvent ofVersion1 = new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, "v1", md5Hex(bytes), "0A",
            1500L, "ObjectCreated:Put");

        copier(false).apply(ofVersion1, () -> container, minutes(5));

        final ArgumentCaptor<GetObjectRequest> get = ArgumentCaptor.forClass(GetObjectRequest.class);
        verify(s3).getObject(get.capture());
        assertThat(get.getValue().versionId()).isEqualTo("v1");

        org.mockito.Mockito.clearInvocations(s3);
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, "v1", md5Hex(bytes), null, MODIFIED));
        final ObjectEvent taskOfVersion1 = new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, "v1", null, null,
            null, "BatchOperations");
        assertThat(copier(false).apply(taskOfVersion1, () -> container, minutes(5)).result())
            .isEqualTo(Result.ALREADY_COPIED);
        verify(s3, never()).getObject(any(GetObjectRequest.class));
    }

    @Test
    void anObjectOfOnePutBlobIsReadFromS3WhileItsBlobsRecordIsReadAndARepeatClosesThatReadUnread() throws Exception {
        final byte[] bytes = randomBytes(1500);
        final java.util.concurrent.CountDownLatch getSent = new java.util.concurrent.CountDownLatch(1);
        final List<AbortableInputStream> bodies = Collections.synchronizedList(new ArrayList<>());
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> {
            getSent.countDown();
            final AbortableInputStream body = org.mockito.Mockito.spy(
                AbortableInputStream.create(new ByteArrayInputStream(bytes)));
            bodies.add(body);
            return new ResponseInputStream<>(GetObjectResponse.builder().contentLength((long) bytes.length)
                .eTag("\"" + md5Hex(bytes) + "\"").lastModified(MODIFIED).build(), body);
        });
        // The blob's record arrives only once the GET was sent: read one after the other, the copy would time out.
        final BlobStorageException notFound = mock(BlobStorageException.class);
        when(notFound.getStatusCode()).thenReturn(404);
        when(notFound.getErrorCode()).thenReturn(BlobErrorCode.BLOB_NOT_FOUND);
        when(blob.getPropertiesWithResponse(any(), any(), any())).thenAnswer(call -> {
            if (!getSent.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the S3 read waited for the blob's record");
            }
            throw notFound;
        });

        assertThat(copier(false).apply(createdOfSize(md5Hex(bytes), "0B", bytes.length), () -> container,
            minutes(5)).result()).isEqualTo(Result.COPIED);

        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, md5Hex(bytes), "0B", MODIFIED));
        assertThat(copier(false).apply(createdOfSize(md5Hex(bytes), "0B", bytes.length), () -> container,
            minutes(5)).result()).isEqualTo(Result.ALREADY_COPIED);
        // The dropped read is closed by whichever comes second: the drop, or the GET's answer.
        verify(s3, org.mockito.Mockito.timeout(5000).times(2)).getObject(any(GetObjectRequest.class));
        verify(bodies.get(1), org.mockito.Mockito.timeout(5000)).abort();
        verify(bodies.get(1), never()).read(any(byte[].class), org.mockito.ArgumentMatchers.anyInt(),
            org.mockito.ArgumentMatchers.anyInt());
        verify(blob, org.mockito.Mockito.times(1)).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(),
            any());
    }

    private List<String> recordUploadConditions() {
        final List<String> conditions = new ArrayList<>();
        doAnswer(call -> {
            conditions.add(describe(call.getArgument(0)));
            return null;
        }).when(blob).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any());
        return conditions;
    }

    private static String describe(final BlockBlobSimpleUploadOptions options) {
        return options.getRequestConditions().getIfMatch() != null
            ? "If-Match " + options.getRequestConditions().getIfMatch()
            : "If-None-Match " + options.getRequestConditions().getIfNoneMatch();
    }

    private static ObjectEvent createdOfSize(final String eTag, final String sequencer, final long size) {
        return new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, null, eTag, sequencer, size, "ObjectCreated:Put");
    }

    @Test
    void aLargerObjectIsStagedInBlocksWithTheirMd5AndCommittedInOrderOnlyAtTheEnd() throws Exception {
        final byte[] bytes = randomBytes(5 * BLOCK + 123);
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, "old", "09", MODIFIED.minusSeconds(60)));
        s3Has(bytes, md5Hex(bytes));

        final CopyOutcome outcome = copier(false).apply(created(md5Hex(bytes), "0A"), () -> container, minutes(5));

        assertThat(outcome.result()).isEqualTo(Result.COPIED);
        final ArgumentCaptor<BlockBlobCommitBlockListOptions> commit =
            ArgumentCaptor.forClass(BlockBlobCommitBlockListOptions.class);
        verify(blob).commitBlockListWithResponse(commit.capture(), any(), any());
        final List<String> ids = commit.getValue().getBase64BlockIds();
        assertThat(ids).hasSize(6);
        final java.io.ByteArrayOutputStream committed = new java.io.ByteArrayOutputStream();
        for (final String id : ids) {
            committed.write(stagedBlocks.get(id));
        }
        assertThat(committed.toByteArray()).isEqualTo(bytes);
        assertThat(commit.getValue().getRequestConditions().getIfMatch()).isEqualTo("\"0x8DC0FFEE\"");
        assertThat(HexFormat.of().formatHex(commit.getValue().getHeaders().getContentMd5())).isEqualTo(md5Hex(bytes));
        final ArgumentCaptor<BlockBlobStageBlockOptions> staged = ArgumentCaptor.forClass(BlockBlobStageBlockOptions.class);
        verify(blob, org.mockito.Mockito.times(6)).stageBlockWithResponse(staged.capture(), any(), any());
        for (final BlockBlobStageBlockOptions block : staged.getAllValues()) {
            assertThat(block.getContentMd5()).isEqualTo(
                MessageDigest.getInstance("MD5").digest(stagedBlocks.get(block.getBase64BlockId())));
        }
    }

    @Test
    void aRepeatedOrOlderEventIsSettledWithoutReadingS3() {
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, "e1", "0055AED6DCD90281E5", MODIFIED));

        assertThat(copier(false).apply(created("e1", "55AED6DCD90281E5"), () -> container, minutes(5)).result())
            .isEqualTo(Result.ALREADY_COPIED);
        assertThat(copier(false).apply(created("e0", "0055AED6DCD90281E4"), () -> container, minutes(5)).result())
            .isEqualTo(Result.STALE);
        verify(s3, never()).getObject(any(GetObjectRequest.class));
    }

    @Test
    void anObjectChangedSinceTheEventIsLeftToTheChangesOwnEvent() {
        noBlob();
        when(s3.getObject(any(GetObjectRequest.class))).thenThrow(s3Error(412, "PreconditionFailed"));

        assertThat(copier(false).apply(created("e1", "0A"), () -> container, minutes(5)).result())
            .isEqualTo(Result.SUPERSEDED);
        verify(blob, never()).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any());
    }

    @Test
    void aBackfillTaskOfTheVersionAlreadyCopiedReadsOnlyTheHeaders() throws Exception {
        final byte[] bytes = randomBytes(10);
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, md5Hex(bytes), "0A", MODIFIED));
        s3Has(bytes, md5Hex(bytes));
        final ObjectEvent task = new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, null, null, null, null,
            "BatchOperations");

        assertThat(copier(false).apply(task, () -> container, minutes(5)).result()).isEqualTo(Result.ALREADY_COPIED);
        verify(blob, never()).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any());
    }

    @Test
    void anObjectGoneBeforeItsCopyFailsPermanentlyWithTheReason() {
        noBlob();
        when(s3.getObject(any(GetObjectRequest.class))).thenThrow(s3Error(404, "NoSuchKey"));

        assertThatThrownBy(() -> copier(false).apply(created("e1", "0A"), () -> container, minutes(5)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse())
            .hasMessageContaining("no longer exists");
    }

    @Test
    void azureFailingMidUploadFailsTransientlyAndCommitsNothing() throws Exception {
        final byte[] bytes = randomBytes(4 * BLOCK);
        noBlob();
        s3Has(bytes, md5Hex(bytes));
        final BlobStorageException busy = mock(BlobStorageException.class);
        when(busy.getStatusCode()).thenReturn(503);
        when(busy.getErrorCode()).thenReturn(BlobErrorCode.SERVER_BUSY);
        final List<Integer> calls = new ArrayList<>();
        doAnswer(call -> {
            synchronized (calls) {
                calls.add(1);
                if (calls.size() >= 2) {
                    throw busy;
                }
            }
            return null;
        }).when(blob).stageBlockWithResponse(any(BlockBlobStageBlockOptions.class), any(), any());

        assertThatThrownBy(() -> copier(false).apply(created(md5Hex(bytes), "0A"), () -> container, minutes(5)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("503");
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }

    @Test
    void bytesThatDoNotMatchTheETagAreNeverCommitted() throws Exception {
        final byte[] bytes = randomBytes(3 * BLOCK);
        noBlob();
        s3Has(bytes, md5Hex(randomBytes(7)));

        assertThatThrownBy(() -> copier(false).apply(created(null, "0A"), () -> container, minutes(5)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("do not match its ETag");
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }

    @Test
    void anObjectTooLargeForAnyInvocationFailsPermanentlyBeforeAnyWrite() throws Exception {
        noBlob();
        s3Has(randomBytes(10), "x");
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            GetObjectResponse.builder().contentLength(500L << 30).eTag("\"e-9000\"").lastModified(MODIFIED).build(),
            AbortableInputStream.create(new ByteArrayInputStream(new byte[0]))));

        assertThatThrownBy(() -> copier(false).apply(created("e-9000", "0A"), () -> container, minutes(15)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse())
            .hasMessageContaining("536,870,912,000 bytes").hasMessageContaining("Nothing was written");
        verify(blob, never()).stageBlockWithResponse(any(BlockBlobStageBlockOptions.class), any(), any());
    }

    @Test
    void anObjectThatFitsAnInvocationButNotWhatIsLeftOfThisOneIsRetried() {
        noBlob();
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            GetObjectResponse.builder().contentLength(20L << 30).eTag("\"e-2\"").lastModified(MODIFIED).build(),
            AbortableInputStream.create(new ByteArrayInputStream(new byte[0]))));
        final InvocationTime almostOver = new InvocationTime(Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30)),
            Duration.ofMinutes(14), Clock.systemUTC());

        assertThatThrownBy(() -> copier(false).apply(created("e-2", "0A"), () -> container, almostOver))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue());
    }

    /** A clock that moves only when told, and an S3 body that moves it by {@code perBlock} for every block read. */
    private static final class SlowLink extends Clock {
        private final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(
            MODIFIED.toEpochMilli());

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        java.io.InputStream body(final byte[] bytes, final Duration perBlock) {
            return new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
                private long read;

                @Override
                public int read(final byte[] buffer, final int offset, final int length) throws java.io.IOException {
                    final int n = super.read(buffer, offset, length);
                    if (n > 0 && (read += n) % BLOCK == 0) {
                        millis.addAndGet(perBlock.toMillis());
                    }
                    return n;
                }
            };
        }
    }

    private void s3HasOverASlowLink(final byte[] bytes, final SlowLink link) throws Exception {
        final String eTag = md5Hex(bytes);
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            GetObjectResponse.builder().contentLength((long) bytes.length).eTag("\"" + eTag + "\"")
                .lastModified(MODIFIED).build(),
            AbortableInputStream.create(link.body(bytes, Duration.ofSeconds(10)))));
    }

    @Test
    void aCopyWhoseMeasuredRateCannotFinishInAnyInvocationFailsPermanentlyWithoutCommitting() throws Exception {
        final byte[] bytes = randomBytes(20 * BLOCK);
        noBlob();
        final SlowLink link = new SlowLink();
        s3HasOverASlowLink(bytes, link);
        final InvocationTime oneMinute = new InvocationTime(Deadline.in(link, Duration.ofMinutes(1)),
            Duration.ofMinutes(1), link);

        assertThatThrownBy(() -> copier(false).apply(created(md5Hex(bytes), "0A"), () -> container, oneMinute))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse())
            .hasMessageContaining("measured over 30 s it would take 200 s")
            .hasMessageContaining("Nothing was committed");
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }

    @Test
    void aCopyThatCouldFinishInAFreshInvocationButNotInThisOneIsRetried() throws Exception {
        final byte[] bytes = randomBytes(20 * BLOCK);
        noBlob();
        final SlowLink link = new SlowLink();
        s3HasOverASlowLink(bytes, link);
        final InvocationTime lateInALongInvocation = new InvocationTime(Deadline.in(link, Duration.ofSeconds(100)),
            Duration.ofMinutes(14), link);

        assertThatThrownBy(() -> copier(false).apply(created(md5Hex(bytes), "0A"), () -> container,
            lateInALongInvocation))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("would not finish before this invocation's deadline");
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }

    @Test
    void removalsKeepTheCopyUnlessDeletesAreMirrored() {
        assertThat(copier(false).apply(removed("0B"), () -> container, minutes(5)).result()).isEqualTo(Result.KEPT);
        verify(blob, never()).getPropertiesWithResponse(any(), any(), any());
        verify(blob, never()).deleteWithResponse(any(), any(), any(), any());
    }

    @Test
    void aMirroredRemovalDeletesTheCopyOnlyWhenS3HasNoCurrentObject() {
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, "e1", "0A", MODIFIED));
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder().build());
        assertThat(copier(true).apply(removed("0B"), () -> container, minutes(5)).result()).isEqualTo(Result.KEPT);
        verify(blob, never()).deleteWithResponse(any(), any(), any(), any());

        when(s3.headObject(any(HeadObjectRequest.class))).thenThrow(s3Error(404, null));
        assertThat(copier(true).apply(removed("0B"), () -> container, minutes(5)).result()).isEqualTo(Result.DELETED);
        verify(blob).deleteWithResponse(eq(DeleteSnapshotsOptionType.INCLUDE),
            org.mockito.ArgumentMatchers.argThat(c -> "\"0x8DC0FFEE\"".equals(c.getIfMatch())), any(), any());
    }

    @Test
    void aMirroredRemovalOlderThanTheCopyKeepsIt() {
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, null, "e1", "0C", MODIFIED));

        assertThat(copier(true).apply(removed("0B"), () -> container, minutes(5)).result()).isEqualTo(Result.STALE);
        verify(s3, never()).headObject(any(HeadObjectRequest.class));
        verify(blob, never()).deleteWithResponse(any(), any(), any(), any());
    }

    @Test
    void aTaskOfAVersionWrittenInTheSameSecondAsTheCopiedOneIsCopiedOnlyIfItIsTheCurrentVersion() throws Exception {
        final byte[] bytes = randomBytes(900);
        blobCopiedFrom(new SourceRecord(BUCKET, KEY, "v7", "other", null, MODIFIED));
        s3Serves(bytes, md5Hex(bytes), response -> response.versionId("v6"));
        final ObjectEvent taskOfVersion6 = new ObjectEvent(ObjectEvent.Action.COPY, BUCKET, KEY, "v6", null, null,
            null, "BatchOperations");

        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder().versionId("v7")
            .build());
        assertThat(copier(false).apply(taskOfVersion6, () -> container, minutes(5)).result()).isEqualTo(Result.STALE);

        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder().versionId("v6")
            .build());
        assertThat(copier(false).apply(taskOfVersion6, () -> container, minutes(5)).result()).isEqualTo(Result.COPIED);
    }

    /** The multipart ETag S3 gives bytes uploaded in parts of these sizes. */
    private static String multipartETag(final byte[] bytes, final List<Long> partSizes) throws Exception {
        final MessageDigest ofParts = MessageDigest.getInstance("MD5");
        int at = 0;
        for (final long size : partSizes) {
            final MessageDigest part = MessageDigest.getInstance("MD5");
            part.update(bytes, at, (int) size);
            ofParts.update(part.digest());
            at += (int) size;
        }
        return HexFormat.of().formatHex(ofParts.digest()) + "-" + partSizes.size();
    }

    /** S3 serves {@code served} for an object of that ETag (and whatever {@code headers} adds), version "v7". */
    private void s3Serves(final byte[] served, final String eTag,
                          final java.util.function.UnaryOperator<GetObjectResponse.Builder> headers) {
        when(s3.getObject(any(GetObjectRequest.class))).thenAnswer(call -> new ResponseInputStream<>(
            headers.apply(GetObjectResponse.builder().contentLength((long) served.length).eTag("\"" + eTag + "\"")
                .versionId("v7").lastModified(MODIFIED)).build(),
            AbortableInputStream.create(new ByteArrayInputStream(served))));
    }

    private void s3ListsParts(final String eTag, final List<Long> partSizes) {
        when(s3.getObjectAttributes(any(GetObjectAttributesRequest.class))).thenReturn(GetObjectAttributesResponse
            .builder().eTag(eTag).objectParts(GetObjectAttributesParts.builder().totalPartsCount(partSizes.size())
                .isTruncated(false).parts(partSizes.stream().map(size -> ObjectPart.builder().size(size).build())
                    .toList()).build()).build());
    }

    private Map<String, String> committedMetadata() {
        final ArgumentCaptor<BlockBlobCommitBlockListOptions> commit =
            ArgumentCaptor.forClass(BlockBlobCommitBlockListOptions.class);
        verify(blob).commitBlockListWithResponse(commit.capture(), any(), any());
        return commit.getValue().getMetadata();
    }

    @Test
    void aMultipartObjectWithoutAChecksumIsVerifiedWithThePartSizesS3ListsForItsVersion() throws Exception {
        final byte[] bytes = randomBytes(5 * BLOCK + 77);
        final List<Long> parts = List.of(2L * BLOCK + 5, 2L * BLOCK + 5, (long) BLOCK + 67);
        final String eTag = multipartETag(bytes, parts);
        noBlob();
        s3Serves(bytes, eTag, response -> response);
        s3ListsParts(eTag, parts);

        final CopyOutcome outcome = copier(false).apply(created(eTag, "0A"), () -> container, minutes(5));

        assertThat(outcome).isEqualTo(CopyOutcome.copied(bytes.length, "verified:multipart-md5"));
        assertThat(committedMetadata()).containsEntry(BlobMetadata.INTEGRITY, "verified:multipart-md5");
        final ArgumentCaptor<GetObjectAttributesRequest> attributes =
            ArgumentCaptor.forClass(GetObjectAttributesRequest.class);
        verify(s3).getObjectAttributes(attributes.capture());
        assertThat(attributes.getValue().versionId()).isEqualTo("v7");
        final ArgumentCaptor<GetObjectRequest> gets = ArgumentCaptor.forClass(GetObjectRequest.class);
        verify(s3, org.mockito.Mockito.times(2)).getObject(gets.capture());
        assertThat(gets.getAllValues().get(1).versionId()).isEqualTo("v7");
        assertThat(gets.getAllValues().get(1).ifMatch()).isEqualTo("\"" + eTag + "\"");
    }

    @Test
    void aMultipartObjectWhoseBytesDoNotMatchItsETagIsNeverCommitted() throws Exception {
        final byte[] bytes = randomBytes(5 * BLOCK + 77);
        final List<Long> parts = List.of(3L * BLOCK, 2L * BLOCK + 77);
        final String eTag = multipartETag(bytes, parts);
        final byte[] corrupted = bytes.clone();
        corrupted[4 * BLOCK + 1] ^= 1;
        noBlob();
        s3Serves(corrupted, eTag, response -> response);
        s3ListsParts(eTag, parts);

        assertThatThrownBy(() -> copier(false).apply(created(eTag, "0A"), () -> container, minutes(5)))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("do not match its multipart ETag");
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }

    @Test
    void whenS3ListsNoPartsEachPartsSizeComesFromAHeadOfThatPart() throws Exception {
        final byte[] bytes = randomBytes(3 * BLOCK);
        final List<Long> parts = List.of(2L * BLOCK, (long) BLOCK);
        final String eTag = multipartETag(bytes, parts);
        noBlob();
        s3Serves(bytes, eTag, response -> response);
        // S3 lists the parts only of objects uploaded with an additional checksum; otherwise only their count.
        when(s3.getObjectAttributes(any(GetObjectAttributesRequest.class))).thenReturn(GetObjectAttributesResponse
            .builder().eTag(eTag).objectParts(GetObjectAttributesParts.builder().totalPartsCount(2).build()).build());
        when(s3.headObject(any(HeadObjectRequest.class))).thenAnswer(call -> {
            final HeadObjectRequest head = call.getArgument(0);
            return HeadObjectResponse.builder().partsCount(2).contentLength(parts.get(head.partNumber() - 1)).build();
        });

        assertThat(copier(false).apply(created(eTag, "0A"), () -> container, minutes(5)).integrity())
            .isEqualTo("verified:multipart-md5");
        final ArgumentCaptor<HeadObjectRequest> heads = ArgumentCaptor.forClass(HeadObjectRequest.class);
        verify(s3, org.mockito.Mockito.times(2)).headObject(heads.capture());
        assertThat(heads.getAllValues()).extracting(HeadObjectRequest::partNumber).containsExactly(1, 2);
        assertThat(heads.getAllValues()).allSatisfy(head -> assertThat(head.ifMatch()).isEqualTo("\"" + eTag + "\""));
    }

    @Test
    void withoutPartSizesAMultipartObjectIsCopiedUnverifiedAndSaysWhy() throws Exception {
        final byte[] bytes = randomBytes(3 * BLOCK);
        final String eTag = multipartETag(bytes, List.of(2L * BLOCK, (long) BLOCK));
        noBlob();
        s3Serves(bytes, eTag, response -> response);
        when(s3.getObjectAttributes(any(GetObjectAttributesRequest.class))).thenReturn(
            GetObjectAttributesResponse.builder().eTag(eTag).build());
        // A server that ignores partNumber answers for the whole object, without a part count.
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(
            HeadObjectResponse.builder().contentLength((long) bytes.length).build());

        final CopyOutcome outcome = copier(false).apply(created(eTag, "0A"), () -> container, minutes(5));

        assertThat(outcome.unverified()).isTrue();
        assertThat(committedMetadata()).containsEntry(BlobMetadata.INTEGRITY, "unverified:no-part-sizes");
    }

    @Test
    void kmsAndCustomerKeyObjectsWithoutAChecksumAreCopiedUnverifiedAndAChecksumIsPreferredToParts()
        throws Exception {
        final byte[] bytes = randomBytes(700);
        noBlob();
        s3Serves(bytes, md5Hex(randomBytes(3)), response -> response.serverSideEncryption("aws:kms"));
        assertThat(copier(false).apply(created(null, "0A"), () -> container, minutes(5)).integrity())
            .isEqualTo("unverified:sse-kms");

        s3Serves(bytes, md5Hex(randomBytes(3)), response -> response.sseCustomerAlgorithm("AES256"));
        assertThat(copier(false).apply(created(null, "0B"), () -> container, minutes(5)).integrity())
            .isEqualTo("unverified:sse-c");

        s3Serves(bytes, "0123456789abcdef0123456789abcdef-2", response -> response.checksumCRC32("AAAAAA==")
            .checksumType("FULL_OBJECT"));
        assertThat(copier(false).apply(created(null, "0C"), () -> container, minutes(5)).integrity())
            .isEqualTo("verified:crc32");
        verify(s3, never()).getObjectAttributes(any(GetObjectAttributesRequest.class));
    }

    static S3Exception s3Error(final int status, final String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void blockBuffersNeverHandOutMoreThanTheirBudget() throws Exception {
        final BlockBuffers buffers = new BlockBuffers(BLOCK, 3L * BLOCK);
        final byte[] a = buffers.take(BLOCK, 10);
        final byte[] b = buffers.take(BLOCK, 10);
        final byte[] c = buffers.take(BLOCK, 10);
        assertThat(buffers.take(BLOCK, 50)).isNull();
        buffers.give(b);
        assertThat(buffers.take(BLOCK, 10)).isSameAs(b);
        buffers.give(a);
        buffers.give(c);
        assertThat(ByteBuffer.wrap(buffers.take(100, 10)).capacity()).isEqualTo(100);
    }
}
