package io.cfnazure.backup.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.backup.IntegrityCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counts, bytes and (up to a limit per class) names of one audit, built as the listings go by, and its JSON form,
 * which the function writes to S3 ({@code README.md}, Audit, lists the fields).
 */
final class AuditReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One class's count and bytes, and its first findings. */
    private static final class Tally {
        long count;
        long bytes;
        final List<Finding> listed = new ArrayList<>();
    }

    private final Instant auditedAt;
    private final int listLimit;
    private final Map<Finding.Kind, Tally> tallies = new EnumMap<>(Finding.Kind.class);
    private long unverifiedCopies;
    private long blobs;
    private long blobBytes;
    private long blobListRequests;
    private Instant oldestBehind;
    private SourceListing.Totals source;
    private Backfill.Result backfill;
    private ReadBack.Result readBack;

    AuditReport(final Instant auditedAt, final int listLimit) {
        this.auditedAt = auditedAt;
        this.listLimit = listLimit;
        for (final Finding.Kind kind : Finding.Kind.values()) {
            tallies.put(kind, new Tally());
        }
    }

    void add(final Finding finding) {
        final Tally tally = tallies.get(finding.kind());
        tally.count++;
        tally.bytes += finding.size();
        if (finding.kind() != Finding.Kind.IN_SYNC && tally.listed.size() < listLimit) {
            tally.listed.add(finding);
        }
        if (unverified(finding)) {
            unverifiedCopies++;
        }
        if (finding.behind() && finding.lastModified() != null
            && (oldestBehind == null || finding.lastModified().isBefore(oldestBehind))) {
            oldestBehind = finding.lastModified();
        }
    }

    /** An in-sync finding the read-back found corrupt. */
    void replace(final Finding inSync, final Finding corrupt) {
        final Tally tally = tallies.get(Finding.Kind.IN_SYNC);
        tally.count--;
        tally.bytes -= inSync.size();
        if (unverified(inSync)) {
            unverifiedCopies--;
        }
        add(corrupt);
    }

    private static boolean unverified(final Finding finding) {
        return finding.kind() == Finding.Kind.IN_SYNC && finding.detail() != null
            && finding.detail().startsWith(IntegrityCheck.UNVERIFIED);
    }

    void container(final long blobCount, final long bytes, final long listRequests) {
        this.blobs = blobCount;
        this.blobBytes = bytes;
        this.blobListRequests = listRequests;
    }

    void source(final SourceListing.Totals totals) {
        this.source = totals;
    }

    void backfill(final Backfill.Result result) {
        this.backfill = result;
    }

    void readBack(final ReadBack.Result result) {
        this.readBack = result;
    }

    /** What the read-back read; null when it is switched off. */
    ReadBack.Result readBack() {
        return readBack;
    }

    long count(final Finding.Kind kind) {
        return tallies.get(kind).count;
    }

    long bytes(final Finding.Kind kind) {
        return tallies.get(kind).bytes;
    }

    List<Finding> listed(final Finding.Kind kind) {
        return List.copyOf(tallies.get(kind).listed);
    }

    long unverifiedCopies() {
        return unverifiedCopies;
    }

    /** Missing and stale objects: what the copy has not caught up with. */
    long objectsBehind() {
        return count(Finding.Kind.MISSING) + count(Finding.Kind.STALE);
    }

    long bytesBehind() {
        return bytes(Finding.Kind.MISSING) + bytes(Finding.Kind.STALE);
    }

    /** How long the oldest missing or stale object has waited for its copy; zero when none is behind. */
    Duration oldestBehindAge() {
        return oldestBehind == null || oldestBehind.isAfter(auditedAt) ? Duration.ZERO
            : Duration.between(oldestBehind, auditedAt);
    }

    boolean clean() {
        return objectsBehind() == 0 && count(Finding.Kind.CORRUPT) == 0 && count(Finding.Kind.EXTRA) == 0;
    }

    ObjectNode toJson(final AuditSettings settings, final String reportLocation) {
        final ObjectNode report = JSON.createObjectNode()
            .put("auditedAt", auditedAt.toString())
            .put("bucket", settings.bucket())
            .put("prefix", settings.prefix())
            .put("suffix", settings.suffix())
            .put("container", settings.container().containerUrl())
            .put("report", reportLocation)
            .put("clean", clean());
        final ObjectNode sourceNode = report.putObject("source")
            .put("versioned", source.versioned())
            .put("currentObjects", count(Finding.Kind.IN_SYNC) + count(Finding.Kind.MISSING)
                + count(Finding.Kind.STALE) + count(Finding.Kind.CORRUPT))
            .put("currentBytes", bytes(Finding.Kind.IN_SYNC) + bytes(Finding.Kind.MISSING)
                + bytes(Finding.Kind.STALE) + bytes(Finding.Kind.CORRUPT))
            .put("listRequests", source.listRequests());
        if (source.versioned()) {
            sourceNode.put("noncurrentVersions", source.noncurrentVersions())
                .put("noncurrentBytes", source.noncurrentBytes())
                .put("deleteMarkers", source.deleteMarkers());
        }
        report.putObject("containerBlobs")
            .put("blobs", blobs)
            .put("bytes", blobBytes)
            .put("listRequests", blobListRequests);
        report.putObject("behind")
            .put("objects", objectsBehind())
            .put("bytes", bytesBehind())
            .put("oldestLastModified", oldestBehind == null ? null : oldestBehind.toString())
            .put("oldestAgeSeconds", oldestBehindAge().toSeconds());
        report.putObject("inSync")
            .put("count", count(Finding.Kind.IN_SYNC))
            .put("bytes", bytes(Finding.Kind.IN_SYNC))
            .put("unverifiedCopies", unverifiedCopies);
        for (final Finding.Kind kind : List.of(Finding.Kind.MISSING, Finding.Kind.STALE, Finding.Kind.CORRUPT,
            Finding.Kind.EXTRA)) {
            final Tally tally = tallies.get(kind);
            final ObjectNode node = report.putObject(kind.name().toLowerCase(Locale.ROOT))
                .put("count", tally.count)
                .put("bytes", tally.bytes)
                .put("listed", tally.listed.size());
            final ArrayNode objects = node.putArray("objects");
            tally.listed.forEach(finding -> objects.addObject()
                .put("key", finding.key())
                .put("versionId", finding.versionId())
                .put("size", finding.size())
                .put("lastModified", finding.lastModified() == null ? null : finding.lastModified().toString())
                .put("detail", finding.detail()));
        }
        if (readBack != null) {
            report.putObject("readBack")
                .put("objects", readBack.objects())
                .put("bytes", readBack.bytes())
                .put("corrupt", readBack.corrupt())
                .put("leftForLaterRuns", readBack.leftForLaterRuns())
                .put("from", ReadBack.hex(readBack.from()))
                .put("nextFrom", ReadBack.hex(readBack.nextFrom()))
                .put("failure", readBack.failure());
        }
        if (backfill != null) {
            report.putObject("backfill")
                .put("queue", settings.backfillQueueUrl())
                .put("enqueued", backfill.enqueued())
                .put("failed", backfill.failed())
                .put("leftForNextRun", backfill.leftForNextRun())
                .put("failure", backfill.failure());
        }
        return report;
    }
}
