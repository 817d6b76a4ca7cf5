package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BlobMetadataTest {

    private static final SourceRecord SOURCE = new SourceRecord("bucket", "key", null, "etag", null,
        Instant.parse("2026-12-01T05:00:00Z"));

    @Test
    void s3NamesBecomeCSharpIdentifiers() {
        assertThat(BlobMetadata.azureName("content-owner")).isEqualTo("content_owner");
        assertThat(BlobMetadata.azureName("Project.Code")).isEqualTo("project_code");
        assertThat(BlobMetadata.azureName("2fa")).isEqualTo("_2fa");
        assertThat(BlobMetadata.azureName("already_fine")).isEqualTo("already_fine");
    }

    @Test
    void renamedAndCollidingNamesAreRecordedSoNothingIsLost() {
        final Map<String, String> metadata = BlobMetadata.of(
            Map.of("a-b", "dash", "a_b", "underscore", "s3src-bucket", "user's own", "plain", "kept"),
            SOURCE, Map.of("sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="), "Wed, 21 Oct 2026 07:28:00 GMT",
            "verified:sha256");
        assertThat(metadata)
            .containsEntry("plain", "kept")
            .containsEntry("a_b", "underscore")
            .containsEntry("_a_b", "dash")
            .containsEntry("_s3src_bucket", "user's own")
            .containsEntry(SourceRecord.BUCKET, "bucket")
            .containsEntry("s3src_checksum_sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")
            .containsEntry("s3src_expires", "Wed, 21 Oct 2026 07:28:00 GMT")
            .containsEntry("s3src_integrity", "verified:sha256");
        final Map<String, String> originals = Arrays.stream(metadata.get(BlobMetadata.ORIGINAL_NAMES).split("&"))
            .map(pair -> pair.split("=", 2))
            .collect(Collectors.toMap(p -> decode(p[0]), p -> decode(p[1])));
        assertThat(originals).isEqualTo(Map.of("_a_b", "a-b", "_s3src_bucket", "s3src-bucket"));
        assertThat(metadata.keySet()).allSatisfy(name -> assertThat(name).matches("[a-z_][a-z0-9_]*"));
    }

    @Test
    void aRestoreGetsBackTheUserMetadataUnderItsS3NamesAndTheRecordedChecksums() {
        final Map<String, String> user = Map.of("a-b", "dash", "a_b", "underscore", "s3src-bucket", "user's own",
            "plain", "kept");
        final Map<String, String> metadata = BlobMetadata.of(user, SOURCE, Map.of("crc64nvme", "AAAAAAAAAAA="),
            "Wed, 21 Oct 2026 07:28:00 GMT", "verified:crc64nvme");

        assertThat(BlobMetadata.userMetadata(metadata)).isEqualTo(user);
        assertThat(BlobMetadata.checksums(metadata)).isEqualTo(Map.of("crc64nvme", "AAAAAAAAAAA="));
        assertThat(BlobMetadata.entry(metadata, BlobMetadata.EXPIRES)).isEqualTo("Wed, 21 Oct 2026 07:28:00 GMT");
    }

    @Test
    void metadataOverAzuresLimitFailsPermanently() {
        assertThatThrownBy(() -> BlobMetadata.of(Map.of("big", "x".repeat(8200)), SOURCE, Map.of(), null,
            "verified:md5"))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse())
            .hasMessageContaining("Azure allows 8192");
    }

    private static String decode(final String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
