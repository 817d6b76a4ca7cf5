package io.cfnazure.backup.testbed;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Pseudo-random bytes of any length made on the fly from a seed, so that a test can upload and check a GiB-sized
 * object without holding it: the same seed always gives the same bytes, and {@link #sha256} hashes them as they pass.
 */
public final class GeneratedContent extends InputStream {

    private final SplittableRandom random;
    private final MessageDigest sha256;
    private long remaining;
    private long word;
    private int wordBytesLeft;

    public GeneratedContent(final long seed, final long length) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() {
        final byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) {
        if (remaining == 0) {
            return -1;
        }
        final int n = (int) Math.min(length, remaining);
        for (int i = 0; i < n; i++) {
            if (wordBytesLeft == 0) {
                word = random.nextLong();
                wordBytesLeft = 8;
            }
            buffer[offset + i] = (byte) word;
            word >>>= 8;
            wordBytesLeft--;
        }
        sha256.update(buffer, offset, n);
        remaining -= n;
        return n;
    }

    /** The SHA-256 of the bytes read so far (of all of them once the stream is at its end). */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (final CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
