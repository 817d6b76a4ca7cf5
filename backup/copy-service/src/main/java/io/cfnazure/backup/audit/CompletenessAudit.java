package io.cfnazure.backup.audit;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.cfnazure.access.calls.Deadline;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One comparison of the source bucket with the container: the container's blobs are listed first (name, size,
 * Content-MD5 and the copy's record: a few hundred bytes each), then the bucket's current objects stream past them
 * page by page, each one classified against the blob at its key ({@link Finding#classify}); the blobs no object
 * claimed are extra. Missing and stale objects go to the {@link Backfill} when there is one; then a sample of the
 * in-sync blobs is read back ({@link ReadBack}).
 */
final class CompletenessAudit {

    /** Azure's largest List Blobs page. */
    private static final int BLOBS_PER_PAGE = 5000;

    private final S3Client s3;
    private final AuditSettings settings;
    private final Clock clock;

    CompletenessAudit(final S3Client s3, final AuditSettings settings, final Clock clock) {
        this.s3 = s3;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param backfill where missing and stale objects are sent; null to only report them
     * @param readBack the sample of in-sync blobs whose bytes are read back, after the backfill; null for none
     * @param deadline the read-back's, which stops in time for the report
     * @throws AuditFailure when a listing fails
     */
    AuditReport run(final BlobContainerClient container, final Backfill backfill, final ReadBack readBack,
                    final Deadline deadline) {
        final AuditReport report = new AuditReport(clock.instant(), settings.reportListLimit());
        final Map<String, CopiedBlob> blobs = blobs(container, report);
        final Map<String, CopiedBlob> deletedInSource = new HashMap<>();
        report.source(new SourceListing(s3, settings).list(object -> {
            final Finding finding = Finding.classify(settings.bucket(), object, blobs.remove(object.key()));
            report.add(finding);
            if (backfill != null && finding.behind()) {
                backfill.add(object);
            }
            if (readBack != null && finding.kind() == Finding.Kind.IN_SYNC) {
                readBack.offer(finding);
            }
        }, deletedKey -> {
            final CopiedBlob blob = blobs.remove(deletedKey);
            if (blob != null) {
                deletedInSource.put(deletedKey, blob);
            }
        }));
        deletedInSource.values().forEach(blob -> report.add(Finding.extra(blob, "deleted in S3: its current "
            + "version is a delete marker")));
        blobs.values().forEach(blob -> report.add(Finding.extra(blob, blob.record().isPresent()
            ? "no object with this key in the bucket" : "no object with this key in the bucket, and the blob is "
            + "not the copy service's (no s3src_ record)")));
        if (backfill != null) {
            report.backfill(backfill.finish());
        }
        if (readBack != null) {
            report.readBack(readBack.run(container, deadline, report::replace));
        }
        return report;
    }

    private Map<String, CopiedBlob> blobs(final BlobContainerClient container, final AuditReport report) {
        final Map<String, CopiedBlob> blobs = new HashMap<>();
        long pages = 0;
        long bytes = 0;
        try {
            for (final var page : container.listBlobs(new ListBlobsOptions()
                .setPrefix(settings.prefix())
                .setMaxResultsPerPage(BLOBS_PER_PAGE)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true)), null).iterableByPage()) {
                pages++;
                for (final var item : page.getValue()) {
                    if (settings.copies(item.getName())) {
                        final CopiedBlob blob = CopiedBlob.of(item);
                        blobs.put(blob.name(), blob);
                        bytes += blob.size();
                    }
                }
            }
        } catch (final RuntimeException e) {
            throw AuditFailure.azure(e, settings.container().containerUrl());
        }
        report.container(blobs.size(), bytes, pages);
        return blobs;
    }
}
