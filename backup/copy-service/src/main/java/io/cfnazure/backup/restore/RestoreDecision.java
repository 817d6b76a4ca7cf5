package io.cfnazure.backup.restore;

import io.cfnazure.backup.S3Failures;
import io.cfnazure.backup.SourceRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a restore does with one key, from the copy's record and the target's object as a HEAD sees it: restore it,
 * or leave a newer or identical object alone. The write that follows is conditional on the object the HEAD saw
 * (S3's If-None-Match: * when there was none, If-Match its ETag otherwise), so an object written between the HEAD and
 * the write is never replaced: the write fails and the retry decides again. "Newer" compares the target's
 * Last-Modified with the copied version's (the copy's record), not older counting as newer; conditions on ETags are
 * what S3 offers atomically.
 *
 * @param targetETag the ETag the write is conditional on; null when the target has no object (If-None-Match: *)
 */
record RestoreDecision(Action action, String targetETag, String reason) {

    enum Action {
        RESTORE("restore"),
        SKIP_NEWER("skip-newer"),
        SKIP_IDENTICAL("skip-identical");

        private final String label;

        Action(final String label) {
            this.label = label;
        }

        /** As the dry run and the report name it. */
        String label() {
            return label;
        }
    }

    /**
     * The target's object as the decision sees it: from a HEAD, with S3's full-object CRC64NVME, or from a listing,
     * without (a listing has no checksum values).
     */
    record Target(String eTag, Instant lastModified, String crc64nvme) {

        static Target of(final HeadObjectResponse head) {
            return new Target(unquoted(head.eTag()), head.lastModified(), head.checksumCRC64NVME());
        }

        static Target of(final S3Object listed) {
            return new Target(unquoted(listed.eTag()), listed.lastModified(), null);
        }
    }

    /**
     * @param copied    the copy's record of the S3 version the blob holds
     * @param checksums the S3 checksums the copy recorded ({@code s3src_checksum_*})
     * @param target    the target's current object, if any
     */
    static RestoreDecision decide(final SourceRecord copied, final Map<String, String> checksums,
                                  final Optional<Target> target, final boolean overwriteNewer) {
        if (target.isEmpty()) {
            return new RestoreDecision(Action.RESTORE, null, "the target has no object");
        }
        final Target object = target.get();
        final String eTag = object.eTag();
        if (eTag != null && eTag.equals(copied.eTag())
            || object.crc64nvme() != null && object.crc64nvme().equals(checksums.get("crc64nvme"))) {
            return new RestoreDecision(Action.SKIP_IDENTICAL, eTag, "the target already holds the copied version's "
                + "bytes (same " + (eTag != null && eTag.equals(copied.eTag()) ? "ETag" : "CRC64NVME") + ")");
        }
        // Last-Modified counts whole seconds: an object of the same second may be the later one, so it is kept too.
        final boolean newer = copied.lastModified() == null || object.lastModified() == null
            || !object.lastModified().isBefore(copied.lastModified());
        if (newer && !overwriteNewer) {
            return new RestoreDecision(Action.SKIP_NEWER, eTag, String.format("the target's object (last modified %s) "
                + "is newer than the copied version (%s); restore with overwriteNewer to replace it",
                object.lastModified(), copied.lastModified()));
        }
        return new RestoreDecision(Action.RESTORE, eTag, newer ? "the target's object is newer, replaced as asked"
            : "the target's object is older than the copied version");
    }

    /** The write's If-None-Match: {@code *} when the target had no object, else none. */
    String ifNoneMatch() {
        return targetETag == null ? "*" : null;
    }

    /** The write's If-Match: the ETag of the object the target had, quoted as HTTP wants it; none when it had none. */
    String ifMatch() {
        return targetETag == null ? null : "\"" + targetETag + "\"";
    }

    /** A key the plan found absent from the target: written only while it still is (If-None-Match: *). */
    static RestoreDecision intoEmptyTarget() {
        return new RestoreDecision(Action.RESTORE, null, "the target had no object when the restore was planned");
    }

    /** The target's current object (one HEAD, with its full-object checksum), if there is one. */
    static Optional<Target> head(final S3Client s3, final String bucket, final String key) {
        try {
            return Optional.of(Target.of(s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED).build())));
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.writing(e, bucket, key);
        } catch (final SdkException e) {
            throw S3Failures.writing(e, bucket, key);
        }
    }

    private static String unquoted(final String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
