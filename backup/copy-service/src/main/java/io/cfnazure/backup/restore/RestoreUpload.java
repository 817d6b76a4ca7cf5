package io.cfnazure.backup.restore;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.backup.BlobMetadata;
import io.cfnazure.backup.BlockUploads;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.S3Failures;
import io.cfnazure.backup.Texts;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes one blob's bytes to S3 as the object the copy recorded: its key, content headers, user metadata and
 * Expires, conditional on the target as {@link RestoreDecision} saw it. Nothing half-written is ever visible:
 * <ul>
 *   <li>up to one part: the bytes are read and checked ({@link RestoreCheck}) first, then one Put Object carries the
 *   recorded Content-MD5 and full-object checksum, so S3 itself refuses bytes that differ from the copy's record;</li>
 *   <li>larger: a multipart upload, each part with its own Content-MD5: each part's range is read straight into its
 *   buffer and uploaded by a request thread, a few parts at once ({@link BlockUploads}, with the copy's bounded block
 *   buffers), and the check takes the bytes in part order; the upload is completed, parts in part-number order, only
 *   after the last byte passed the check, and any failure, of a read or of a part, and the deadline abort it once no
 *   part is still arriving (S3 keeps no parts).</li>
 * </ul>
 */
final class RestoreUpload {

    /** S3's smallest part (but the last) is 5 MiB, and a multipart upload has at most 10,000 parts. */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final BlockUploads parts;
    private final int partSize;

    RestoreUpload(final S3Client s3, final BlockUploads parts, final int partSize) {
        this.s3 = s3;
        this.parts = parts;
        this.partSize = Math.max(MIN_PART_SIZE, partSize);
    }

    /**
     * @param first    the blob's first bytes when they were read already (a planned task's one Get Blob of
     *                 {@code partSize} bytes), else null
     * @param deadline the invocation's: a multipart upload still running at it is aborted, so that Lambda's timeout
     *                 never leaves its parts behind
     * @return the bytes written
     */
    long write(final BlobContainerClient container, final RestoreSource source, final byte[] first,
               final String bucket, final String key, final RestoreDecision decision, final RestoreCheck check,
               final Deadline deadline) {
        if (source.size() > partSize) {
            return inParts(container, source, first, bucket, key, decision, check, deadline);
        }
        final byte[] bytes;
        if (first != null) {
            if (first.length > source.size()) {
                throw CopyFailure.transientFailure(String.format("Azure sent more bytes for blob '%s' than its length "
                    + "of %,d; nothing was written to S3.", Texts.bounded(source.name()), source.size()), null);
            }
            requireAll(first.length, (int) source.size(), source);
            bytes = first;
        } else {
            bytes = new byte[(int) source.size()];
            // An empty blob has no bytes to read: no request (zero bytes would be the range bytes=0--1, no range).
            if (bytes.length > 0) {
                requireAll(source.readRange(container, 0, bytes, bytes.length, deadline), bytes.length, source);
            }
        }
        return whole(bytes, source, bucket, key, decision, check);
    }

    private long whole(final byte[] bytes, final RestoreSource source, final String bucket, final String key,
                       final RestoreDecision decision, final RestoreCheck check) {
        check.update(bytes, 0, bytes.length);
        final byte[] md5 = verified(source, check);
        final Map.Entry<String, String> checksum = check.s3Checksum();
        final PutObjectRequest.Builder request = PutObjectRequest.builder()
            .bucket(bucket).key(key)
            .contentLength((long) bytes.length)
            .contentMD5(Base64.getEncoder().encodeToString(check.contentMd5For(md5)))
            .ifNoneMatch(decision.ifNoneMatch())
            .ifMatch(decision.ifMatch());
        describe(source, request);
        switch (checksum.getKey()) {
            case "crc32c" -> request.checksumCRC32C(checksum.getValue());
            case "crc32" -> request.checksumCRC32(checksum.getValue());
            case "sha256" -> request.checksumSHA256(checksum.getValue());
            case "sha1" -> request.checksumSHA1(checksum.getValue());
            default -> request.checksumCRC64NVME(checksum.getValue());
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
        } catch (final SdkException e) {
            throw S3Failures.writing(e, bucket, key);
        }
        return bytes.length;
    }

