package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.backup.SourceRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class RestoreDecisionTest {

    private static final Instant COPIED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final SourceRecord COPIED = new SourceRecord("source", "key", "v1", "abc", null, COPIED_AT);

    private static Optional<RestoreDecision.Target> target(final String eTag, final Instant lastModified) {
        return Optional.of(RestoreDecision.Target.of(HeadObjectResponse.builder().eTag("\"" + eTag + "\"")
            .lastModified(lastModified).build()));
    }

    @Test
    void anAbsentObjectIsRestoredOnlyIfStillAbsent() {
        final RestoreDecision decision = RestoreDecision.decide(COPIED, Map.of(), Optional.empty(), false);
        assertThat(decision.action()).isEqualTo(RestoreDecision.Action.RESTORE);
        assertThat(decision.targetETag()).isNull();
    }

    @Test
    void theSameETagOrCrc64IsIdentical() {
        assertThat(RestoreDecision.decide(COPIED, Map.of(), target("abc", COPIED_AT.plusSeconds(60)), true).action())
            .isEqualTo(RestoreDecision.Action.SKIP_IDENTICAL);
        assertThat(RestoreDecision.decide(COPIED, Map.of("crc64nvme", "CRC="), Optional.of(RestoreDecision.Target.of(
            HeadObjectResponse.builder().eTag("\"other-2\"").checksumCRC64NVME("CRC=").lastModified(COPIED_AT).build())),
            true).action())
            .isEqualTo(RestoreDecision.Action.SKIP_IDENTICAL);
    }

    @Test
    void aNewerObjectOrOneOfTheSameSecondIsKeptUnlessAskedAndAnOlderOneIsReplacedIfUnchanged() {
        assertThat(RestoreDecision.decide(COPIED, Map.of(), target("new", COPIED_AT.plusSeconds(1)), false).action())
            .isEqualTo(RestoreDecision.Action.SKIP_NEWER);
        assertThat(RestoreDecision.decide(COPIED, Map.of(), target("new", COPIED_AT), false).action())
            .isEqualTo(RestoreDecision.Action.SKIP_NEWER);
        final RestoreDecision asked = RestoreDecision.decide(COPIED, Map.of(), target("new", COPIED_AT.plusSeconds(1)),
            true);
        assertThat(asked.action()).isEqualTo(RestoreDecision.Action.RESTORE);
        assertThat(asked.targetETag()).isEqualTo("new");
        final RestoreDecision older = RestoreDecision.decide(COPIED, Map.of(), target("old", COPIED_AT.minusSeconds(5)),
            false);
        assertThat(older.action()).isEqualTo(RestoreDecision.Action.RESTORE);
        assertThat(older.targetETag()).isEqualTo("old");
    }
}
