package io.cfnazure.backup;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.cfnazure.backup.CopyOutcome.Result;
import io.cfnazure.access.calls.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesParts;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies one S3 object into a block blob at the same key, or applies a removal, deciding first from the blob's
 * {@link SourceRecord} whether there is anything to do.
 *
 * <p>The blob's record is read first, so that a repeated or late event costs one Azure read and no S3 request. The
 * object is read as the version the event or task names, and streamed: an object up to one block is read into one
 * buffer and written with a single Put Blob; a larger one is read block by block, each block staged while the next is
 * read ({@link BlockUploads}: at most {@code maxBlocksInFlight} at once, buffers from the process-wide
 * {@link BlockBuffers}), and the block list committed only after every block arrived and the bytes passed their
 * {@link IntegrityCheck}. Until that commit the blob, if any, is unchanged. Every write carries a condition on the
 * blob as it was read at the start (its ETag, or that there is none), so of two copies of the same key running at
 * once only one commits; the other fails as transient and decides again when retried.
 */
final class ObjectCopier {

    /** Azure's limit of committed blocks per blob. */
    static final int MAX_BLOCKS = 50_000;
    /**
     * What an object needs of the invocation besides its bytes: a few requests. An item is not started with less left
     * (it fails as transient before any request, and is retried), so none is cut off mid-copy by the deadline.
     */
    static final Duration TIME_TO_START = Duration.ofSeconds(1);
    /** How long a copy runs before its measured rate is trusted to predict its end. */
    static final Duration MEASURED_AFTER = Duration.ofSeconds(30);
    /** GetObjectAttributes lists at most 1,000 parts per answer. */
    private static final int PARTS_PER_PAGE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Client s3;
    private final BlockBuffers buffers;
    /** Requests that run beside a copy's own thread: staged blocks, and the S3 read of an object of one Put Blob. */
    private final ExecutorService requests;
    /** Large objects' blocks: read in order, staged while the next is read. */
    private final BlockUploads blocks;
    private final boolean mirrorDeletes;
    private final long assumedBytesPerSecond;

    ObjectCopier(final S3Client s3, final BlockBuffers buffers, final ExecutorService requests,
                 final int maxBlocksInFlight, final boolean mirrorDeletes, final long assumedBytesPerSecond) {
        this.s3 = s3;
        this.buffers = buffers;
        this.requests = requests;
        this.blocks = new BlockUploads(buffers, requests, maxBlocksInFlight);
        this.mirrorDeletes = mirrorDeletes;
        this.assumedBytesPerSecond = assumedBytesPerSecond;
    }

    /** How large objects' blocks are read and uploaded: the restore's parts go the same way. */
    BlockUploads blocks() {
        return blocks;
    }

    /**
     * @param container the container's client, asked for only when the event needs Azure (signing in on first use)
     * @throws CopyFailure with the reason and whether a retry can help
     */
    CopyOutcome apply(final ObjectEvent event, final Supplier<BlobContainerClient> container,
                      final InvocationTime time) {
        if (event.action() != ObjectEvent.Action.IGNORE) {
            requireTimeToStart(event, time);
        }
        return switch (event.action()) {
            case COPY -> copy(event, container.get().getBlobClient(event.key()).getBlockBlobClient(), time);
            case REMOVE -> remove(event, () -> container.get().getBlobClient(event.key()).getBlockBlobClient(),
                time.deadline());
            case IGNORE -> CopyOutcome.of(Result.IGNORED, "event " + event.eventName() + " needs no copy");
        };
    }

    /** The blob as it is before this copy: its ETag for the write condition, and whose copy it is. */
    private record Existing(String blobETag, SourceRecord record) {
        static final Existing NONE = new Existing(null, null);
    }

