package io.cfnazure.backup.restore;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.backup.BlobMetadata;
import io.cfnazure.backup.BlockUploads;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.CopyOutcome;
import io.cfnazure.backup.InvocationTime;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.S3Failures;
import io.cfnazure.backup.SourceRecord;
import io.cfnazure.backup.Texts;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restores one key: the blob of that name (as of the job's time, {@link RestoreSource}) becomes the S3 object the
 * copy recorded, in the task's bucket, unless the target holds a newer or the same object ({@link RestoreDecision});
 * its bytes are checked against the copy's record on their way ({@link RestoreCheck}, {@link RestoreUpload}).
 * A key the plan found absent from the target ({@link RestoreTask}) is read and written at once, on the condition that
 * it still is absent; if it is not, it is decided as any other key.
 * The outcome's detail is the task's result string: what was restored (which version, or the current copy and why),
 * or why nothing was.
 */
final class BlobRestorer implements CopyFunction.ObjectAction {

    /** Azure's ranged reads and S3's parts: 8 MiB, the copy's block size. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final BlockUploads parts;
    private final RestoreOptions options;
    private final int partSize;

    BlobRestorer(final S3Client s3, final BlockUploads parts, final RestoreOptions options, final int partSize) {
        this.s3 = s3;
        this.parts = parts;
        this.options = options;
        this.partSize = Math.max(RestoreUpload.MIN_PART_SIZE, partSize);
    }

    /** A restore task's failure says restore, and the blob, not the copy's action its task is decoded with. */
    @Override
    public String describe(final ObjectEvent event) {
        try {
            return String.format("restore s3://%s/%s", event.bucket(), Texts.bounded(task(event).blob()));
        } catch (final CopyFailure e) {
            return event.describe("restore");
        }
    }

    @Override
    public CopyOutcome apply(final ObjectEvent event, final Supplier<BlobContainerClient> containerOfJob,
                             final InvocationTime time) {
        final RestoreTask task = task(event);
        final BlobContainerClient container = containerOfJob.get();
        if (task.targetEmpty()) {
            try {
                final RestoreSource.Read read = RestoreSource.read(container, task.blob(), task.version(),
                    options.asOf(), partSize, time.deadline());
                return write(read.source(), copied(read.source()), read.first(), RestoreDecision.intoEmptyTarget(),
                    event.bucket(), container, time);
            } catch (final CopyFailure e) {
                if (!S3Failures.targetChanged(e)) {
                    throw e;
                }
                // Someone wrote the key since the plan: decided as any other key, from what the target holds now.
            }
        }
        final RestoreSource source = RestoreSource.of(container, task.blob(), options.asOf(), time.deadline());
        final SourceRecord copied = copied(source);
        final RestoreDecision decision = RestoreDecision.decide(copied,
            BlobMetadata.checksums(source.metadata()), RestoreDecision.head(s3, event.bucket(), task.blob()),
            options.overwriteNewer());
        return switch (decision.action()) {
            case SKIP_NEWER -> new CopyOutcome(CopyOutcome.Result.STALE, 0, "skip-newer: " + decision.reason(), null);
            case SKIP_IDENTICAL -> new CopyOutcome(CopyOutcome.Result.ALREADY_COPIED, 0,
                "skip-identical: " + decision.reason(), null);
            case RESTORE -> write(source, copied, null, decision, event.bucket(), container, time);
        };
    }

    private RestoreTask task(final ObjectEvent event) {
        return options.plannedTasks() ? RestoreTask.planned(event.key()) : RestoreTask.named(event.key());
    }

    private static SourceRecord copied(final RestoreSource source) {
        return source.record().orElseThrow(() -> CopyFailure.permanent(String.format("Blob '%s' (%s) was not written "
            + "by the copy service: it has no record of an S3 object to restore.", Texts.bounded(source.name()),
            source.description()), null));
    }

    /**
     * The blob's bytes into {@code bucket} as {@code decision} says, checked against the copy's record.
     *
     * @param copied the copy's record of the S3 object the blob holds
     * @param first  its first bytes when they were read already, else null
     */
    private CopyOutcome write(final RestoreSource source, final SourceRecord copied, final byte[] first,
                              final RestoreDecision decision, final String bucket,
                              final BlobContainerClient container, final InvocationTime time) {
        final RestoreCheck check = new RestoreCheck(source.contentMd5(), source.metadata());
        final long bytes;
        try {
            bytes = new RestoreUpload(s3, parts, partSize).write(container, source, first, bucket, source.name(),
                decision, check, time.deadline());
        } catch (final RuntimeException e) {
            throw RestoreFailures.readingBlob(e, container, source.name());
        }
        return new CopyOutcome(CopyOutcome.Result.COPIED, bytes, String.format("restored %s of s3://%s/%s (%s), "
            + "%,d bytes, %s", source.description(), copied.bucket(), Texts.bounded(copied.key()),
            copied.versionId() == null ? "ETag " + copied.eTag() : "S3 version " + copied.versionId(), bytes,
            check.record()), check.record());
    }
}
