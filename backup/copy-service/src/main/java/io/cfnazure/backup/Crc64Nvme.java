package io.cfnazure.backup;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * CRC-64/NVME, the checksum S3 keeps for every object uploaded without one of its own since 2025: polynomial
 * 0xAD93D23594C93659, reflected, initial value and final XOR all ones; S3 sends its 8 bytes big-endian, in base64.
 * Written here because the AWS SDK's implementation is the AWS CRT's native library (its Java class only loads it),
 * which this function does not ship, and java.util.zip has no CRC-64; tests hold it to AWS's own JavaScript
 * implementation and to the catalogue's check value.
 */
public final class Crc64Nvme {

    /** The polynomial, bits reversed for the reflected (least significant bit first) computation. */
    private static final long REFLECTED_POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? crc >>> 1 ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = -1L;

    public void update(final byte[] bytes, final int offset, final int length) {
        long value = crc;
        for (int i = offset; i < offset + length; i++) {
            value = TABLE[(int) (value ^ bytes[i]) & 0xFF] ^ value >>> 8;
        }
        crc = value;
    }

    /** The checksum of the bytes so far, as S3 writes it: 8 bytes, big-endian, in base64. */
    public String base64() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(~crc).array());
    }
}
