package io.cfnazure.backup.restore;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.SourceRecord;
import io.cfnazure.backup.Texts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * Everything the restore needs of it comes with the listing, or, for a planned task, with the first Get Blob of its
 * bytes ({@link #read}): no further request.
 *
 * @param versionId   the version read; null for the current blob of an account without versions
 * @param description what was restored, for the task's result: a version id, or the current copy and why
 */
public record RestoreSource(String name, String versionId, String eTag, long size, byte[] contentMd5,
                     Headers headers, Map<String, String> metadata, OffsetDateTime lastModified, String description) {

    /** The blob's content headers, which become the restored object's. */
    record Headers(String contentType, String contentEncoding, String contentLanguage, String cacheControl,
                   String contentDisposition) {
    }

    /** The copy's record of the S3 version this blob holds; empty for a blob the copy service did not write. */
    Optional<SourceRecord> record() {
        return SourceRecord.fromMetadata(metadata);
    }

    /**
     * The bytes from {@code offset} into the start of {@code buffer}, streamed into it (the SDK's input stream would
     * collect each range in arrays of its own first), only while the blob still is the one chosen.
     *
     * @return the bytes read: {@code length}, or fewer where the blob ends
     */
    public int readRange(final BlobContainerClient container, final long offset, final byte[] buffer,
                         final int length, final Deadline deadline) {
        final Filling filling = new Filling(buffer, length);
        client(container, name, versionId).downloadStreamWithResponse(filling, new BlobRange(offset, (long) length),
            null, unchanged(), false, deadline.remaining(), Context.NONE);
        return filling.filled;
    }

    private static BlobClient client(final BlobContainerClient container, final String name, final String versionId) {
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
     * A blob read from its first byte: what it is, and the bytes of its first range (all of its bytes when it has no
     * more); the rest is read with {@link #readRange}.
     */
    public record Read(RestoreSource source, byte[] first) {
    }

    /**
     * The blob of a planned task ({@code version}, or the current blob) read from its first byte without a listing:
     * one Get Blob of up to {@code blockSize} bytes brings its properties, the metadata with the copy's record, and
     * those bytes.
     *
     * @param asOf the job's as-of time; with no version chosen, the plan found the account keeps none
     */
    public static Read read(final BlobContainerClient container, final String name, final String version,
                            final Instant asOf, final int blockSize, final Deadline deadline) {
        final BlobClient blob = client(container, name, version);
        final ByteArrayOutputStream first = new ByteArrayOutputStream();
        final BlobDownloadHeaders headers;
        try {
            headers = firstRange(blob, first, blockSize, deadline);
        } catch (final RuntimeException e) {
            throw RestoreFailures.readingBlob(e, container, name);
        }
        final long size = headers.getContentRange() == null ? headers.getContentLength()
            : Long.parseLong(headers.getContentRange().substring(headers.getContentRange().lastIndexOf('/') + 1));
        final OffsetDateTime written = headers.getLastModified();
        // A ranged Get Blob sends the whole blob's MD5 as x-ms-blob-content-md5; Content-MD5 only for the whole blob.
        return new Read(new RestoreSource(name, version, headers.getETag(), size,
            headers.getBlobContentMD5() != null ? headers.getBlobContentMD5() : headers.getContentMd5(),
            new Headers(headers.getContentType(), headers.getContentEncoding(), headers.getContentLanguage(),
                headers.getCacheControl(), headers.getContentDisposition()),
            headers.getMetadata() == null ? Map.of() : headers.getMetadata(), written,
            description(version, headers.getVersionId(), headers.isCurrentVersion(), asOf, written)),
            first.toByteArray());
    }

    /** The first range into {@code bytes}; an empty blob has no range (Azure answers 416), so it is read whole. */
    private static BlobDownloadHeaders firstRange(final BlobClient blob, final ByteArrayOutputStream bytes,
                                                  final int blockSize, final Deadline deadline) {
        try {
            return blob.downloadStreamWithResponse(bytes, new BlobRange(0, (long) blockSize), null, null, false,
                deadline.remaining(), Context.NONE).getDeserializedHeaders();
        } catch (final BlobStorageException e) {
            if (e.getStatusCode() != 416) {
                throw e;
            }
            return blob.downloadStreamWithResponse(bytes, null, null, null, false, deadline.remaining(),
                Context.NONE).getDeserializedHeaders();
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
            return itemsOfOneBlob.stream().findFirst().map(item -> fromItem(item, null, asOf));
        }
        return itemsOfOneBlob.stream()
            .filter(item -> item.getVersionId() != null && !versionTime(item).isAfter(asOf))
            .max(Comparator.comparing(RestoreSource::versionTime))
            .map(item -> fromItem(item, item.getVersionId(), asOf));
    }

    /** A listed blob as it is now (a listing without versions). */
    static RestoreSource current(final BlobItem item) {
        return fromItem(item, null, null);
    }

    /**
     * What the restore read, for the task's result.
     *
     * @param version    the version chosen as of the job's time; null when there was no as-of time, or the account
     *                   keeps no versions
     * @param versionId  the blob's own version id, if the account keeps versions
     * @param current    whether that version is the current one
     */
    private static String description(final String version, final String versionId, final Boolean current,
                                      final Instant asOf, final OffsetDateTime written) {
        if (version != null) {
            return "version " + version + (Boolean.TRUE.equals(current) ? " (the current one)" : "");
        }
        if (asOf != null) {
            return "current copy, account keeps no versions" + (written != null && written.toInstant().isAfter(asOf)
                ? " (written " + written.toInstant() + ", after the as-of time)" : "");
        }
        return versionId == null ? "current copy" : "current copy, version " + versionId;
    }

    private static RestoreSource fromItem(final BlobItem item, final String version, final Instant asOf) {
        final BlobItemProperties properties = item.getProperties();
        return new RestoreSource(item.getName(), version, properties.getETag(),
            properties.getContentLength() == null ? 0 : properties.getContentLength(), properties.getContentMd5(),
            new Headers(properties.getContentType(), properties.getContentEncoding(),
                properties.getContentLanguage(), properties.getCacheControl(), properties.getContentDisposition()),
            item.getMetadata() == null ? Map.of() : item.getMetadata(), properties.getLastModified(),
            description(version, item.getVersionId(), item.isCurrentVersion(), asOf, properties.getLastModified()));
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
        return CopyFailure.permanent(String.format("Container '%s' has no blob '%s' (deleted, or never copied): there "
            + "is no copy to read.", container.getBlobContainerName(), Texts.bounded(name)), null);
    }
}
