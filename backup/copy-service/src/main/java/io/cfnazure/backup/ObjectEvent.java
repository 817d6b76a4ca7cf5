package io.cfnazure.backup;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One object to act on, from an S3 event notification or a Batch Operations task, with the key already decoded.
 *
 * @param versionId the version the event or Batch Operations task names (versioned buckets): the copy reads exactly
 *                  that version, so a later overwrite is never copied under this event's record
 * @param eTag      the ETag the event saw (events only): the copy reads the object only while it still has it
 * @param sequencer S3's ordering of events on one key (events only)
 * @param size      the object's size as the event gives it (events of created objects only)
 */
public record ObjectEvent(Action action, String bucket, String key, String versionId, String eTag, String sequencer,
                          Long size, String eventName) {

    public enum Action {
        /** The object was created or overwritten, or a backfill task names it: copy that version. */
        COPY,
        /** The object or one of its versions was removed. */
        REMOVE,
        /** Any other event type (tagging, ACL, restore, lifecycle transition): nothing to copy. */
        IGNORE
    }

    /** The action of an S3 event name such as {@code ObjectCreated:Put} or {@code ObjectRemoved:DeleteMarkerCreated}. */
    public static Action actionOf(final String eventName) {
        if (eventName == null) {
            return Action.IGNORE;
        }
        if (eventName.startsWith("ObjectCreated:")) {
            return Action.COPY;
        }
        if (eventName.startsWith("ObjectRemoved:") || eventName.startsWith("LifecycleExpiration:")) {
            return Action.REMOVE;
        }
        return Action.IGNORE;
    }

    /**
     * S3 sends keys URL-encoded in event notifications and Batch Operations tasks alike, with a space as '+' and a
     * real '+' as %2B, so form decoding is the exact inverse.
     */
    public static String decodeKey(final String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            throw CopyFailure.permanent(String.format("The object key '%s' is not URL-encoded as S3 sends it.",
                Texts.bounded(encoded)), e);
        }
    }

    /** For the log: action, bucket and key, bounded and on one line. */
    public String describe() {
        return describe(action.name().toLowerCase(Locale.ROOT));
    }

    /** For the log: what is done to the object (an entry point other than the copy's says its own), bucket and key. */
    public String describe(final String verb) {
        return String.format("%s s3://%s/%s", verb, bucket, Texts.bounded(key));
    }
}
