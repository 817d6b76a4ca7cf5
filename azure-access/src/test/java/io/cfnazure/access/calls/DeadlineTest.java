package io.cfnazure.access.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final Clock start = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void keepsAMarginOfTheFunctionsTimeForTheWrapper() {
        assertThat(Deadline.forInvocation(start, Duration.ofSeconds(60), null).remaining())
            .isEqualTo(Duration.ofSeconds(54));
        // At least 2 s, however short the function's time.
        assertThat(Deadline.forInvocation(start, Duration.ofSeconds(8), null).remaining())
            .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void readAndListStayInsideTheContractsThirtySecondsWhateverTheFunctionHas() {
        assertThat(Deadline.forInvocation(start, Duration.ofSeconds(900), Deadline.READ_AND_LIST_LIMIT).remaining())
            .isEqualTo(Duration.ofSeconds(27));
        assertThat(Deadline.forInvocation(start, Duration.ofSeconds(10), Deadline.READ_AND_LIST_LIMIT).remaining())
            .isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aFunctionWithNoTimeLeftHasAPassedDeadline() {
        final Deadline deadline = Deadline.forInvocation(start, Duration.ofMillis(1500), null);

        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.hasPassed()).isTrue();
    }
}
