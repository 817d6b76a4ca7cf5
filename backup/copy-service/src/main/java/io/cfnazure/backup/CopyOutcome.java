package io.cfnazure.backup;

/**
 * What handling one object did; every outcome is a success for SQS and Batch Operations.
 *
 * @param bytes the bytes written to Azure (0 unless {@link Result#COPIED})
 */
public record CopyOutcome(Result result, long bytes, String detail) {

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

    static CopyOutcome copied(final long bytes) {
        return new CopyOutcome(Result.COPIED, bytes, "copied");
    }

    static CopyOutcome of(final Result result, final String detail) {
        return new CopyOutcome(result, 0, detail);
    }
}
