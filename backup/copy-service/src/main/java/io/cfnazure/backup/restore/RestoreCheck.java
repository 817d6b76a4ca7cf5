package io.cfnazure.backup.restore;

import io.cfnazure.backup.CopiedBytesCheck;
import java.util.Map;

/**
 * The check of a restore's bytes against the copy's record ({@link CopiedBytesCheck}), as they stream to S3: after
 * the last byte, before the restore is committed (Put Object is sent only then; a multipart upload is completed only
 * then, else aborted); and what S3 is told to check the restored object against.
 */
final class RestoreCheck extends CopiedBytesCheck {

    /**
     * @param contentMd5    the blob's Content-MD5; null when it has none
     * @param blobMetadata  the blob's metadata, with the copy's record of S3's checksums
     */
    RestoreCheck(final byte[] contentMd5, final Map<String, String> blobMetadata) {
        super(contentMd5, blobMetadata);
    }

    /** The MD5 S3 is told to expect of the whole object: the recorded one, else the bytes'. */
    byte[] contentMd5For(final byte[] md5OfBytes) {
        return recordedMd5() != null ? recordedMd5() : md5OfBytes;
    }

    /**
     * The full-object checksum S3 checks the restored object against and keeps: the recorded one of the preferred
     * algorithm (so the restored object has the original's), else the CRC64NVME of the bytes read.
     */
    Map.Entry<String, String> s3Checksum() {
        final Map<String, String> recorded = recordedChecksums();
        return ALGORITHMS.stream().filter(recorded::containsKey).findFirst()
            .map(algorithm -> Map.entry(algorithm, recorded.get(algorithm)))
            .orElseGet(() -> Map.entry("crc64nvme", crc64nvmeOfBytes()));
    }
}
