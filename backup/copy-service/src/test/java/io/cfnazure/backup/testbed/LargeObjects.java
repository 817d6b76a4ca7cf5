package io.cfnazure.backup.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Uploads generated content as S3's tools upload large objects: a multipart upload, part by part, in bounded memory. */
public final class LargeObjects {

    private static final int PART_SIZE = 64 * 1024 * 1024;

    private LargeObjects() {
    }

    /** @return the object's ETag */
    public static String upload(final S3Client s3, final String bucket, final String key, final InputStream content,
                                final long length) {
        return upload(s3, bucket, key, content, length, PART_SIZE);
    }

    /** In parts of {@code partSize} bytes (S3 takes 5 MiB and more), the last one smaller. */
    public static String upload(final S3Client s3, final String bucket, final String key, final InputStream content,
                                final long length, final int partSize) {
        final String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        final List<CompletedPart> parts = new ArrayList<>();
        final byte[] part = new byte[partSize];
        long sent = 0;
        try {
            while (sent < length) {
                final int size = (int) Math.min(partSize, length - sent);
                final int read = content.readNBytes(part, 0, size);
                if (read != size) {
                    throw new IllegalStateException("The content ended early");
                }
                final int number = parts.size() + 1;
                final String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(size == partSize ? part : java.util.Arrays.copyOf(part, size))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                sent += size;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts))).eTag();
    }
}
