package io.cfnazure.blobstorage.container.leakscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The run's last test class (junit-platform.properties orders classes by {@link Order}): no token the local cloud
 * issued and no secret it knows ({@link LocalCloud#secretsAndTokens()}: JWTs whole and their payload and signature
 * alone, client secrets, caller keys) appears in any handler log line or answer of the run's tests, or in anything the
 * JVM printed meanwhile ({@link RunRecording}). Run alone, it has nothing to scan, and fails.
 */
@UsesLocalCloud
@Order(Integer.MAX_VALUE)
class LeakScanTest {

    private static final String REDACTED = "<LEAKED>";

    @Test
    void noTokenOrSecretAppearsInAnyLogLineAnswerOrPrintedLineOfTheRun(final LocalCloud cloud) {
        final Map<String, List<String>> recorded = new LinkedHashMap<>();
        recorded.put("handler log line", RunRecording.logLines());
        recorded.put("answer", RunRecording.answers());
        recorded.put("printed line", RunRecording.printedLines());
        recorded.forEach((kind, texts) -> assertThat(texts).as("%ss of the run to scan", kind).isNotEmpty());
        assertThat(cloud.entraId().issuedAccessTokens()).as("Entra ID tokens issued in the run, to look for")
            .isNotEmpty();
        final List<String> secrets = cloud.secretsAndTokens();

        final List<String> leaks = new ArrayList<>();
        recorded.forEach((kind, texts) -> texts.stream()
            .filter(text -> secrets.stream().anyMatch(text::contains))
            .forEach(text -> leaks.add(kind + ": " + redacted(text, secrets))));

        final String scanned = String.format("%s scanned for %d tokens and secrets", recorded.entrySet().stream()
            .map(entry -> entry.getValue().size() + " " + entry.getKey() + "s").toList(), secrets.size());
        assertThat(leaks).as("texts with a token or a secret (%s)", scanned).isEmpty();
        System.out.println("Leak scan: " + scanned);
    }

    private static String redacted(final String text, final List<String> secrets) {
        String redacted = text;
        for (final String secret : secrets) {
            redacted = redacted.replace(secret, REDACTED);
        }
        return redacted;
    }
}
