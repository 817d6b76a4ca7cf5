package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RestoreCommandTest {

    @Test
    void theCreateJobCommandNamesTheManifestTheFunctionTheRoleAndTheJobsArguments() throws Exception {
        final RestoreCommand.Arguments arguments = RestoreCommand.Arguments.parse(new String[] {
            "--bucket", "target", "--as-of", "2026-12-06T14:00:00Z", "--overwrite-newer",
            "--work", "s3://reports/restore/job-1/", "--function-arn", "arn:aws:lambda:eu-central-1:1:function:r",
            "--role-arn", "arn:aws:iam::1:role/batch", "--account-id", "111122223333"});
        assertThat(arguments.workBucket()).isEqualTo("reports");
        assertThat(arguments.workKey("manifest.csv")).isEqualTo("restore/job-1/manifest.csv");
        assertThat(arguments.asOf()).isEqualTo(Instant.parse("2026-12-06T14:00:00Z"));

        final String command = RestoreCommand.createJob(arguments, "restore/job-1/manifest.csv", "\"abc123\"");

        assertThat(command).contains("aws s3control create-job --account-id 111122223333",
            "--role-arn arn:aws:iam::1:role/batch");
        final ObjectMapper json = new ObjectMapper();
        final JsonNode operation = json.readTree(quoted(command, "--operation"));
        assertThat(operation.at("/LambdaInvoke/FunctionArn").asText()).isEqualTo("arn:aws:lambda:eu-central-1:1:function:r");
        assertThat(operation.at("/LambdaInvoke/InvocationSchemaVersion").asText()).isEqualTo("2.0");
        assertThat(operation.at("/LambdaInvoke/UserArguments")).isEqualTo(json.readTree(
            "{\"overwriteNewer\":\"true\",\"plannedTasks\":\"true\",\"asOf\":\"2026-12-06T14:00:00Z\"}"));
        final JsonNode manifest = json.readTree(quoted(command, "--manifest"));
        assertThat(manifest.at("/Location/ObjectArn").asText()).isEqualTo("arn:aws:s3:::reports/restore/job-1/manifest.csv");
        assertThat(manifest.at("/Location/ETag").asText()).isEqualTo("abc123");
        assertThat(json.readTree(quoted(command, "--report")).at("/Prefix").asText()).isEqualTo("restore/job-1/report");
    }

    @Test
    void aWrongCommandLineSaysWhatIsMissingAndExitsWith2() {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final int status = new RestoreCommand(Map.of(), new PrintStream(output, true, StandardCharsets.UTF_8),
            Clock.systemUTC()).run(new String[] {"--bucket", "target"});
        assertThat(status).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("--work s3://BUCKET/PREFIX unless --dry-run",
            "Usage: restore --bucket");
        output.reset();
        assertThat(new RestoreCommand(Map.of(), new PrintStream(output, true, StandardCharsets.UTF_8),
            Clock.systemUTC()).run(new String[] {"--bucket", "t", "--dry-run", "--as-of", "monday"})).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("--as-of 'monday' is not an instant");
    }

    private static String quoted(final String command, final String option) {
        final Matcher value = Pattern.compile(Pattern.quote(option) + " '([^']*)'").matcher(command);
        assertThat(value.find()).as(option).isTrue();
        return value.group(1);
    }
}
