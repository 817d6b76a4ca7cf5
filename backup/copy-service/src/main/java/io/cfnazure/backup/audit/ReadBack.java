package io.cfnazure.backup.audit;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.backup.CopiedBytesCheck;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.Texts;
import io.cfnazure.backup.restore.RestoreSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The audit's read-back: the bytes of a bounded sample of the in-sync blobs, checked against what the copy recorded
 * ({@link CopiedBytesCheck}: the blob's Content-MD5 and every full-object S3 checksum in its record). The sample is a
 * rotation over the whole container: blobs are ordered by a hash of their name, each run reads on from where the last
 * one stopped ({@code from}, which the report keeps as {@code readBack.nextFrom}) up to {@code maxBytes} and
 * {@code maxObjects}, and starts again from the first at the end. Every blob present for a whole lap is read once in
 * it; the hash spreads each run's sample over the container's prefixes. The blobs are read in ranges of
 * {@value #RANGE} bytes, as the restore reads them, and the run stops before the deadline; what it did not read is
 * left for the next run.
 */
final class ReadBack {

    /** Bytes per Get Blob: the restore's ranges. */
    static final int RANGE = 8 * 1024 * 1024;
    /** The position where a lap starts. */
    static final long FIRST = 0;
    /** What is kept of the deadline for the report (two S3 puts) after the read-back stops. */
    static final Duration REPORT_TIME = Duration.ofSeconds(20);

    /** What one run read: the report's {@code readBack}. {@code failure} is why it stopped early, null when it did not. */
    record Result(long objects, long bytes, long corrupt, long leftForLaterRuns, long from, long nextFrom,
                  String failure) {
    }

    /** A blob's place in the rotation: the hash of its name, then (for the rare equal hashes) its name. */
    record Position(long hash, String name) {
        static final Comparator<Position> ORDER = Comparator.comparing(Position::hash, Long::compareUnsigned)
            .thenComparing(Position::name);
    }

    private final long maxBytes;
    private final long maxObjects;
    private final long from;
    private final MessageDigest sha256 = CopiedBytesCheck.digest("SHA-256");
    private final TreeMap<Position, Finding> sample = new TreeMap<>(Position.ORDER);
    private long sampleBytes;
    private long inThisLap;
    private Position firstLeft;

    /**
     * @param maxBytes   VERIFY_SAMPLE_BYTES: the run stops after the blob that reaches it
     * @param maxObjects VERIFY_SAMPLE_OBJECTS
     * @param from       the rotation's position where this run starts
     */
    ReadBack(final long maxBytes, final long maxObjects, final long from) {
        this.maxBytes = maxBytes;
        this.maxObjects = maxObjects;
        this.from = from;
    }

    /** The rotation's position of a blob name: the first 8 bytes of the SHA-256 of its UTF-8 form. */
    long position(final String name) {
        return ByteBuffer.wrap(sha256.digest(name.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /**
     * An in-sync object, as the listing reaches it: kept when it is among the first of the rotation from {@code from}
     * that the bounds admit (a blob is admitted while the sample before it is under {@code maxBytes}, so one blob
     * larger than the bound is still read in its turn).
     */
    void offer(final Finding inSync) {
        final Position position = new Position(position(inSync.key()), inSync.key());
        if (Long.compareUnsigned(position.hash(), from) < 0) {
            return;
        }
        inThisLap++;
        sample.put(position, inSync);
        sampleBytes += inSync.size();
        while (sample.size() > maxObjects
            || sample.size() > 1 && sampleBytes - sample.lastEntry().getValue().size() >= maxBytes) {
            final Map.Entry<Position, Finding> last = sample.pollLastEntry();
            sampleBytes -= last.getValue().size();
            if (firstLeft == null || Position.ORDER.compare(last.getKey(), firstLeft) < 0) {
                firstLeft = last.getKey();
            }
        }
    }

    /**
     * Reads the sample in the rotation's order until it is done, the deadline is {@link #REPORT_TIME} away, or Azure
     * fails a read (the next run starts again at that blob). A blob whose bytes are not what the copy recorded is a
     * corrupt finding, given to {@code corrupt} with the in-sync one it replaces.
     */
    Result run(final BlobContainerClient container, final Deadline deadline,
               final BiConsumer<Finding, Finding> corrupt) {
        long objects = 0;
        long bytes = 0;
        long corruptCount = 0;
        String failure = null;
        Position stoppedAt = null;
        for (final Map.Entry<Position, Finding> entry : sample.entrySet()) {
            if (deadline.remaining().compareTo(REPORT_TIME) <= 0) {
                stoppedAt = entry.getKey();
                break;
            }
            final Finding finding = entry.getValue();
            final Optional<String> mismatch;
            try {
                mismatch = check(container, finding.key(), deadline);
            } catch (final OutOfTime e) {
                if (objects > 0) {
                    stoppedAt = entry.getKey();
                    break;
                }
                // The run's first blob did not fit what the run had: the next run would stop at it again.
                failure = String.format("Blob '%s' (%,d bytes) could not be read back in the time a run has after "
                    + "its listings; the rotation goes on past it and reads it in the next lap.",
                    Texts.bounded(finding.key()), finding.size());
                stoppedAt = sample.higherKey(entry.getKey());
                break;
            } catch (final IOException | RuntimeException e) {
                failure = failure(finding.key(), e);
                stoppedAt = entry.getKey();
                break;
            }
            objects++;
            bytes += finding.size();
            mismatch.ifPresent(what -> corrupt.accept(finding, new Finding(Finding.Kind.CORRUPT, finding.key(),
                finding.versionId(), finding.size(), finding.lastModified(), "read back: its bytes do not match "
                + what)));
            if (mismatch.isPresent()) {
                corruptCount++;
            }
        }
        final Position next = stoppedAt != null ? stoppedAt : firstLeft;
        return new Result(objects, bytes, corruptCount, inThisLap - objects, from, next == null ? FIRST : next.hash(),
            failure);
    }

    /** The blob's bytes against its record, one range at a time: what they do not match, if anything. */
    private static Optional<String> check(final BlobContainerClient container, final String name,
                                          final Deadline deadline) throws IOException {
        final RestoreSource.Read read = RestoreSource.read(container, name, null, null, RANGE, deadline);
        final RestoreSource source = read.source();
        final CopiedBytesCheck check = new CopiedBytesCheck(source.contentMd5(), source.metadata());
        check.update(read.first(), 0, read.first().length);
        final byte[] range = source.size() > read.first().length ? new byte[RANGE] : null;
        for (long offset = read.first().length; ; ) {
            if (deadline.remaining().compareTo(REPORT_TIME) <= 0) {
                throw new OutOfTime();
            }
            if (offset >= source.size()) {
                break;
            }
            final int length = (int) Math.min(RANGE, source.size() - offset);
            final int arrived = source.readRange(container, offset, range, length, deadline);
            if (arrived < length) {
                throw new IOException(String.format("Azure ended the blob early: %,d of %,d bytes of a range arrived",
                    arrived, length));
            }
            check.update(range, 0, arrived);
            offset += arrived;
        }
        return check.mismatch(check.md5());
    }

    /** Why a read stopped the run, for the report: Azure's status, or what broke; never the request. */
    private static String failure(final String name, final Exception error) {
        final BlobStorageException storage = Causes.find(error, BlobStorageException.class);
        final String why = storage != null ? "Azure answered " + SafeText.words(storage.getStatusCode(),
            storage.getErrorCode()) : error instanceof CopyFailure ? error.getMessage()
            : Causes.root(error).getClass().getSimpleName();
        return String.format("Reading back blob '%s' failed (%s); the next run starts again with it.",
            Texts.bounded(name), why);
    }

    /**
     * The deadline came while a blob was read: it is read again, whole, by the next run; unless it was the run's first
     * blob, which is passed over so that one blob too large for a run cannot stop the rotation.
     */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    /** The rotation's position as the report writes it. */
    static String hex(final long position) {
        return HexFormat.of().toHexDigits(position);
    }

    /** The report's {@code nextFrom}; the first position for none, or one this function did not write. */
    static long parse(final String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{16}")) {
            return FIRST;
        }
        return HexFormat.fromHexDigitsToLong(hex);
    }
}
