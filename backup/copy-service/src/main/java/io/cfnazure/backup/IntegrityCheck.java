package io.cfnazure.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * How the bytes read of one S3 object version are proven to be the bytes S3 stored: chosen from S3's answer before
 * they are read, checked after the last one and before anything is committed. In order of preference:
 * <ol>
 *   <li>a full-object checksum of the object: CRC64NVME, computed here ({@link Crc64Nvme}: the AWS SDK checks
 *   CRC64NVME only when the AWS CRT is on the class path, which this function does not ship), or CRC32C, CRC32,
 *   SHA-512, SHA-256 or SHA-1, which the SDK checks when the last byte is read;</li>
 *   <li>the ETag of an object stored in one part without KMS or a customer key: the MD5 of its bytes;</li>
 *   <li>the ETag of such an object stored in parts: the MD5 of its parts' MD5s and "-" the number of parts, computed
 *   from the part sizes S3 reports for the version ({@link #withPartSizes}).</li>
 * </ol>
 * Otherwise (SSE-KMS or SSE-C without a checksum, an ETag of another form, part sizes S3 does not report) the copy
 * is unverified, and its {@link #record()}, kept in the blob's metadata, says so and why. The MD5 ETag of a
 * single-part object is compared whenever there is one, since the copy computes the object's MD5 anyway.
 */
public final class IntegrityCheck {

    static final String VERIFIED = "verified:";
    public static final String UNVERIFIED = "unverified:";
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");
    /** S3 allows at most 10,000 parts. */
    private static final Pattern MULTIPART_ETAG = Pattern.compile("([0-9a-f]{32})-(\\d{1,5})");
    /** A checksum of checksums (of a multipart object's parts), as S3 writes them when ChecksumType is absent. */
    private static final Pattern COMPOSITE_CHECKSUM = Pattern.compile(".*-\\d+$");

    private final String record;
    private final String md5ETag;
    private final String crc64nvme;
    private final Crc64Nvme crc64;
    private final String multipartETag;
    private final int partCount;
    private final PartDigests parts;

    private IntegrityCheck(final String record, final String md5ETag, final String crc64nvme,
                           final String multipartETag, final int partCount, final PartDigests parts) {
        this.record = record;
        this.md5ETag = md5ETag;
        this.crc64nvme = crc64nvme;
        this.crc64 = crc64nvme == null ? null : new Crc64Nvme();
        this.multipartETag = multipartETag;
        this.partCount = partCount;
        this.parts = parts;
    }

    /** The check for the object S3 answered with, before its bytes are read. */
    static IntegrityCheck of(final GetObjectResponse object) {
        final String eTag = object.eTag() == null ? "" : object.eTag().replace("\"", "");
        final boolean withKms = object.serverSideEncryptionAsString() != null
            && object.serverSideEncryptionAsString().startsWith("aws:kms");
        final boolean withCustomerKey = object.sseCustomerAlgorithm() != null;
        // KMS and customer keys make the ETag something other than an MD5 of the bytes.
        final String md5ETag = !withKms && !withCustomerKey && MD5_ETAG.matcher(eTag).matches() ? eTag : null;
        if (fullObject(object, object.checksumCRC64NVME())) {
            return new IntegrityCheck(VERIFIED + "crc64nvme", md5ETag, object.checksumCRC64NVME(), null, 0, null);
        }
        final Optional<String> checkedBySdk = sdkCheckedAlgorithm(object);
        if (checkedBySdk.isPresent()) {
            return new IntegrityCheck(VERIFIED + checkedBySdk.get(), md5ETag, null, null, 0, null);
        }
        if (withCustomerKey) {
            return unverified("sse-c");
        }
        if (withKms) {
            return unverified("sse-kms");
        }
        if (md5ETag != null) {
            return new IntegrityCheck(VERIFIED + "md5", md5ETag, null, null, 0, null);
        }
        final Matcher multipart = MULTIPART_ETAG.matcher(eTag);
        if (multipart.matches()) {
            return new IntegrityCheck(null, null, null, eTag, Integer.parseInt(multipart.group(2)), null);
        }
        return unverified("etag-not-md5");
    }

    private static IntegrityCheck unverified(final String why) {
        return new IntegrityCheck(UNVERIFIED + why, null, null, null, 0, null);
    }

    /** The checksums the AWS SDK checks at the end of a GetObject stream, in the order it looks for them. */
    private static Optional<String> sdkCheckedAlgorithm(final GetObjectResponse object) {
        // Absent checksums are null.
        final Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put("crc32c", object.checksumCRC32C());
        checksums.put("crc32", object.checksumCRC32());
        checksums.put("sha512", object.checksumSHA512());
        checksums.put("sha256", object.checksumSHA256());
        checksums.put("sha1", object.checksumSHA1());
        return checksums.entrySet().stream()
            .filter(checksum -> fullObject(object, checksum.getValue()))
            .map(Map.Entry::getKey)
            .findFirst();
    }

    private static boolean fullObject(final GetObjectResponse object, final String checksum) {
        if (checksum == null || checksum.isEmpty()) {
            return false;
        }
        return object.checksumType() == null ? !COMPOSITE_CHECKSUM.matcher(checksum).matches()
            : object.checksumType() == ChecksumType.FULL_OBJECT;
    }

    /** The number of parts whose sizes are needed first (a multipart ETag is the check), else 0. */
    int partsToLookUp() {
        return record == null ? partCount : 0;
    }

    /**
     * The multipart ETag's check, given the part sizes S3 reports for the version, in order; without them (an empty
     * list, or sizes that do not make up the object) the copy is unverified.
     */
    IntegrityCheck withPartSizes(final List<Long> sizes, final long objectSize) {
        final long total = sizes.stream().mapToLong(Long::longValue).sum();
        if (sizes.size() != partCount || total != objectSize) {
            return unverified("no-part-sizes");
        }
        return new IntegrityCheck(VERIFIED + "multipart-md5", null, null, multipartETag, partCount,
            new PartDigests(sizes));
    }

    /** What the blob's metadata says of this copy: {@code verified:HOW} or {@code unverified:WHY}. */
    String record() {
        if (record == null) {
            throw new IllegalStateException("The part sizes of a multipart object were not looked up");
        }
        return record;
    }

    /** The next bytes of the object, in order. */
    void update(final byte[] bytes, final int offset, final int length) {
        if (crc64 != null) {
            crc64.update(bytes, offset, length);
        }
        if (parts != null) {
            parts.update(bytes, offset, length);
        }
    }

    /**
     * After the last byte: what the bytes read do not match, if anything.
     *
     * @param md5 the MD5 of all the bytes read
     */
    Optional<String> mismatch(final byte[] md5) {
        if (md5ETag != null && !md5ETag.equals(HexFormat.of().formatHex(md5))) {
            return Optional.of("its ETag (the MD5 of its bytes)");
        }
        if (crc64 != null && !crc64nvme.equals(crc64.base64())) {
            return Optional.of("its CRC64NVME checksum");
        }
        if (parts != null && !multipartETag.equals(parts.eTag())) {
            return Optional.of("its multipart ETag (the MD5 of its parts' MD5s)");
        }
        return Optional.empty();
    }

    /** The MD5 of each part as the bytes go by, and the MD5 of those MD5s: how S3 makes a multipart ETag. */
    private static final class PartDigests {

        private final List<Long> sizes;
        private final MessageDigest part = md5();
        private final MessageDigest ofParts = md5();
        private int current;
        private long leftInPart;

        PartDigests(final List<Long> sizes) {
            this.sizes = sizes;
            this.leftInPart = sizes.get(0);
        }

        void update(final byte[] bytes, final int offset, final int length) {
            int at = offset;
            int left = length;
            while (left > 0 && current < sizes.size()) {
                final int n = (int) Math.min(left, leftInPart);
                part.update(bytes, at, n);
                at += n;
                left -= n;
                leftInPart -= n;
                if (leftInPart == 0) {
                    nextPart();
                }
            }
        }

        private void nextPart() {
            ofParts.update(part.digest());
            current++;
            leftInPart = current < sizes.size() ? sizes.get(current) : 0;
        }

        /** The multipart ETag of the bytes seen, or null when they did not fill every part. */
        String eTag() {
            while (current < sizes.size() && leftInPart == 0) {
                nextPart();
            }
            return current < sizes.size() ? null
                : HexFormat.of().formatHex(ofParts.digest()) + "-" + sizes.size();
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
    }
}
