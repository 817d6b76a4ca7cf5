package io.cfnazure.backup.audit;

import com.azure.storage.blob.models.BlobItem;
import io.cfnazure.backup.BlobMetadata;
import io.cfnazure.backup.SourceRecord;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the audit keeps of one blob of the container: its size, its Content-MD5 (the copy sets the whole object's),
 * and the copy's record of the S3 version it holds ({@link SourceRecord}, {@link BlobMetadata#INTEGRITY}); only
 * that, so that a listing of millions of blobs fits the function's memory.
 *
 * @param record    empty for a blob the copy service did not write
 * @param md5Hex    the blob's Content-MD5 as hexadecimal, null when it has none
 * @param integrity how the copy's bytes were verified when they were copied; null when unknown
 */
record CopiedBlob(String name, long size, String md5Hex, Optional<SourceRecord> record, String integrity) {

    static CopiedBlob of(final BlobItem blob) {
        final Map<String, String> metadata = blob.getMetadata() == null ? Map.of() : blob.getMetadata();
        final byte[] md5 = blob.getProperties().getContentMd5();
        final Long size = blob.getProperties().getContentLength();
        return new CopiedBlob(blob.getName(), size == null ? 0 : size,
            md5 == null || md5.length == 0 ? null : HexFormat.of().formatHex(md5),
            SourceRecord.fromMetadata(metadata), integrity(metadata));
    }

    private static String integrity(final Map<String, String> metadata) {
        // Azure matches metadata names case-insensitively and keeps the case they were written in.
        return metadata.entrySet().stream()
            .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(BlobMetadata.INTEGRITY))
            .map(Map.Entry::getValue)
            .findFirst().orElse(null);
    }
}
