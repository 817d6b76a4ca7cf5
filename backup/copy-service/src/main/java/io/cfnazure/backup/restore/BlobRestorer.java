package io.cfnazure.backup.restore;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.backup.BlobMetadata;
import io.cfnazure.backup.BlockUploads;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.CopyOutcome;
import io.cfnazure.backup.InvocationTime;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.SourceRecord;
import io.cfnazure.backup.Texts;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restores one key: the blob of that name (as of the job's time, {@link RestoreSource}) becomes the S3 object the
 * copy recorded, in the task's bucket, unless the target holds a newer or the same object ({@link RestoreDecision});
 * its bytes are checked against the copy's record on their way ({@link RestoreCheck}, {@link RestoreUpload}).
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

    /** A restore task's failure says restore, not the copy's action its task is decoded with. */
    @Override
    public String describe(final ObjectEvent task) {
        return task.describe("restore");
    }

    @Override
    public CopyOutcome apply(final ObjectEvent task, final Supplier<BlobContainerClient> containerOfJob,
                             final InvocationTime time) {
        final BlobContainerClient container = containerOfJob.get();
        final RestoreSource source = RestoreSource.of(container, task.key(), options.asOf(), time.deadline());
        final SourceRecord copied = source.record().orElseThrow(() -> CopyFailure.permanent(String.format("Blob '%s' "
            + "(%s) was not written by the copy service: it has no record of an S3 object to restore.",
            Texts.bounded(source.name()), source.description()), null));
        final RestoreDecision decision = RestoreDecision.decide(copied, BlobMetadata.checksums(source.metadata()),
            RestoreDecision.head(s3, task.bucket(), task.key()), options.overwriteNewer());
        switch (decision.action()) {
            case SKIP_NEWER -> {
                return new CopyOutcome(CopyOutcome.Result.STALE, 0, "skip-newer: " + decision.reason(), null);
            }
            case SKIP_IDENTICAL -> {
                return new CopyOutcome(CopyOutcome.Result.ALREADY_COPIED, 0, "skip-identical: " + decision.reason(),
                    null);
            }
            default -> {
            }
        }
        final RestoreCheck check = new RestoreCheck(source.contentMd5(), source.metadata());
        final long bytes;
        try {
            bytes = new RestoreUpload(s3, parts, partSize).write(container, source, task.bucket(), task.key(),
                decision, check, time.deadline());
        } catch (final RestoreUpload.ReadFailure e) {
            throw RestoreFailures.readingBlob(e.getCause(), container, source.name());
        } catch (final RuntimeException e) {
            throw RestoreFailures.readingBlob(e, container, source.name());
        }
        return new CopyOutcome(CopyOutcome.Result.COPIED, bytes, String.format("restored %s of s3://%s/%s (%s), "
            + "%,d bytes, %s", source.description(), copied.bucket(), Texts.bounded(copied.key()),
            copied.versionId() == null ? "ETag " + copied.eTag() : "S3 version " + copied.versionId(), bytes,
            check.record()), check.record());
    }
}
