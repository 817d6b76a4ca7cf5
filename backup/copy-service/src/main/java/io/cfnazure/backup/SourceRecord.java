package io.cfnazure.backup;

import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which S3 object version a blob is a copy of, kept in the blob's metadata. It is what makes the copy idempotent (the
 * same version is never uploaded twice) and ordered (an older version never replaces a newer copy).
 *
 * @param sequencer     S3's event sequencer of the event that caused the copy; absent for a backfill copy
 * @param lastModified  the object's Last-Modified as S3 returned it with the bytes
 */
public record SourceRecord(String bucket, String key, String versionId, String eTag, String sequencer,
                           Instant lastModified) {

    public static final String PREFIX = "s3src_";
    static final String BUCKET = PREFIX + "bucket";
    static final String KEY = PREFIX + "key";
    static final String VERSION_ID = PREFIX + "version_id";
    static final String ETAG = PREFIX + "etag";
    static final String SEQUENCER = PREFIX + "sequencer";
    static final String LAST_MODIFIED = PREFIX + "last_modified";

    public enum Order {
        /** This version came after the copied one: copy it. */
        NEWER,
        /** The copied one: nothing to upload. */
        SAME,
        /** An older version than the copied one: keep the copy. */
        OLDER,
        /**
         * Another version, written in the same second as the copied one and neither copy ordered by an event:
         * Last-Modified has one-second resolution, so the records cannot tell which came later.
         */
        SAME_SECOND
    }

    /**
     * Orders two S3 sequencers of the same key. S3 documents them as hexadecimal strings of possibly different
     * lengths, compared after left-padding the shorter with zeros: that is their numeric order.
     */
    static int compareSequencers(final String a, final String b) {
        return new BigInteger(a, 16).compareTo(new BigInteger(b, 16));
    }

    static boolean isSequencer(final String value) {
        return value != null && value.matches("[0-9A-Fa-f]{1,64}");
    }

    /** Where this version stands against the one {@code copied} records. */
    public Order comparedTo(final SourceRecord copied) {
        if (sequencer != null && copied.sequencer() != null) {
            final int order = compareSequencers(sequencer, copied.sequencer());
            return order > 0 ? Order.NEWER : order == 0 ? Order.SAME : Order.OLDER;
        }
        if (lastModified != null && copied.lastModified() != null) {
            final int time = lastModified.compareTo(copied.lastModified());
            if (time != 0) {
                return time > 0 ? Order.NEWER : Order.OLDER;
            }
        }
        // Last-Modified has one-second resolution: within the same second only the identity of the version tells.
        return sameVersion(copied) ? Order.SAME : Order.SAME_SECOND;
    }

    private boolean sameVersion(final SourceRecord copied) {
        return eTag != null && eTag.equals(copied.eTag())
            && (versionId == null ? copied.versionId() == null : versionId.equals(copied.versionId()));
    }

    /** The blob metadata entries of this record (ASCII values: the key percent-encoded). */
    Map<String, String> toMetadata() {
        final Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BUCKET, bucket);
        metadata.put(KEY, Texts.percentEncoded(key));
        if (versionId != null) {
            metadata.put(VERSION_ID, versionId);
        }
        if (eTag != null) {
            metadata.put(ETAG, eTag);
        }
        if (sequencer != null) {
            metadata.put(SEQUENCER, sequencer);
        }
        if (lastModified != null) {
            metadata.put(LAST_MODIFIED, lastModified.toString());
        }
        return metadata;
    }

    /** The record of a blob this service wrote; empty for a blob written by anyone else. */
    public static Optional<SourceRecord> fromMetadata(final Map<String, String> metadata) {
        final Map<String, String> lower = new LinkedHashMap<>();
        // Azure keeps a name's case as written but matches names case-insensitively.
        metadata.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
        if (!lower.containsKey(BUCKET) || !lower.containsKey(KEY)) {
            return Optional.empty();
        }
        final String sequencer = lower.get(SEQUENCER);
        return Optional.of(new SourceRecord(lower.get(BUCKET),
            URLDecoder.decode(lower.get(KEY), StandardCharsets.UTF_8), lower.get(VERSION_ID),
            lower.get(ETAG), isSequencer(sequencer) ? sequencer : null, instant(lower.get(LAST_MODIFIED))));
    }

    private static Instant instant(final String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }
}
