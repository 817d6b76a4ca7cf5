package io.cfnazure.backup;

/**
 * What handling one object did; every outcome is a success for SQS and Batch Operations.
 *
 * @param bytes     the bytes written to Azure (0 unless {@link Result#COPIED})
 * @param integrity how a copy's bytes were checked, as the blob's metadata records it ({@link IntegrityCheck#record()});
 *                  null for outcomes other than {@link Result#COPIED}
 */
public record CopyOutcome(Result result, long bytes, String detail, String integrity) {

    public enum Result {
        COPIED,
        /** The blob already is a copy of this version (a repeated event or task). */
        ALREADY_COPIED,
        /** The blob holds a newer version than the one the event or task is about. */
        STALE,
        /** The object changed after the event: the newer version's own event copies it. */
        SUPERSEDED,
        DELETED,
        /** A removal that leaves the copy in place (deletes are not mirrored, or the key exists again). */
        KEPT,
        /** An event that needs no copy (tagging, ACL, restore, S3's test event). */
        IGNORED
    }

    static CopyOutcome copied(final long bytes, final String integrity) {
        return new CopyOutcome(Result.COPIED, bytes, "copied, " + integrity, integrity);
    }

    static CopyOutcome of(final Result result, final String detail) {
        return new CopyOutcome(result, 0, detail, null);
    }

    /** A copy committed without proof that its bytes are S3's (the blob's metadata says why). */
    public boolean unverified() {
        return integrity != null && integrity.startsWith(IntegrityCheck.UNVERIFIED);
    }
}
