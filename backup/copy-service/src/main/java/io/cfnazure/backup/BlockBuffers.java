package io.cfnazure.backup;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory all copies of this process may hold at once for blocks on their way to Azure. A block is read into a
 * buffer, uploaded, and its buffer returned: with at most {@code budgetBytes} handed out, the heap a copy needs does
 * not grow with the size of the object nor with the number of objects copied in parallel. Buffers of the usual block
 * size are kept for reuse, so a large copy does not churn the old generation with multi-MiB arrays.
 */
final class BlockBuffers {

    private static final int KIB = 1024;

    private final int blockSize;
    private final int budgetKib;
    private final Semaphore permitsKib;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

    BlockBuffers(final int blockSize, final long budgetBytes) {
        this.blockSize = blockSize;
        // At least two blocks, so one can be read while the other uploads.
        this.budgetKib = (int) Math.max(2L * kib(blockSize), budgetBytes / KIB);
        this.permitsKib = new Semaphore(budgetKib, true);
    }

    /** A quarter of the heap, within 64 to 256 MiB: the rest is for the SDKs, the JIT and the other invocation's state. */
    static long defaultBudget() {
        return Math.max(64L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    int blockSize() {
        return blockSize;
    }

    long budgetBytes() {
        return (long) budgetKib * KIB;
    }

    /**
     * A buffer of at least {@code size} bytes, waiting up to {@code waitMillis} for others to be returned.
     *
     * @return null when none became free in time
     */
    byte[] take(final int size, final long waitMillis) throws InterruptedException {
        final int kib = Math.min(kib(size), budgetKib);
        if (!permitsKib.tryAcquire(kib, waitMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        if (size == blockSize) {
            final byte[] reused = free.poll();
            if (reused != null) {
                return reused;
            }
        }
        try {
            return new byte[size];
        } catch (final OutOfMemoryError e) {
            permitsKib.release(kib);
            throw e;
        }
    }

    void give(final byte[] buffer) {
        if (buffer.length == blockSize) {
            free.offer(buffer);
        }
        permitsKib.release(Math.min(kib(buffer.length), budgetKib));
    }

    private static int kib(final long bytes) {
        return (int) Math.max(1, (bytes + KIB - 1) / KIB);
    }
}
