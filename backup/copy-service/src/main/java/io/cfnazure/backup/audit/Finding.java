package io.cfnazure.backup.audit;

import io.cfnazure.backup.IntegrityCheck;
import io.cfnazure.backup.SourceRecord;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What the audit found for one key: the class, the S3 version (or, for an extra blob, the version its record names),
 * its size and Last-Modified, and in words why.
 */
record Finding(Kind kind, String key, String versionId, long size, Instant lastModified, String detail) {

    enum Kind {
        /** The blob holds the object's current version, with its size and, where S3 gives one, its MD5. */
        IN_SYNC,
        /** No blob, or a blob that is not a copy of this object (no record of it). */
        MISSING,
        /** The blob holds an older version than S3's current one. */
        STALE,
        /** The blob records the current version but its size or MD5 is not the object's. */
        CORRUPT,
        /** A blob whose object is not in the bucket (deleted, or never there). */
        EXTRA
    }

    /** An ETag that is the MD5 of the bytes when the object has neither KMS nor a customer key. */
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");

    /** Where {@code blob}, the blob at the object's key (null: none), stands against the object. */
    static Finding classify(final String bucket, final SourceObject object, final CopiedBlob blob) {
        if (blob == null) {
            return of(Kind.MISSING, object, "no blob");
        }
        final SourceRecord copied = blob.record().orElse(null);
        if (copied == null || !bucket.equals(copied.bucket()) || !object.key().equals(copied.key())) {
            return of(Kind.MISSING, object, "the blob at this key is not the copy service's copy of it "
                + "(its metadata has no s3src_ record of this bucket and key)");
        }
        return switch (object.asRecord(bucket).comparedTo(copied)) {
            case NEWER, SAME_SECOND -> of(Kind.STALE, object, String.format("the copy holds version %s (ETag %s, "
                + "last modified %s)", copied.versionId() == null ? "-" : copied.versionId(), copied.eTag(),
                copied.lastModified()));
            // The object changed after the listing read it and was copied since: the copy is ahead of the listing.
            case OLDER -> of(Kind.IN_SYNC, object, "copied after this listing");
            case SAME -> sameVersion(object, blob);
        };
    }

    private static Finding sameVersion(final SourceObject object, final CopiedBlob blob) {
        if (blob.size() != object.size()) {
            return of(Kind.CORRUPT, object, String.format("the blob has %d bytes, the object %d", blob.size(),
                object.size()));
        }
        final boolean encrypted = blob.integrity() != null
            && blob.integrity().startsWith(IntegrityCheck.UNVERIFIED + "sse");
        if (!encrypted && object.eTag() != null && MD5_ETAG.matcher(object.eTag()).matches() && blob.md5Hex() != null
            && !blob.md5Hex().equals(object.eTag())) {
            return of(Kind.CORRUPT, object, String.format("the blob's Content-MD5 is %s, the object's MD5 (its ETag) "
                + "%s", blob.md5Hex(), object.eTag()));
        }
        return of(Kind.IN_SYNC, object, blob.integrity());
    }

    /** A blob no current object of the bucket accounts for. */
    static Finding extra(final CopiedBlob blob, final String why) {
        final SourceRecord copied = blob.record().orElse(null);
        return new Finding(Kind.EXTRA, blob.name(), copied == null ? null : copied.versionId(), blob.size(),
            copied == null ? null : copied.lastModified(), why);
    }

    private static Finding of(final Kind kind, final SourceObject object, final String detail) {
        return new Finding(kind, object.key(), object.versionId(), object.size(), object.lastModified(), detail);
    }

    /** Whether the copy is behind the object: what a backfill sends to the copy queue. */
    boolean behind() {
        return kind == Kind.MISSING || kind == Kind.STALE;
    }
}
