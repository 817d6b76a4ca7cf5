package io.cfnazure.backup.restore;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import io.cfnazure.backup.BlobMetadata;
import io.cfnazure.backup.SourceRecord;
import io.cfnazure.backup.Texts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The planning step of a restore: the container's blobs under a prefix (all versions when an as-of time is given: one
 * listing, 5,000 entries per request), the one to restore of each name ({@link RestoreSource#asOf}), the Batch
 * Operations manifest of their tasks (with what a listing of the target says of each key), and the dry run that says
 * what the restore would do with each.
 */
final class RestorePlan {

    /** One key of the plan: the blob chosen for it, or none (no version existed at the as-of time). */
    record Entry(String name, RestoreSource source) {
    }

    /** One line of the dry run. */
    record Step(String name, String action, String reason) {
    }

    private final List<Entry> entries;

    private RestorePlan(final List<Entry> entries) {
        this.entries = entries;
    }

    static RestorePlan of(final BlobContainerClient container, final String prefix, final Instant asOf) {
        final Map<String, List<BlobItem>> byName = new LinkedHashMap<>();
        try {
            RestoreSource.list(container, prefix == null || prefix.isEmpty() ? null : prefix, asOf != null, null)
                .forEach(item -> byName.computeIfAbsent(item.getName(), name -> new ArrayList<>()).add(item));
        } catch (final RuntimeException e) {
            throw RestoreFailures.readingBlob(e, container, prefix == null ? "" : prefix);
        }
        final List<Entry> entries = new ArrayList<>();
        byName.forEach((name, items) -> entries.add(new Entry(name, asOf == null
            ? RestoreSource.current(items.get(0)) : RestoreSource.asOf(items, asOf).orElse(null))));
        return new RestorePlan(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The Batch Operations manifest (CSV: bucket, key field) of every name with a blob to restore, each one a
     * {@link RestoreTask}: the function decides again at run time, from what the target holds then, but a key
     * absent from {@code keysInTarget} is written at once, on the condition that it still is absent.
     */
    String manifest(final String targetBucket, final Map<String, RestoreDecision.Target> inTarget) {
        final StringBuilder csv = new StringBuilder();
        entries.stream().filter(entry -> entry.source() != null).forEach(entry -> csv.append(targetBucket).append(',')
            .append(task(entry, inTarget).keyField()).append('\n'));
        return csv.toString();
    }

    /** The task of a name with a blob to restore: the version chosen, and whether the target lacks the key. */
    static RestoreTask task(final Entry entry, final Map<String, RestoreDecision.Target> inTarget) {
        return new RestoreTask(entry.name(), entry.source().versionId(), !inTarget.containsKey(entry.name()));
    }

    /** The objects {@code bucket} holds under {@code prefix}, by key: one List Objects per 1,000 keys. */
    static Map<String, RestoreDecision.Target> objectsIn(final S3Client s3, final String bucket, final String prefix) {
        final Map<String, RestoreDecision.Target> objects = new HashMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix == null || prefix.isEmpty() ? null : prefix))
            .contents().forEach(object -> objects.put(object.key(), RestoreDecision.Target.of(object)));
        return objects;
    }

    /**
     * What the restore would do with each name, from the target's listing ({@link #objectsIn}); reads nothing more and
     * writes nothing. A listing has no checksums: an object with the copied bytes under another ETag shows as restore
     * or skip-newer here, where the run, which HEADs it, finds it identical by its CRC64NVME.
     */
    List<Step> dryRun(final Map<String, RestoreDecision.Target> inTarget, final boolean overwriteNewer) {
        final List<Step> steps = new ArrayList<>();
        for (final Entry entry : entries) {
            final RestoreSource source = entry.source();
            if (source == null) {
                steps.add(new Step(entry.name(), "skip-no-version", "no version was written at or before the as-of "
                    + "time"));
                continue;
            }
            final Optional<SourceRecord> copied = source.record();
            if (copied.isEmpty()) {
                steps.add(new Step(entry.name(), "skip-not-a-copy", "the blob was not written by the copy service"));
                continue;
            }
            final RestoreDecision decision = RestoreDecision.decide(copied.get(),
                BlobMetadata.checksums(source.metadata()), Optional.ofNullable(inTarget.get(entry.name())),
                overwriteNewer);
            steps.add(new Step(entry.name(), decision.action().label(), source.description() + "; "
                + decision.reason()));
        }
        return steps;
    }

    static String describe(final Step step) {
        return String.format("%-15s %s  (%s)", step.action(), Texts.bounded(step.name()), step.reason());
    }
}
