package io.cfnazure.backup.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.DownloadRetryOptions;
import io.cfnazure.access.calls.Deadline;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

/**
 * The read-back's sample: a rotation that reads every in-sync blob once per lap within the bounds of each run, and a
 * blob whose bytes are not its record's reported corrupt. Azure is mocked at the container client: each Get Blob
 * answers the blob's bytes, Content-MD5 and metadata.
 */
class ReadBackTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    /** The container's blobs: name to bytes; each one's Content-MD5 is that of its bytes unless {@link #damaged}. */
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final Set<String> damaged = new HashSet<>();
    private final List<String> read = new ArrayList<>();
    /** How long each Get Blob takes. */
    private Duration getBlobTime = Duration.ZERO;
    private final BlobContainerClient container = mock(BlobContainerClient.class);

    ReadBackTest() {
        when(container.getBlobContainerName()).thenReturn("backup");
        when(container.getBlobClient(anyString())).thenAnswer(invocation -> blob(invocation.getArgument(0)));
    }

    private BlobClient blob(final String name) throws Exception {
        final byte[] bytes = blobs.get(name);
        final byte[] md5 = MessageDigest.getInstance("MD5").digest(damaged.contains(name)
            ? "other bytes".getBytes(StandardCharsets.UTF_8) : bytes);
        final BlobClient blob = mock(BlobClient.class);
        final BlobDownloadResponse response = mock(BlobDownloadResponse.class);
        when(response.getDeserializedHeaders()).thenReturn(new BlobDownloadHeaders()
            .setContentLength((long) bytes.length).setETag("\"0x1\"").setBlobContentMD5(md5).setMetadata(Map.of()));
        when(blob.downloadStreamWithResponse(any(OutputStream.class), any(BlobRange.class),
            ArgumentMatchers.<DownloadRetryOptions>any(), ArgumentMatchers.<BlobRequestConditions>any(), anyBoolean(),
            any(Duration.class), any(Context.class))).thenAnswer(invocation -> {
                read.add(name);
                Thread.sleep(getBlobTime.toMillis());
                invocation.getArgument(0, OutputStream.class).write(bytes);
                return response;
            });
        return blob;
    }

    private List<Finding> container(final int count, final int maxSize) {
        final Random random = new Random(7);
        final List<Finding> inSync = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String name = "photos/" + i + ".jpg";
            final byte[] bytes = new byte[1 + random.nextInt(maxSize)];
            random.nextBytes(bytes);
            blobs.put(name, bytes);
            inSync.add(new Finding(Finding.Kind.IN_SYNC, name, null, bytes.length, T, "verified:md5"));
        }
        return inSync;
    }

    private ReadBack.Result run(final List<Finding> inSync, final long maxBytes, final long maxObjects,
                                final long from, final Duration timeLeft, final Map<String, String> corrupt) {
        final ReadBack readBack = new ReadBack(maxBytes, maxObjects, from);
        inSync.forEach(readBack::offer);
        return readBack.run(container, Deadline.in(Clock.systemUTC(), timeLeft),
            (was, now) -> corrupt.put(now.key(), now.detail()));
    }

    @Test
    void eachLapReadsEveryBlobOnceInAboutTheContainersBytesOverTheBoundRuns() {
        final List<Finding> inSync = container(500, 2000);
        final long total = inSync.stream().mapToLong(Finding::size).sum();
        final long bound = 20_000;
        long from = ReadBack.FIRST;
        int runs = 0;
        do {
            final int before = read.size();
            final ReadBack.Result result = run(inSync, bound, 10_000, from, Duration.ofMinutes(5), new HashMap<>());
            runs++;
            final long bytes = read.subList(before, read.size()).stream().mapToLong(name -> blobs.get(name).length)
                .sum();
            assertThat(result.bytes()).isEqualTo(bytes);
            assertThat(bytes).as("run %d", runs).isLessThan(bound + 2000);
            assertThat(result.failure()).isNull();
            from = result.nextFrom();
        } while (from != ReadBack.FIRST && runs < 100);

        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(blobs.keySet());
        assertThat(runs).isBetween((int) (total / bound), (int) (total / bound) + 2);
        // The next lap starts again from the first blob of the rotation.
        run(inSync, bound, 10_000, from, Duration.ofMinutes(5), new HashMap<>());
        assertThat(read.size()).isGreaterThan(blobs.size());
        assertThat(read.get(blobs.size())).isEqualTo(read.get(0));
    }

    @Test
    void eachRunReadsAtMostItsObjectsAndABlobLargerThanTheByteBoundInItsTurn() {
        final List<Finding> inSync = container(20, 5000);
        final ReadBack.Result three = run(inSync, 1L << 30, 3, ReadBack.FIRST, Duration.ofMinutes(5),
            new HashMap<>());
        assertThat(three.objects()).isEqualTo(3);
        assertThat(three.leftForLaterRuns()).isEqualTo(17);
        read.clear();

        final ReadBack.Result one = run(inSync, 1, 10_000, three.nextFrom(), Duration.ofMinutes(5), new HashMap<>());
        assertThat(one.objects()).isEqualTo(1);
        assertThat(read).hasSize(1);
        assertThat(one.bytes()).isEqualTo(blobs.get(read.get(0)).length);
        assertThat(one.leftForLaterRuns()).isEqualTo(16);
        assertThat(one.nextFrom()).isNotEqualTo(three.nextFrom());
    }

    @Test
    void bytesThatDoNotMatchTheRecordedMd5AreCorruptReadBack() {
        final List<Finding> inSync = container(10, 100);
        damaged.add("photos/4.jpg");
        final Map<String, String> corrupt = new HashMap<>();
        final ReadBack.Result result = run(inSync, 1L << 30, 10_000, ReadBack.FIRST, Duration.ofMinutes(5), corrupt);
        assertThat(result.objects()).isEqualTo(10);
        assertThat(result.corrupt()).isEqualTo(1);
        assertThat(corrupt).containsOnlyKeys("photos/4.jpg");
        assertThat(corrupt.get("photos/4.jpg")).isEqualTo("read back: its bytes do not match the blob's Content-MD5");
        assertThat(result.nextFrom()).isEqualTo(ReadBack.FIRST);
    }

    @Test
    void nothingIsReadWhenTheDeadlineLeavesOnlyTheReportsTimeAndTheNextRunStartsThere() {
        final List<Finding> inSync = container(10, 100);
        final ReadBack.Result result = run(inSync, 1L << 30, 10_000, ReadBack.FIRST,
            ReadBack.REPORT_TIME.minusSeconds(1), new HashMap<>());
        assertThat(read).isEmpty();
        assertThat(result.objects()).isZero();
        assertThat(result.leftForLaterRuns()).isEqualTo(10);
        final ReadBack first = new ReadBack(1L << 30, 10_000, ReadBack.FIRST);
        final long firstPosition = blobs.keySet().stream().mapToLong(first::position)
            .reduce((a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b).orElseThrow();
        assertThat(result.nextFrom()).isEqualTo(firstPosition);
    }

    @Test
    void aFirstBlobTheRunCannotReadInTimeIsPassedOverSoThatTheRotationGoesOn() {
        final List<Finding> inSync = container(3, 100);
        getBlobTime = Duration.ofMillis(1500);
        final ReadBack.Result result = run(inSync, 1L << 30, 10_000, ReadBack.FIRST,
            ReadBack.REPORT_TIME.plusSeconds(1), new HashMap<>());
        assertThat(read).hasSize(1);
        assertThat(result.objects()).isZero();
        assertThat(result.failure()).startsWith("Blob '" + read.get(0) + "' (").endsWith("could not be read back in "
            + "the time a run has after its listings; the rotation goes on past it and reads it in the next lap.");
        final ReadBack positions = new ReadBack(1, 1, ReadBack.FIRST);
        final List<Long> order = blobs.keySet().stream().map(positions::position)
            .sorted(Long::compareUnsigned).toList();
        assertThat(positions.position(read.get(0))).isEqualTo(order.get(0));
        assertThat(result.nextFrom()).isEqualTo(order.get(1));
    }
}
