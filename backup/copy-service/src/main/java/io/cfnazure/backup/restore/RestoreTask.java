package io.cfnazure.backup.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.Texts;

/**
 * One key of a restore job, as the manifest holds it. A manifest the restore command plans carries, in each line's key
 * field, what the plan learnt of the key (JSON, as AWS's examples of task-level information in Lambda manifests do;
 * the job's user argument {@value RestoreOptions#PLANNED_TASKS_ARGUMENT} says so): the blob version chosen as of the
 * job's time, and whether the target bucket had no object of that key then. Such a key is written without a HEAD,
 * on the condition that S3 still holds no object (If-None-Match: *), from one Get Blob that brings the bytes and
 * the copy's record together: two requests, as a plain copy makes. A manifest written otherwise lists blob names.
 *
 * @param blob        the blob's name, which is the S3 key restored
 * @param version     the blob version the plan chose; null: the current blob
 * @param targetEmpty whether the target had no object of this key when the restore was planned
 */
record RestoreTask(String blob, String version, boolean targetEmpty) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A manifest line's key as a hand-written manifest (or the backfill's) holds it: the blob's name alone. */
    static RestoreTask named(final String blob) {
        return new RestoreTask(blob, null, false);
    }

    /** The task of one planned key, from its key field (URL-decoded, as Batch Operations passes it on). */
    static RestoreTask planned(final String keyField) {
        try {
            final JsonNode task = JSON.readTree(keyField);
            final JsonNode blob = task == null ? null : task.get("blob");
            if (blob == null || !blob.isTextual() || blob.asText().isEmpty()) {
                throw notPlanned(keyField, null);
            }
            final JsonNode version = task.get("version");
            return new RestoreTask(blob.asText(), version == null || version.isNull() ? null : version.asText(),
                task.path("targetEmpty").asBoolean(false));
        } catch (final JsonProcessingException e) {
            throw notPlanned(keyField, e);
        }
    }

    /** This task as the manifest line's key field: JSON, URL-encoded as Batch Operations expects keys. */
    String keyField() {
        final ObjectNode task = JSON.createObjectNode().put("blob", blob);
        if (version != null) {
            task.put("version", version);
        }
        if (targetEmpty) {
            task.put("targetEmpty", true);
        }
        return Texts.percentEncoded(task.toString());
    }

    private static CopyFailure notPlanned(final String keyField, final Exception cause) {
        return CopyFailure.permanent(String.format("The task's key '%s' is not a task the restore command planned, "
            + "though the job says %s: write the manifest with the restore command, or start the job without that "
            + "user argument.", Texts.bounded(keyField), RestoreOptions.PLANNED_TASKS_ARGUMENT), cause);
    }
}
