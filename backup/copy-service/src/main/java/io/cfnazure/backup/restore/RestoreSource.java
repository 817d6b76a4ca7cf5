package io.cfnazure.backup.restore;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ConsistentReadControl;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.SourceRecord;
import io.cfnazure.backup.Texts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blob a restore reads for one key: the version that was current at the as-of time where the account keeps
 * versions (Azure blob versioning: version ids are the instants the versions were written), else the current blob.
 * Everything the restore needs of it comes with the listing or the properties: no further request before the bytes.
 *
 * @param versionId   the version read; null for the current blob of an account without versions
 * @param description what was restored, for the task's result: a version id, or the current copy and why
 */
record RestoreSource(String name, String versionId, String eTag, long size, byte[] contentMd5,
                     Headers headers, Map<String, String> metadata, OffsetDateTime lastModified, String description) {

    /** The blob's content headers, which become the restored object's. */
    record Headers(String contentType, String contentEncoding, String contentLanguage, String cacheControl,
                   String contentDisposition) {
    }

    /** The copy's record of the S3 version this blob holds; empty for a blob the copy service did not write. */
    Optional<SourceRecord> record() {
        return SourceRecord.fromMetadata(metadata);
    }

    /** The bytes, read in ranges of {@code blockSize}, each one only while the blob still is the one chosen. */
    InputStream open(final BlobContainerClient container, final int blockSize) {
        return client(container).openInputStream(new BlobInputStreamOptions()
            .setBlockSize(blockSize)
            .setConsistentReadControl(ConsistentReadControl.NONE)
            .setRequestConditions(unchanged()), Context.NONE);
    }

    /**
     * The bytes from {@code offset} into the start of {@code buffer}, streamed into it (the SDK's input stream would
     * collect each range in arrays of its own first), only while the blob still is the one chosen.
     *
     * @return the bytes read: {@code length}, or fewer where the blob ends
     */
    int read(final BlobContainerClient container, final long offset, final byte[] buffer, final int length,
             final Deadline deadline) {
        final Filling filling = new Filling(buffer, length);
        client(container).downloadStreamWithResponse(filling, new BlobRange(offset, (long) length), null,
            unchanged(), false, deadline.remaining(), Context.NONE);
        return filling.filled;
    }

    private BlobClient client(final BlobContainerClient container) {
        return versionId == null ? container.getBlobClient(name)
            : container.getBlobClient(name).getVersionClient(versionId);
    }

    /**
     * A version never changes; the current blob must stay the one whose record was checked (If-Match its ETag): a
     * change between two ranges fails the read (412) rather than mixing two blobs' bytes.
     */
    private BlobRequestConditions unchanged() {
        return new BlobRequestConditions().setIfMatch(eTag);
    }

    /** A buffer's start as the target of a download (the JDK's ByteArrayOutputStream grows an array of its own). */
    private static final class Filling extends OutputStream {
        private final byte[] buffer;
        private final int length;
        private int filled;

        Filling(final byte[] buffer, final int length) {
            this.buffer = buffer;
            this.length = length;
        }

        @Override
        public void write(final int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int count) throws IOException {
            if (count > length - filled) {
                throw new IOException(String.format("Azure sent more than the %,d bytes of the range asked for",
                    length));
            }
            System.arraycopy(bytes, offset, buffer, filled, count);
            filled += count;
        }
    }

    /**
     * The blob to restore for {@code name}, from one List Blobs of that name (its properties and metadata come with
     * it): with no as-of time its current blob, else the version current at that time.
     *
     * @throws CopyFailure when there is no such blob, or no version of it existed at the as-of time
     */
    static RestoreSource of(final BlobContainerClient container, final String name, final Instant asOf,
                            final Deadline deadline) {
        try {
            final List<BlobItem> items = list(container, name, asOf != null, deadline).stream()
                .filter(item -> item.getName().equals(name))
                .toList();
            if (items.isEmpty()) {
                throw noBlob(container, name);
            }
            if (asOf == null) {
                return current(items.get(0));
            }
            return asOf(items, asOf).orElseThrow(() -> CopyFailure.permanent(String.format("Blob '%s' in container "
                + "'%s' has no version written at or before %s (its first is from %s): there is nothing to restore "
                + "as of then.", Texts.bounded(name), container.getBlobContainerName(), asOf,
                items.stream().map(BlobItem::getVersionId).min(Comparator.naturalOrder()).orElse("?")), null));
        } catch (final RuntimeException e) {
            throw RestoreFailures.readingBlob(e, container, name);
        }
    }

    /** The blobs (with their metadata, and every version when asked) whose names start with {@code prefix}. */
    static List<BlobItem> list(final BlobContainerClient container, final String prefix, final boolean versions,
                               final Deadline deadline) {
        return container.listBlobs(new ListBlobsOptions()
                .setPrefix(prefix)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true).setRetrieveVersions(versions)),
            deadline == null ? null : deadline.remaining())
            .stream()
            .toList();
    }

    /**
     * Of the listed items of one blob (versions, or the one blob when the account keeps none), the one to restore as
     * of {@code asOf}: the latest version written at or before it; without versions, the current blob.
     */
    static Optional<RestoreSource> asOf(final List<BlobItem> itemsOfOneBlob, final Instant asOf) {
        final boolean versioned = itemsOfOneBlob.stream().anyMatch(item -> item.getVersionId() != null);
        if (!versioned) {
            return itemsOfOneBlob.stream().findFirst().map(item -> fromItem(item, null,
                "current copy, account keeps no versions" + (written(item).isAfter(asOf)
                    ? " (written " + written(item) + ", after the as-of time)" : "")));
        }
        return itemsOfOneBlob.stream()
            .filter(item -> item.getVersionId() != null && !versionTime(item).isAfter(asOf))
            .max(Comparator.comparing(RestoreSource::versionTime))
            .map(item -> fromItem(item, item.getVersionId(), "version " + item.getVersionId()
                + (Boolean.TRUE.equals(item.isCurrentVersion()) ? " (the current one)" : "")));
    }

    /** A listed blob as it is now (a listing without versions). */
    static RestoreSource current(final BlobItem item) {
        return fromItem(item, null, item.getVersionId() == null ? "current copy"
            : "current copy, version " + item.getVersionId());
    }

    private static RestoreSource fromItem(final BlobItem item, final String versionId, final String description) {
        final BlobItemProperties properties = item.getProperties();
        return new RestoreSource(item.getName(), versionId, properties.getETag(),
            properties.getContentLength() == null ? 0 : properties.getContentLength(), properties.getContentMd5(),
            new Headers(properties.getContentType(), properties.getContentEncoding(),
                properties.getContentLanguage(), properties.getCacheControl(), properties.getContentDisposition()),
            item.getMetadata() == null ? Map.of() : item.getMetadata(), properties.getLastModified(), description);
    }

    private static Instant written(final BlobItem item) {
        return item.getProperties().getLastModified().toInstant();
    }

    /** Azure's version ids are the instants the versions were written, e.g. 2026-12-06T13:47:21.1234567Z. */
    private static Instant versionTime(final BlobItem item) {
        try {
            return Instant.parse(item.getVersionId());
        } catch (final DateTimeParseException e) {
            return written(item);
        }
    }

    static CopyFailure noBlob(final BlobContainerClient container, final String name) {
        return CopyFailure.permanent(String.format("Container '%s' has no blob '%s': there is no copy to restore.",
            container.getBlobContainerName(), Texts.bounded(name)), null);
    }
}
