package io.cfnazure.backup;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * How the bytes read of a blob are proven to be the bytes the copy recorded: the blob's Content-MD5 (the MD5 of the S3
 * object the copy verified and committed) and every full-object S3 checksum the copy recorded
 * ({@code s3src_checksum_*}; composite ones, of parts, end in "-N" and cannot be recomputed from the bytes alone).
 * Checked after the last byte: by the restore before it commits the object to S3 ({@code restore.RestoreCheck}), and
 * by the audit's read-back of a sample of the container ({@code audit.ReadBack}).
 */
public class CopiedBytesCheck {

    /** The algorithms S3 checks on a write, in the order one is preferred for the restored object. */
    protected static final List<String> ALGORITHMS = List.of("crc64nvme", "crc32c", "crc32", "sha256", "sha1");

    private final byte[] expectedMd5;
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final MessageDigest md5 = md5Digest();
    private final Crc64Nvme crc64nvme = new Crc64Nvme();
    private final Map<String, Object> computing = new LinkedHashMap<>();

    /**
     * @param contentMd5    the blob's Content-MD5; null when it has none
     * @param blobMetadata  the blob's metadata, with the copy's record of S3's checksums
     */
    public CopiedBytesCheck(final byte[] contentMd5, final Map<String, String> blobMetadata) {
        this.expectedMd5 = contentMd5 == null || contentMd5.length == 0 ? null : contentMd5.clone();
        BlobMetadata.checksums(blobMetadata).forEach((algorithm, value) -> {
            if (ALGORITHMS.contains(algorithm) && !value.matches(".*-\\d+$")) {
                expected.put(algorithm, value);
            }
        });
        expected.keySet().forEach(algorithm -> computing.put(algorithm, switch (algorithm) {
            case "crc32c" -> new CRC32C();
            case "crc32" -> new CRC32();
            case "sha256" -> digest("SHA-256");
            case "sha1" -> digest("SHA-1");
            default -> crc64nvme;
        }));
    }

    public final void update(final byte[] bytes, final int offset, final int length) {
        md5.update(bytes, offset, length);
        crc64nvme.update(bytes, offset, length);
        computing.forEach((algorithm, function) -> {
            if (function instanceof Checksum checksum) {
                checksum.update(bytes, offset, length);
            } else if (function instanceof MessageDigest digest) {
                digest.update(bytes, offset, length);
            }
        });
    }

    /** After the last byte: the recorded hashes the bytes read do not match, if any. */
    public final Optional<String> mismatch(final byte[] md5OfBytes) {
        final List<String> differing = new ArrayList<>();
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5OfBytes)) {
            differing.add("the blob's Content-MD5");
        }
        expected.forEach((algorithm, value) -> {
            if (!value.equals(base64(algorithm))) {
                differing.add("the copy's recorded " + algorithm.toUpperCase(java.util.Locale.ROOT));
            }
        });
        return differing.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", differing));
    }

    /** The MD5 of every byte so far; call once, after the last. */
    public final byte[] md5() {
        return md5.digest();
    }

    /** What the bytes were verified against (as the restore's result says), or that nothing was. */
    public final String record() {
        final List<String> against = new ArrayList<>();
        if (expectedMd5 != null) {
            against.add("md5");
        }
        against.addAll(expected.keySet());
        return against.isEmpty() ? "unverified:no-recorded-hash" : "verified:" + String.join("+", against);
    }

    /** The blob's Content-MD5 the bytes are checked against; null when it has none. */
    protected final byte[] recordedMd5() {
        return expectedMd5;
    }

    /** The recorded full-object checksums the bytes are checked against, by algorithm (base64). */
    protected final Map<String, String> recordedChecksums() {
        return Collections.unmodifiableMap(expected);
    }

    /** The CRC64NVME of every byte so far, base64. */
    protected final String crc64nvmeOfBytes() {
        return crc64nvme.base64();
    }

    private String base64(final String algorithm) {
        final Object function = computing.get(algorithm);
        if (function == crc64nvme) {
            return crc64nvme.base64();
        }
        if (function instanceof Checksum checksum) {
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) checksum.getValue())
                .array());
        }
        return Base64.getEncoder().encodeToString(((MessageDigest) function).digest());
    }

    public static MessageDigest md5Digest() {
        return digest("MD5");
    }

    /** A digest every Java runtime has (MD5, SHA-1, SHA-256). */
    public static MessageDigest digest(final String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has " + algorithm, e);
        }
    }
}