    private long inParts(final BlobContainerClient container, final RestoreSource source, final byte[] first,
                         final String bucket, final String key, final RestoreDecision decision,
                         final RestoreCheck check, final Deadline deadline) {
        final int size = (int) Math.max(partSize, (source.size() + MAX_PARTS - 1) / MAX_PARTS);
        final CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
            .bucket(bucket).key(key);
        describe(source, create);
        final String uploadId;
        try {
            uploadId = s3.createMultipartUpload(create.build()).uploadId();
        } catch (final SdkException e) {
            throw S3Failures.writing(e, bucket, key);
        }
        final Supplier<CopyFailure> outOfTime = () -> CopyFailure.transientFailure(String.format("The invocation "
            + "ran out of time restoring blob '%s' (%,d bytes); the upload was aborted and it will be retried.",
            Texts.bounded(source.name()), source.size()), null);
        final InOrder checked = new InOrder();
        boolean completed = false;
        try {
            // Each part's range is read by its own upload (nothing is read on this thread), so that the ranges of
            // the parts in flight arrive at once, as the floor reads them; the check still takes them in part order.
            final List<CompletedPart> uploaded = parts.upload(source.size(), size, deadline, read -> outOfTime.get(),
                (buffer, length, offset) -> {
                },
                (index, buffer, length) -> {
                    checked.inTurn(index, deadline, outOfTime,
                        () -> requireAll(index == 0 && first != null && first.length == length
                            ? copied(first, buffer) : source.readRange(container, (long) index * size, buffer, length,
                                deadline), length, source),
                        () -> check.update(buffer, 0, length));
                    final MessageDigest partMd5 = RestoreCheck.md5Digest();
                    partMd5.update(buffer, 0, length);
                    final int number = index + 1;
                    try {
                        // Cut off at the deadline, so that the upload is aborted before Lambda's timeout.
                        final String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(number).contentLength((long) length)
                                .contentMD5(Base64.getEncoder().encodeToString(partMd5.digest()))
                                .overrideConfiguration(c -> c.apiCallTimeout(untilDeadline(deadline))),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream")).eTag();
                        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
                    } catch (final SdkException e) {
                        throw S3Failures.writing(e, bucket, key);
                    }
                });
            verified(source, check);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(uploaded))
                .ifNoneMatch(decision.ifNoneMatch())
                .ifMatch(decision.ifMatch()));
            completed = true;
            return source.size();
        } catch (final SdkException e) {
            throw S3Failures.writing(e, bucket, key);
        } finally {
            if (!completed) {
                abort(bucket, key, uploadId);
            }
        }
    }

    /**
     * The turns of the parts at the check: a part whose range arrived waits until every earlier part passed its bytes
     * to the check. A part that fails ends every later one's wait with its failure. No part waits for one that has
     * no thread: the request threads take the parts in the order they were handed in.
     */
    private static final class InOrder {
        private int next;
        private RuntimeException failure;

        /** Runs {@code read}, then, in part order, {@code inOrder}. */
        void inTurn(final int index, final Deadline deadline, final Supplier<CopyFailure> outOfTime,
                    final Runnable read, final Runnable inOrder) {
            try {
                failedYet();
                read.run();
                awaitTurn(index, deadline, outOfTime);
                inOrder.run();
                passed();
            } catch (final RuntimeException e) {
                throw failed(e);
            }
        }

        private synchronized void awaitTurn(final int index, final Deadline deadline,
                                            final Supplier<CopyFailure> outOfTime) {
            try {
                while (next != index && failure == null) {
                    if (deadline.hasPassed()) {
                        throw outOfTime.get();
                    }
                    wait(Math.max(1, deadline.remaining().toMillis()));
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outOfTime.get();
            }
            failedYet();
        }

        /** A part started after another failed fails at once, before its read. */
        private synchronized void failedYet() {
            if (failure != null) {
                throw failure;
            }
        }

        private synchronized void passed() {
            next++;
            notifyAll();
        }

        /** The first failure of any part, which every later part fails with. */
        private synchronized RuntimeException failed(final RuntimeException e) {
            if (failure == null) {
                failure = e;
                notifyAll();
            }
            return failure;
        }
    }

    /** Gives the parts back; if S3 cannot be told now, its lifecycle rule for incomplete uploads removes them. */
    private void abort(final String bucket, final String key, final String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (final SdkException e) {
            // The upload stays incomplete and invisible: no object exists until it is completed.
        }
    }

    /** The restored object's content headers, user metadata and Expires, as the copy recorded them. */
    private static void describe(final RestoreSource source, final PutObjectRequest.Builder request) {
        final RestoreSource.Headers headers = source.headers();
        request.contentType(headers.contentType()).contentEncoding(headers.contentEncoding())
            .contentLanguage(headers.contentLanguage()).cacheControl(headers.cacheControl())
            .contentDisposition(headers.contentDisposition())
            .metadata(BlobMetadata.userMetadata(source.metadata()))
            .expires(expires(source).orElse(null));
    }

    private static void describe(final RestoreSource source, final CreateMultipartUploadRequest.Builder request) {
        final RestoreSource.Headers headers = source.headers();
        request.contentType(headers.contentType()).contentEncoding(headers.contentEncoding())
            .contentLanguage(headers.contentLanguage()).cacheControl(headers.cacheControl())
            .contentDisposition(headers.contentDisposition())
            .metadata(BlobMetadata.userMetadata(source.metadata()))
            .expires(expires(source).orElse(null));
    }

    /** S3's Expires, kept as the HTTP date S3 sent; a value that is no date is left out, as S3 would ignore it. */
    private static Optional<Instant> expires(final RestoreSource source) {
        final String value = BlobMetadata.entry(source.metadata(), BlobMetadata.EXPIRES);
        try {
            return value == null ? Optional.empty()
                : Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (final DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The first part's bytes, read already, into its buffer: how many. */
    private static int copied(final byte[] first, final byte[] buffer) {
        System.arraycopy(first, 0, buffer, 0, first.length);
        return first.length;
    }

    private static void requireAll(final int arrived, final int length, final RestoreSource source) {
        if (arrived < length) {
            throw CopyFailure.transientFailure(String.format("Azure ended blob '%s' early: %,d of %,d bytes "
                + "arrived. Nothing was written to S3; it will be retried.", Texts.bounded(source.name()), arrived,
                length), null);
        }
    }

    /** What is left of the invocation, at least a millisecond (the SDK takes no zero timeout). */
    private static Duration untilDeadline(final Deadline deadline) {
        final Duration left = deadline.remaining();
        return left.isZero() ? Duration.ofMillis(1) : left;
    }

    /** After the last byte: the whole object's MD5, once the bytes matched the copy's record. */
    private static byte[] verified(final RestoreSource source, final RestoreCheck check) {
        final byte[] md5 = check.md5();
        check.mismatch(md5).ifPresent(what -> {
            throw CopyFailure.transientFailure(String.format("The bytes read of blob '%s' (%s) do not match %s; "
                + "nothing was written to S3.", Texts.bounded(source.name()), source.description(), what), null);
        });
        return md5;
    }
}
