package io.cfnazure.backup.audit;

import io.cfnazure.backup.SourceRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current version of one key of the source bucket, as S3 lists it.
 *
 * @param versionId    the version id in a versioned bucket (S3's "null" for an object written before versioning), else
 *                     null
 * @param eTag         without quotes
 * @param lastModified in whole seconds, as S3's Last-Modified header gives it to the copy
 */
record SourceObject(String key, String versionId, String eTag, long size, Instant lastModified) {

    static SourceObject of(final String key, final String versionId, final String eTag, final Long size,
                           final Instant lastModified) {
        return new SourceObject(key, versionId, eTag == null ? null : eTag.replace("\"", ""),
            size == null ? 0 : size, lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The record a copy of this version would carry (no sequencer: a listing has none). */
    SourceRecord asRecord(final String bucket) {
        return new SourceRecord(bucket, key, versionId, eTag, null, lastModified);
    }
}
