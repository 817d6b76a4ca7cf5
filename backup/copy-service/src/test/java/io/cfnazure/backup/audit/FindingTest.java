package io.cfnazure.backup.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.backup.SourceRecord;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How one object and the blob at its key are classified: the rules the report and the backfill rest on. */
class FindingTest {

    private static final String BUCKET = "photos";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";

    private static SourceObject object(final String versionId, final String eTag, final Instant lastModified) {
        return SourceObject.of("a/b c.jpg", versionId, "\"" + eTag + "\"", 100L, lastModified);
    }

    private static CopiedBlob copy(final String versionId, final String eTag, final Instant lastModified,
                                   final long size, final String md5Hex, final String integrity) {
        return new CopiedBlob("a/b c.jpg", size, md5Hex, Optional.of(new SourceRecord(BUCKET, "a/b c.jpg", versionId,
            eTag, null, lastModified)), integrity);
    }

    @Test
    void anObjectWithoutABlobIsMissing() {
        assertThat(Finding.classify(BUCKET, object(null, MD5, T), null).kind()).isEqualTo(Finding.Kind.MISSING);
    }

    @Test
    void aBlobWithoutTheCopysRecordOrOfAnotherBucketDoesNotCount() {
        final CopiedBlob foreign = new CopiedBlob("a/b c.jpg", 100, MD5, Optional.empty(), null);
        assertThat(Finding.classify(BUCKET, object(null, MD5, T), foreign).kind()).isEqualTo(Finding.Kind.MISSING);
        final CopiedBlob otherBucket = new CopiedBlob("a/b c.jpg", 100, MD5, Optional.of(new SourceRecord("other",
            "a/b c.jpg", null, MD5, null, T)), "verified:md5");
        assertThat(Finding.classify(BUCKET, object(null, MD5, T), otherBucket).kind())
            .isEqualTo(Finding.Kind.MISSING);
    }

    @Test
    void theSameVersionWithItsSizeAndMd5IsInSync() {
        final Finding finding = Finding.classify(BUCKET, object(null, MD5, T),
            copy(null, MD5, T, 100, MD5, "verified:md5"));
        assertThat(finding.kind()).isEqualTo(Finding.Kind.IN_SYNC);
        assertThat(finding.behind()).isFalse();
    }

    @Test
    void aListingLastModifiedWithMillisecondsMatchesTheCopysWholeSeconds() {
        assertThat(Finding.classify(BUCKET, object(null, MD5, T.plusMillis(420)),
            copy(null, MD5, T, 100, MD5, "verified:md5")).kind()).isEqualTo(Finding.Kind.IN_SYNC);
    }

    @Test
    void anOlderCopiedVersionIsStaleAndBehind() {
        final Finding finding = Finding.classify(BUCKET, object(null, "0cc175b9c0f1b6a831c399e269772661",
            T.plusSeconds(60)), copy(null, MD5, T, 100, MD5, "verified:md5"));
        assertThat(finding.kind()).isEqualTo(Finding.Kind.STALE);
        assertThat(finding.behind()).isTrue();
        assertThat(finding.detail()).contains(MD5);
    }

    @Test
    void anotherVersionOfTheSameSecondIsStale() {
        assertThat(Finding.classify(BUCKET, object("v2", MD5, T), copy("v1", MD5, T, 100, MD5, "verified:md5"))
            .kind()).isEqualTo(Finding.Kind.STALE);
    }

    @Test
    void aCopyNewerThanTheListingIsInSync() {
        assertThat(Finding.classify(BUCKET, object(null, MD5, T), copy(null, "x", T.plusSeconds(5), 7, null,
            "verified:md5")).kind()).isEqualTo(Finding.Kind.IN_SYNC);
    }

    @Test
    void theRecordedVersionWithOtherBytesIsCorrupt() {
        assertThat(Finding.classify(BUCKET, object("v1", MD5, T), copy("v1", MD5, T, 99, MD5, "verified:md5"))
            .detail()).isEqualTo("the blob has 99 bytes, the object 100");
        final Finding md5 = Finding.classify(BUCKET, object("v1", MD5, T),
            copy("v1", MD5, T, 100, "0cc175b9c0f1b6a831c399e269772661", "verified:md5"));
        assertThat(md5.kind()).isEqualTo(Finding.Kind.CORRUPT);
        assertThat(md5.behind()).isFalse();
    }

    @Test
    void anSseKmsETagIsNoMd5AndAMultipartETagIsNotComparedWithTheBlobsMd5() {
        assertThat(Finding.classify(BUCKET, object(null, MD5, T),
            copy(null, MD5, T, 100, "0cc175b9c0f1b6a831c399e269772661", "unverified:sse-kms")).kind())
            .isEqualTo(Finding.Kind.IN_SYNC);
        final String multipart = MD5 + "-3";
        assertThat(Finding.classify(BUCKET, object(null, multipart, T),
            copy(null, multipart, T, 100, "0cc175b9c0f1b6a831c399e269772661", "verified:multipart-md5")).kind())
            .isEqualTo(Finding.Kind.IN_SYNC);
    }
}
