package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * CRC-64/NVME against the catalogue's check value and against AWS's own implementation: the expected values were
 * computed with the npm package {@code @aws-sdk/crc64-nvme} 3.972.51 (what the AWS SDK for JavaScript sends to S3).
 */
class Crc64NvmeTest {

    private static String crc(final byte[] bytes, final int... splits) {
        final Crc64Nvme crc = new Crc64Nvme();
        int at = 0;
        for (final int split : splits) {
            crc.update(bytes, at, split - at);
            at = split;
        }
        crc.update(bytes, at, bytes.length - at);
        return crc.base64();
    }

    @Test
    void theChecksumsAreThoseOfAwsOwnImplementation() {
        // 0xAE8B14860A799888, the catalogue's check value of CRC-64/NVME.
        assertThat(crc("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("rosUhgp5mIg=");
        assertThat(crc(new byte[0])).isEqualTo("AAAAAAAAAAA=");
        final byte[] pattern = new byte[1_000_003];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        assertThat(crc(pattern)).isEqualTo("39ZIfqyfCT4=");
        assertThat(crc(pattern, 1, 65_536, 999_999)).as("in pieces").isEqualTo("39ZIfqyfCT4=");
    }
}
