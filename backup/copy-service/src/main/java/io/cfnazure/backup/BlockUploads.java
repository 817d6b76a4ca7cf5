package io.cfnazure.backup;

import io.cfnazure.access.calls.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * One large object's bytes on their way from one cloud to the other in blocks (the copy's staged blocks, the
 * restore's S3 parts): each block is read on the caller's thread, in order, so the checks that need the bytes in
 * order see them so, and uploaded beside it while the next is read (where each block's bytes can be fetched on their
 * own, as the restore's ranges, its upload may fetch them instead). Memory is bounded twice: at most
 * {@code maxInFlight} blocks of one object upload at once, so an object holds at most {@code maxInFlight + 1} blocks
 * (with 8 MiB blocks and 6 in flight, 56 MiB) however large it is; and every buffer comes from the process-wide
 * {@link BlockBuffers}, so all objects of the process together hold no more than its budget.
 */
public final class BlockUploads {

    /** Reads the object's next {@code length} bytes, from {@code offset}, into the start of {@code buffer}. */
    @FunctionalInterface
    public interface Reader {
        void read(byte[] buffer, int length, long offset);
    }

    /**
     * Uploads one block (numbered from 0; its bytes are {@code buffer[0, length)}, not to be kept after the call),
     * its failure translated next to the call, and returns what committing the object needs of it.
     */
    @FunctionalInterface
    public interface Uploader<T> {
        T upload(int index, byte[] buffer, int length);
    }

    private final BlockBuffers buffers;
    /** The process's threads for requests beside an object's own thread. */
    private final ExecutorService requests;
    private final int maxInFlight;

    BlockUploads(final BlockBuffers buffers, final ExecutorService requests, final int maxInFlight) {
        this.buffers = buffers;
        this.requests = requests;
        this.maxInFlight = maxInFlight;
    }

    /** With buffers of its own (tests of the units that use it). */
    public BlockUploads(final int blockSize, final long budgetBytes, final ExecutorService requests,
                        final int maxInFlight) {
        this(new BlockBuffers(blockSize, budgetBytes), requests, maxInFlight);
    }

    /**
     * Reads and uploads every block of an object of {@code size} bytes; stops reading at the first failed upload.
     * Returns or throws only after every upload it started has ended, so no upload outlives it (an abort or a retry
     * after it meets no part still arriving) and every buffer is back.
     *
     * @param outOfTime the failure when no upload slot or buffer became free before the deadline, given the bytes read
     * @return each upload's answer, in block order
     * @throws RuntimeException the reader's failure, else the first failed upload's, else {@code outOfTime}'s
     */
    public <T> List<T> upload(final long size, final int blockSize, final Deadline deadline,
                              final LongFunction<? extends RuntimeException> outOfTime, final Reader reader,
                              final Uploader<T> uploader) {
        final List<Future<T>> uploads = new ArrayList<>();
        final AtomicReference<Throwable> uploadFailure = new AtomicReference<>();
        final Semaphore inFlight = new Semaphore(maxInFlight);
        long read = 0;
        try {
            while (read < size && uploadFailure.get() == null) {
                final int length = (int) Math.min(blockSize, size - read);
                final byte[] buffer = slotAndBuffer(inFlight, blockSize, deadline, outOfTime, read);
                try {
                    reader.read(buffer, length, read);
                } catch (final RuntimeException | Error e) {
                    buffers.give(buffer);
                    inFlight.release();
                    throw e;
                }
                final int index = uploads.size();
                uploads.add(requests.submit(() -> {
                    try {
                        return uploader.upload(index, buffer, length);
                    } catch (final RuntimeException | Error e) {
                        uploadFailure.compareAndSet(null, e);
                        throw e;
                    } finally {
                        buffers.give(buffer);
                        inFlight.release();
                    }
                }));
                read += length;
            }
        } finally {
            awaitAll(uploads);
        }
        final Throwable failure = uploadFailure.get();
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        final List<T> answers = new ArrayList<>();
        uploads.forEach(upload -> answers.add(answer(upload)));
        return answers;
    }

    /** A slot among the blocks in flight, then a buffer, each waited for until the deadline at most. */
    private byte[] slotAndBuffer(final Semaphore inFlight, final int blockSize, final Deadline deadline,
                                 final LongFunction<? extends RuntimeException> outOfTime, final long read) {
        try {
            if (!inFlight.tryAcquire(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                throw outOfTime.apply(read);
            }
            final byte[] buffer = deadline.hasPassed() ? null
                : buffers.take(blockSize, deadline.remaining().toMillis());
            if (buffer == null) {
                inFlight.release();
                throw outOfTime.apply(read);
            }
            return buffer;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outOfTime.apply(read);
        }
    }

    /** Waits for every upload, so that none outlives the object's copy and every buffer is back. */
    private static void awaitAll(final List<? extends Future<?>> uploads) {
        boolean interrupted = false;
        for (final Future<?> upload : uploads) {
            while (true) {
                try {
                    upload.get();
                    break;
                } catch (final InterruptedException e) {
                    interrupted = true;
                } catch (final ExecutionException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer of an upload that ended without failure. */
    private static <T> T answer(final Future<T> upload) {
        try {
            return upload.get();
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Every upload ended and none failed", e);
        }
    }
}
