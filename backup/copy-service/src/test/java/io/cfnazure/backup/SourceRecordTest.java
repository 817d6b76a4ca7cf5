package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.backup.SourceRecord.Order;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceRecordTest {

    private static final Instant T = Instant.parse("2026-12-01T05:00:00Z");

    private static SourceRecord record(final String eTag, final String sequencer, final Instant lastModified) {
        return new SourceRecord("bucket", "key", null, eTag, sequencer, lastModified);
    }

    @Test
    void sequencersOfDifferentLengthsCompareAsLeftPaddedHex() {
        assertThat(SourceRecord.compareSequencers("0055AED6DCD90281E5", "55AED6DCD90281E5")).isZero();
        assertThat(SourceRecord.compareSequencers("0055AED6DCD90281E6", "55AED6DCD90281E5")).isPositive();
        assertThat(SourceRecord.compareSequencers("FF", "0100")).isNegative();
        assertThat(SourceRecord.compareSequencers("a", "A")).isZero();
    }

    @Test
    void sequencersDecideWhenBothCopiesHaveOne() {
        assertThat(record("e2", "0B", T.minusSeconds(60)).comparedTo(record("e1", "0A", T))).isEqualTo(Order.NEWER);
        assertThat(record("e1", "0A", T).comparedTo(record("e1", "0A", T))).isEqualTo(Order.SAME);
        assertThat(record("e0", "09", T.plusSeconds(60)).comparedTo(record("e1", "0A", T))).isEqualTo(Order.OLDER);
    }

    @Test
    void withoutSequencersLastModifiedDecidesThenTheVersionsIdentity() {
        assertThat(record("e2", null, T.plusSeconds(1)).comparedTo(record("e1", "0A", T))).isEqualTo(Order.NEWER);
        assertThat(record("e0", null, T.minusSeconds(1)).comparedTo(record("e1", "0A", T))).isEqualTo(Order.OLDER);
        assertThat(record("e1", "0B", T).comparedTo(record("e1", null, T))).isEqualTo(Order.SAME);
        // Two writes in the same second: Last-Modified cannot tell which came later.
        assertThat(record("e2", null, T).comparedTo(record("e1", null, T))).isEqualTo(Order.SAME_SECOND);
    }

    @Test
    void theRecordSurvivesBlobMetadataWithAnyKey() {
        final SourceRecord record = new SourceRecord("source-bucket", "photos/été 2026/€+£ #1?.jpg", "3HL4kqtJlcpXroDTDmJ",
            "9b2cf535f27731c974343645a3985328", "0055AED6DCD90281E5", T);
        assertThat(record.toMetadata().values()).allSatisfy(value -> assertThat(value).matches("[ -~]*"));
        assertThat(record.toMetadata()).containsEntry(SourceRecord.KEY, "photos/%C3%A9t%C3%A9%202026/%E2%82%AC%2B%C2%A3%20%231%3F.jpg");
        assertThat(SourceRecord.fromMetadata(record.toMetadata())).contains(record);
    }

    @Test
    void aBlobNotWrittenByTheServiceHasNoRecord() {
        assertThat(SourceRecord.fromMetadata(java.util.Map.of("owner", "someone"))).isEmpty();
    }
}
