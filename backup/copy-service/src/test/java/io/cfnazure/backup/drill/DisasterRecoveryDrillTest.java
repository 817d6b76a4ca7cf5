package io.cfnazure.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The drill of {@code ./drill}, as CI runs it: the damage reported, restored as of before it (the object whose damage
 * reached the copy only from its previous blob version), clean, the original bytes everywhere, nothing left.
 */
@UsesLocalCloud
class DisasterRecoveryDrillTest {

    @Test
    void theDamageIsReportedRestoredAsOfBeforeItAndTheAuditIsCleanWithTheOriginalBytes() {
        // What the drill prints is also in the test's output, for the CI log.
        final ByteArrayOutputStream printed = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(final byte[] bytes, final int offset, final int length) {
                super.write(bytes, offset, length);
                System.out.write(bytes, offset, length);
            }
        };
        final DisasterRecoveryDrill.Outcome outcome = new DisasterRecoveryDrill(BackupTestBed.shared(),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        final JsonNode damage = outcome.damageReport();
        assertThat(damage.path("clean").asBoolean()).isFalse();
        assertThat(damage.at("/stale/objects").findValuesAsText("key")).containsExactlyInAnyOrder(
            "photos/été/plage+soleil.jpg", "contracts/acme.docx");
        assertThat(damage.at("/extra/objects").findValuesAsText("key")).containsExactlyInAnyOrder(
            "finance/invoices/INV-0001.pdf", "photos/team.png");
        // The overwrite the copy followed: in sync with the damage, restored from the blob version before it.
        assertThat(damage.at("/inSync/count").asLong()).isEqualTo(2);
        assertThat(outcome.restoreStatus()).as(outcome.restoreOutput()).isZero();
        assertThat(outcome.restoreOutput()).contains("Restored 5");
        final JsonNode clean = outcome.cleanReport();
        assertThat(clean.path("clean").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.at("/inSync/count").asLong()).isEqualTo(6);
        assertThat(outcome.sameBytes()).hasSize(6).doesNotContainValue(false);
        assertThat(outcome.nothingLeft()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CLEAN: 6 in sync");
    }
}