    /**
     * Refuses to start an object this invocation cannot finish: with less left than {@link #TIME_TO_START} and the time
     * its bytes (as the event gives its size) take at the assumed rate, it fails as transient before any request, and
     * is retried. (An object too large for any invocation is refused permanently by {@link #requireWithinLimit}.)
     */
    private void requireTimeToStart(final ObjectEvent event, final InvocationTime time) {
        final long size = event.size() == null || event.size() > maxBytesWithin(time.budget()) ? 0 : event.size();
        final Duration left = time.deadline().remaining();
        final Duration needed = TIME_TO_START.plusMillis(size * 1000 / assumedBytesPerSecond);
        if (left.compareTo(needed) < 0) {
            throw CopyFailure.transientFailure(String.format("Not started: s3://%s/%s needs about %d ms, and this "
                    + "invocation had %d ms left; nothing was read or written and it will be retried.", event.bucket(),
                Texts.bounded(event.key()), needed.toMillis(), left.toMillis()), null);
        }
    }

    private CopyOutcome copy(final ObjectEvent event, final BlockBlobClient blob, final InvocationTime time) {
        // An object of one Put Blob (as its event gives its size) is read from S3 while its blob's record is read,
        // rather than after it: the record still decides first, and the read is dropped if it settles the event.
        final EarlyRead early = event.size() != null && event.size() <= buffers.blockSize() ? new EarlyRead(event)
            : null;
        final Existing existing;
        try {
            existing = existing(blob, time.deadline());
        } catch (final RuntimeException e) {
            drop(early, time.deadline());
            throw e;
        }
        final Optional<CopyOutcome> settled = settledByRecord(event, existing);
        if (settled.isPresent()) {
            drop(early, time.deadline());
            return settled.get();
        }
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = early == null ? s3.getObject(getRequest(event)) : early.await(time.deadline());
        } catch (final S3Exception e) {
            if (e.statusCode() == 412) {
                return CopyOutcome.of(Result.SUPERSEDED, "the object changed after this event; the change's own "
                    + "event copies it");
            }
            throw S3Failures.reading(e, event.bucket(), event.key());
        } catch (final SdkException e) {
            throw S3Failures.reading(e, event.bucket(), event.key());
        }
        boolean readToEnd = false;
        try {
            final GetObjectResponse object = body.response();
            final SourceRecord source = new SourceRecord(event.bucket(), event.key(), object.versionId(),
                unquoted(object.eTag()), event.sequencer(), object.lastModified());
            final Optional<CopyOutcome> skipped = skipped(event, source, existing);
            if (skipped.isPresent()) {
                return skipped.get();
            }
            final long size = object.contentLength();
            requireWithinLimit(event, size, time);
            IntegrityCheck check = IntegrityCheck.of(object);
            if (check.partsToLookUp() > 0) {
                // Looked up with the download closed (an object of many parts takes a request per part), then the
                // same version read again.
                body.abort();
                close(body);
                check = check.withPartSizes(partSizes(event, object, check.partsToLookUp(), time.deadline()), size);
                body = sameVersion(event, object);
            }
            final BlobHttpHeaders headers = new BlobHttpHeaders()
                .setContentType(object.contentType())
                .setContentEncoding(object.contentEncoding())
                .setContentLanguage(object.contentLanguage())
                .setCacheControl(object.cacheControl())
                .setContentDisposition(object.contentDisposition());
            final Map<String, String> metadata = BlobMetadata.of(object.metadata(), source, checksums(object),
                object.expiresString(), check.record());
            final Upload upload = new Upload(event, blob, body, check, size, headers, metadata, time);
            final CopyOutcome outcome = size <= buffers.blockSize() ? upload.whole(existing)
                : upload.inBlocks(existing);
            readToEnd = true;
            return outcome;
        } finally {
            if (!readToEnd) {
                // Never drain the rest of a large object just to close the connection.
                body.abort();
            }
            close(body);
        }
    }

    /**
     * A repeated or late event, or a task of the version already copied, settled by the blob's record alone: S3's
     * sequencers order the events of one key, and a version id names one version's bytes.
     */
    private static Optional<CopyOutcome> settledByRecord(final ObjectEvent event, final Existing existing) {
        final SourceRecord copied = existing.record();
        if (copied == null) {
            return Optional.empty();
        }
        if (event.sequencer() != null && copied.sequencer() != null) {
            final int order = SourceRecord.compareSequencers(event.sequencer(), copied.sequencer());
            return order > 0 ? Optional.empty()
                : Optional.of(order == 0 ? CopyOutcome.of(Result.ALREADY_COPIED, "this event's version is already copied")
                    : CopyOutcome.of(Result.STALE, "the copy is of a later event's version"));
        }
        return event.versionId() != null && event.versionId().equals(copied.versionId())
            ? Optional.of(CopyOutcome.of(Result.ALREADY_COPIED, "this version is already copied")) : Optional.empty();
    }

    /**
     * An S3 read started before the blob's record says it is needed. Of the read's answer and its drop, whichever comes
     * second closes the body, unread, so a dropped read never holds a connection; a drop waits for the answer, so no
     * read outlives the copy.
     */
    private final class EarlyRead {
        private final ObjectEvent event;
        private final AtomicReference<Object> handoff = new AtomicReference<>();
        private final Future<ResponseInputStream<GetObjectResponse>> answer;

        EarlyRead(final ObjectEvent event) {
            this.event = event;
            this.answer = requests.submit(() -> {
                final ResponseInputStream<GetObjectResponse> body = s3.getObject(getRequest(event));
                if (!handoff.compareAndSet(null, body)) {
                    body.abort();
                    close(body);
                }
                return body;
            });
        }

        /** The GET's answer; its failure thrown as the GET threw it. */
        ResponseInputStream<GetObjectResponse> await(final Deadline deadline) {
            try {
                return answer.get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw CopyFailure.transientFailure(String.format("Unexpected %s reading s3://%s/%s; it will be "
                    + "retried.", e.getCause().getClass().getName(), event.bucket(), Texts.bounded(event.key())),
                    e.getCause());
            } catch (final TimeoutException e) {
                drop(deadline);
                throw CopyFailure.transientFailure(String.format("The invocation ran out of time reading s3://%s/%s; "
                    + "nothing was written and it will be retried.", event.bucket(), Texts.bounded(event.key())), e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                drop(deadline);
                throw CopyFailure.transientFailure("Interrupted.", e);
            }
        }

        void drop(final Deadline deadline) {
            if (handoff.getAndSet(Boolean.FALSE) instanceof ResponseInputStream<?> body) {
                body.abort();
                close(body);
                return;
            }
            try {
                answer.get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException | TimeoutException e) {
                // Failed, or still under way at the deadline: nothing to close here (the read closes its own body).
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void drop(final EarlyRead read, final Deadline deadline) {
        if (read != null) {
            read.drop(deadline);
        }
    }

    /** Nothing to write when the blob already is a copy of this version, or of a later one. */
    private Optional<CopyOutcome> skipped(final ObjectEvent event, final SourceRecord source,
                                          final Existing existing) {
        if (existing.record() == null) {
            return Optional.empty();
        }
        final CopyOutcome stale = CopyOutcome.of(Result.STALE, "the copy is of a later version");
        return switch (source.comparedTo(existing.record())) {
            case NEWER -> Optional.empty();
            case SAME -> Optional.of(CopyOutcome.of(Result.ALREADY_COPIED, "this version is already copied"));
            case OLDER -> Optional.of(stale);
            // The current version is the later one; a version the task names is, if it still is the current one.
            case SAME_SECOND -> event.versionId() == null || headCurrent(event)
                .map(current -> event.versionId().equals(current.versionId())).orElse(false)
                ? Optional.empty() : Optional.of(stale);
        };
    }

    /** The condition of every write: the blob is still as it was read (or still absent). */
    private static BlobRequestConditions unchanged(final Existing existing) {
        return existing.blobETag() == null ? new BlobRequestConditions().setIfNoneMatch("*")
            : new BlobRequestConditions().setIfMatch(existing.blobETag());
    }

    /**
     * The version the event or task names (the current one when it names none), as the event saw it: in an unversioned
     * bucket a later write has its own, later event.
     */
    private static GetObjectRequest getRequest(final ObjectEvent event) {
        return GetObjectRequest.builder()
            .bucket(event.bucket())
            .key(event.key())
            .versionId(event.versionId())
            .ifMatch(event.eTag() == null ? null : "\"" + event.eTag() + "\"")
            .checksumMode(ChecksumMode.ENABLED)
            .build();
    }

    /** The version {@code object} is, again: its bytes, read after its part sizes were looked up. */
    private ResponseInputStream<GetObjectResponse> sameVersion(final ObjectEvent event, final GetObjectResponse object) {
        return ofSameVersion(event, () -> s3.getObject(GetObjectRequest.builder()
            .bucket(event.bucket())
            .key(event.key())
            .versionId(object.versionId())
            .ifMatch(object.eTag())
            .checksumMode(ChecksumMode.ENABLED)
            .build()));
    }

    /** A request conditional on the version read first (If-Match its ETag), its failures translated. */
    private static <T> T ofSameVersion(final ObjectEvent event, final Supplier<T> request) {
        try {
            return request.get();
        } catch (final S3Exception e) {
            if (e.statusCode() == 412) {
                throw changedWhileRead(event, e);
            }
            throw S3Failures.reading(e, event.bucket(), event.key());
        } catch (final SdkException e) {
            throw S3Failures.reading(e, event.bucket(), event.key());
        }
    }

    /**
     * The sizes of the object's parts as S3 reports them for this version, in order; empty when S3 does not report
     * them. GetObjectAttributes lists them (1,000 per request) for objects uploaded with an additional checksum; for
     * the others it gives only their count, and a HEAD with partNumber gives each part's size, one request per part.
     */
    private List<Long> partSizes(final ObjectEvent event, final GetObjectResponse object, final int parts,
                                 final Deadline deadline) {
        final List<Long> sizes = new ArrayList<>();
        Integer marker = null;
        try {
            GetObjectAttributesParts page;
            do {
                final GetObjectAttributesResponse attributes = s3.getObjectAttributes(GetObjectAttributesRequest
                    .builder().bucket(event.bucket()).key(event.key()).versionId(object.versionId())
                    .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.OBJECT_PARTS)
                    .maxParts(PARTS_PER_PAGE).partNumberMarker(marker).build());
                if (!Objects.equals(unquoted(attributes.eTag()), unquoted(object.eTag()))) {
                    throw changedWhileRead(event, null);
                }
                page = attributes.objectParts();
                if (page == null || !page.hasParts() || page.parts().isEmpty()) {
                    break;
                }
                page.parts().forEach(part -> sizes.add(part.size()));
                marker = page.nextPartNumberMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()) && sizes.size() < parts);
        } catch (final SdkException e) {
            throw S3Failures.readingAttributes(e, event.bucket(), event.key());
        }
        return sizes.size() == parts ? sizes : partSizesByHead(event, object, parts, deadline);
    }

    /** Each part's size from a HEAD of the part; empty when S3 answers without the part count (it ignored partNumber). */
    private List<Long> partSizesByHead(final ObjectEvent event, final GetObjectResponse object, final int parts,
                                       final Deadline deadline) {
        final List<Long> sizes = new ArrayList<>();
        for (int number = 1; number <= parts; number++) {
            if (deadline.hasPassed()) {
                throw CopyFailure.transientFailure(String.format("The invocation ran out of time reading the part "
                    + "sizes of s3://%s/%s (%,d parts); nothing was written and it will be retried.", event.bucket(),
                    Texts.bounded(event.key()), parts), null);
            }
            final int partNumber = number;
            final HeadObjectResponse part = ofSameVersion(event, () -> s3.headObject(HeadObjectRequest.builder()
                .bucket(event.bucket()).key(event.key()).versionId(object.versionId()).ifMatch(object.eTag())
                .partNumber(partNumber).build()));
            if (part.partsCount() == null || part.partsCount() != parts) {
                return List.of();
            }
            sizes.add(part.contentLength());
        }
        return sizes;
    }

    private static CopyFailure changedWhileRead(final ObjectEvent event, final Exception cause) {
        return CopyFailure.transientFailure(String.format("s3://%s/%s changed while it was being read; nothing was "
            + "written and it will be retried.", event.bucket(), Texts.bounded(event.key())), cause);
    }

    private void requireWithinLimit(final ObjectEvent event, final long size, final InvocationTime time) {
        final long wholeBudget = maxBytesWithin(time.budget());
        if (size > wholeBudget) {
            throw CopyFailure.permanent(String.format("s3://%s/%s is %,d bytes: at the assumed %d MiB/s "
                    + "(ASSUMED_THROUGHPUT_MIB_PER_SECOND) one invocation of this function (%d s after its safety "
                    + "margin) copies at most %,d bytes. Nothing was written. Copy it with a tool that has no "
                    + "15-minute limit (for example AzCopy), or raise the function's timeout if it is below 15 minutes.",
                event.bucket(), Texts.bounded(event.key()), size, assumedBytesPerSecond >> 20,
                time.budget().toSeconds(), wholeBudget), null);
        }
        final long leftNow = maxBytesWithin(time.deadline().remaining());
        if (size > leftNow) {
            throw CopyFailure.transientFailure(String.format("s3://%s/%s is %,d bytes, more than the %,d bytes the "
                    + "rest of this invocation can copy; it will be retried in an invocation of its own.",
                event.bucket(), Texts.bounded(event.key()), size, leftNow), null);
        }
    }

    /** The largest object copied within {@code time} at the assumed throughput. */
    long maxBytesWithin(final Duration time) {
        return assumedBytesPerSecond * time.toMillis() / 1000;
    }

    /** The S3 checksums of the object, by algorithm, as S3 returned them (full-object or composite). */
    private static Map<String, String> checksums(final GetObjectResponse object) {
        final Map<String, String> checksums = new LinkedHashMap<>();
        Optional.ofNullable(object.checksumCRC64NVME()).ifPresent(value -> checksums.put("crc64nvme", value));
        Optional.ofNullable(object.checksumCRC32C()).ifPresent(value -> checksums.put("crc32c", value));
        Optional.ofNullable(object.checksumCRC32()).ifPresent(value -> checksums.put("crc32", value));
        Optional.ofNullable(object.checksumSHA1()).ifPresent(value -> checksums.put("sha1", value));
        Optional.ofNullable(object.checksumSHA256()).ifPresent(value -> checksums.put("sha256", value));
        return checksums;
    }

    /** One upload of one object's bytes; the end-to-end checks run before anything is committed. */
    private final class Upload {
        private final ObjectEvent event;
        private final BlockBlobClient blob;
        private final InputStream in;
        private final IntegrityCheck check;
        private final long size;
        private final BlobHttpHeaders headers;
        private final Map<String, String> metadata;
        private final Deadline deadline;
        private final InvocationTime time;
        private final MessageDigest wholeMd5 = IntegrityCheck.md5();

        Upload(final ObjectEvent event, final BlockBlobClient blob, final InputStream in, final IntegrityCheck check,
               final long size, final BlobHttpHeaders headers, final Map<String, String> metadata,
               final InvocationTime time) {
            this.event = event;
            this.blob = blob;
            this.in = in;
            this.check = check;
            this.size = size;
            this.headers = headers;
            this.metadata = metadata;
            this.deadline = time.deadline();
            this.time = time;
        }

        /** Up to one block: one Put Blob, whose Content-MD5 Azure checks against what it received. */
        CopyOutcome whole(final Existing existing) {
            final byte[] buffer = takeBuffer((int) size);
            try {
                read(buffer, (int) size);
                final byte[] md5 = verifiedMd5();
                headers.setContentMd5(md5);
                blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(
                        BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, (int) size)))
                        .setHeaders(headers).setMetadata(metadata).setContentMd5(md5)
                        .setRequestConditions(unchanged(existing)),
                    deadline.remaining(), Context.NONE);
                return CopyOutcome.copied(size, check.record());
            } catch (final RuntimeException e) {
                throw AzureFailures.writing(e, blob);
            } finally {
                buffers.give(buffer);
            }
        }

        /**
         * Staged blocks, each with its transactional MD5 (Azure refuses a block whose bytes do not match), then one
         * Put Block List. Block IDs carry a random prefix per attempt, so a retry never commits a block of an
         * earlier, failed attempt; uncommitted blocks are discarded by Azure.
         */
        CopyOutcome inBlocks(final Existing existing) {
            final int blockSize = (int) Math.max(buffers.blockSize(), (size + MAX_BLOCKS - 1) / MAX_BLOCKS);
            final String attempt = HexFormat.of().formatHex(RANDOM.generateSeed(8));
            final Instant started = time.clock().instant();
            final List<String> blockIds = blocks.upload(size, blockSize, deadline, read -> outOfTime(),
                (buffer, length, offset) -> {
                    read(buffer, length);
                    requireFinishing(started, offset + length);
                },
                (index, buffer, length) -> {
                    final MessageDigest blockDigest = IntegrityCheck.md5();
                    blockDigest.update(buffer, 0, length);
                    final String blockId = Base64.getEncoder().encodeToString(
                        String.format("%s-%06d", attempt, index).getBytes(StandardCharsets.US_ASCII));
                    try {
                        blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId,
                                BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length)))
                                .setContentMd5(blockDigest.digest()),
                            deadline.remaining(), Context.NONE);
                    } catch (final RuntimeException | Error e) {
                        throw AzureFailures.writing(e, blob);
                    }
                    return blockId;
                });
            headers.setContentMd5(verifiedMd5());
            try {
                blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds)
                        .setHeaders(headers).setMetadata(metadata).setRequestConditions(unchanged(existing)),
                    deadline.remaining(), Context.NONE);
            } catch (final RuntimeException e) {
                throw AzureFailures.writing(e, blob);
            }
            return CopyOutcome.copied(size, check.record());
        }

        /**
         * The limit again, from the rate this copy measures: once it has run for {@link #MEASURED_AFTER}, an object
         * that would take far longer than a whole invocation fails permanently, and one that would not finish in
         * what is left of this invocation fails as transient, both before anything is committed.
         */
        private void requireFinishing(final Instant started, final long read) {
            final Duration elapsed = Duration.between(started, time.clock().instant());
            if (elapsed.compareTo(MEASURED_AFTER) < 0 || read >= size) {
                return;
            }
            final double bytesPerSecond = read * 1000.0 / Math.max(1, elapsed.toMillis());
            final long totalSeconds = (long) (size / bytesPerSecond);
            if (totalSeconds > time.budget().toSeconds() * 3 / 2) {
                throw CopyFailure.permanent(String.format("s3://%s/%s is %,d bytes: at the %.1f MiB/s this copy "
                        + "measured over %d s it would take %d s, more than one invocation of this function has (%d s "
                        + "after its safety margin). Nothing was committed. Copy it with a tool that has no 15-minute "
                        + "limit (for example AzCopy).", event.bucket(), Texts.bounded(event.key()), size,
                    bytesPerSecond / (1 << 20), elapsed.toSeconds(), totalSeconds, time.budget().toSeconds()), null);
            }
            if ((size - read) / bytesPerSecond > deadline.remaining().toSeconds()) {
                throw CopyFailure.transientFailure(String.format("s3://%s/%s would not finish before this "
                        + "invocation's deadline at the %.1f MiB/s it measured; nothing was committed and it will be "
                        + "retried.", event.bucket(), Texts.bounded(event.key()), bytesPerSecond / (1 << 20)), null);
            }
        }

        /** The next {@code length} bytes of the object, also into its MD5 and its {@link IntegrityCheck}. */
        private void read(final byte[] buffer, final int length) {
            try {
                final int n = in.readNBytes(buffer, 0, length);
                if (n < length) {
                    throw CopyFailure.transientFailure(String.format("S3 ended s3://%s/%s early: %,d of %,d bytes "
                        + "arrived. Nothing was committed; it will be retried.", event.bucket(),
                        Texts.bounded(event.key()), n, length), null);
                }
            } catch (final IOException | SdkException e) {
                throw readFailure(e);
            }
            wholeMd5.update(buffer, 0, length);
            check.update(buffer, 0, length);
        }

        /**
         * The whole object's MD5, after the stream's end, once the bytes passed their {@link IntegrityCheck} (the
         * SDK checks its checksums when the last byte is read): a mismatch fails before the commit.
         */
        private byte[] verifiedMd5() {
            try {
                if (in.read() != -1) {
                    throw CopyFailure.transientFailure(String.format("S3 sent more bytes for s3://%s/%s than its "
                        + "Content-Length of %,d; nothing was committed.", event.bucket(),
                        Texts.bounded(event.key()), size), null);
                }
            } catch (final IOException | SdkException e) {
                throw readFailure(e);
            }
            final byte[] md5 = wholeMd5.digest();
            check.mismatch(md5).ifPresent(what -> {
                throw CopyFailure.transientFailure(String.format("The bytes read of s3://%s/%s do not match %s; "
                    + "nothing was committed and it will be retried.", event.bucket(), Texts.bounded(event.key()),
                    what), null);
            });
            return md5;
        }

        private CopyFailure readFailure(final Exception e) {
            return e instanceof SdkException sdk ? S3Failures.reading(sdk, event.bucket(), event.key())
                : CopyFailure.transientFailure(String.format("Reading s3://%s/%s broke off (%s); nothing was "
                    + "committed and it will be retried.", event.bucket(), Texts.bounded(event.key()),
                    e.getClass().getSimpleName()), e);
        }

        private byte[] takeBuffer(final int length) {
            try {
                final byte[] buffer = buffers.take(length, deadline.remaining().toMillis());
                if (buffer == null) {
                    throw outOfTime();
                }
                return buffer;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outOfTime();
            }
        }

        private CopyFailure outOfTime() {
            return CopyFailure.transientFailure(String.format("The invocation ran out of time copying s3://%s/%s "
                + "(%,d bytes); nothing was committed and it will be retried.", event.bucket(),
                Texts.bounded(event.key()), size), null);
        }
    }

    private CopyOutcome remove(final ObjectEvent event, final Supplier<BlockBlobClient> blobOfEvent,
                               final Deadline deadline) {
        if (!mirrorDeletes) {
            return CopyOutcome.of(Result.KEPT, "deletes are not mirrored (MIRROR_DELETES=false)");
        }
        final BlockBlobClient blob = blobOfEvent.get();
        final Existing existing = existing(blob, deadline);
        if (existing.blobETag() == null) {
            return CopyOutcome.of(Result.DELETED, "there is no copy");
        }
        if (existing.record() == null) {
            return CopyOutcome.of(Result.KEPT, "the blob was not written by this service");
        }
        if (event.sequencer() != null && existing.record().sequencer() != null
            && SourceRecord.compareSequencers(event.sequencer(), existing.record().sequencer()) < 0) {
            return CopyOutcome.of(Result.STALE, "the copy is of a version written after this removal");
        }
        if (currentObjectExists(event)) {
            // A non-current version was removed, or the key was written again: the copy stays, and a newer object
            // arrives with its own event.
            return CopyOutcome.of(Result.KEPT, "the key still has a current object in S3");
        }
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE,
                new BlobRequestConditions().setIfMatch(existing.blobETag()), deadline.remaining(), Context.NONE);
        } catch (final BlobStorageException e) {
            if (!BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                throw AzureFailures.writing(e, blob);
            }
        } catch (final RuntimeException e) {
            throw AzureFailures.writing(e, blob);
        }
        return CopyOutcome.of(Result.DELETED, "the copy was deleted");
    }

    private boolean currentObjectExists(final ObjectEvent event) {
        return headCurrent(event).isPresent();
    }

    /** The key's current object, if it has one. */
    private Optional<HeadObjectResponse> headCurrent(final ObjectEvent event) {
        try {
            return Optional.of(s3.headObject(HeadObjectRequest.builder().bucket(event.bucket()).key(event.key())
                .build()));
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.reading(e, event.bucket(), event.key());
        } catch (final SdkException e) {
            throw S3Failures.reading(e, event.bucket(), event.key());
        }
    }

    private static Existing existing(final BlockBlobClient blob, final Deadline deadline) {
        final BlobProperties properties;
        try {
            properties = blob.getPropertiesWithResponse(null, deadline.remaining(), Context.NONE).getValue();
        } catch (final BlobStorageException e) {
            if (e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                return Existing.NONE;
            }
            throw AzureFailures.writing(e, blob);
        } catch (final RuntimeException e) {
            throw AzureFailures.writing(e, blob);
        }
        return new Existing(properties.getETag(),
            SourceRecord.fromMetadata(properties.getMetadata() == null ? Map.of() : properties.getMetadata())
                .orElse(null));
    }

    private static String unquoted(final String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }

    private static void close(final InputStream in) {
        try {
            in.close();
        } catch (final IOException e) {
            // The connection was aborted or fully read: nothing is lost by not closing it cleanly.
        }
    }
}
