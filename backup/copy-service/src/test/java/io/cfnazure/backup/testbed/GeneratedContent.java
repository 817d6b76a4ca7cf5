package io.cfnazure.backup.testbed;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Bytes of any length made on the fly, so that a test can upload and check a GiB-sized object without holding it, at
 * the speed of a memory copy (a benchmark's floor must not be the generator): a random pattern from the seed, repeated.
 * The pattern's length is no multiple of a block size, so blocks committed in the wrong order change the hash. With
 * {@code hashed}, {@link #sha256} hashes the bytes as they pass.
 */
public final class GeneratedContent extends InputStream {

    /** 8 MiB and a prime number of bytes. */
    private static final int PATTERN_LENGTH = 8 * 1024 * 1024 + 4099;

    private final byte[] pattern = new byte[PATTERN_LENGTH];
    private final MessageDigest sha256;
    private long remaining;
    private int position;

    public GeneratedContent(final long seed, final long length, final boolean hashed) {
        new Random(seed).nextBytes(pattern);
        this.remaining = length;
        try {
            this.sha256 = hashed ? MessageDigest.getInstance("SHA-256") : null;
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
        final int n = (int) Math.min(Math.min(length, remaining), PATTERN_LENGTH - position);
        System.arraycopy(pattern, position, buffer, offset, n);
        position = (position + n) % PATTERN_LENGTH;
        if (sha256 != null) {
            sha256.update(buffer, offset, n);
        }
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
