package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The restore against S3Mock and Azurite (through the local cloud's Entra ID and Secrets Manager stand-ins): objects
 * copied by the copy function, then restored by the command, which runs its manifest through the restore function as
 * Batch Operations would; and the restore's faults, each leaving nothing half-written in S3.
 */
@UsesLocalCloud
class RestoreEndToEndTest {

    static final int MIB = 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    static BackupTestBed bed;
    static String source;
    static String work;
    String containerName;
    BlobContainerClient container;
    String target;

    @BeforeAll
    static void startTestBed() {
        bed = BackupTestBed.shared();
        source = "restore-source-" + UUID.randomUUID().toString().substring(0, 8);
        work = "restore-work-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(source));
        bed.s3().createBucket(b -> b.bucket(work));
    }

    @BeforeEach
    void createContainerAndTarget() {
        containerName = "restore-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
        target = "restore-target-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(target));
    }

    @AfterEach
    void deleteContainer() {
        bed.faults().faults().clear();
        bed.s3Proxy().heal();
        container.delete();
    }

    static byte[] bytes(final int size, final long seed) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Puts the object into the source bucket and copies it into the container with the copy function. */
    void copied(final String key, final byte[] content, final String contentType, final Map<String, String> metadata) {
        bed.s3().putObject(b -> b.bucket(source).key(key).contentType(contentType).metadata(metadata)
            .cacheControl("max-age=60"), RequestBody.fromBytes(content));
        final List<CopyFunction.ItemResult> results = CopyFunction.create(
                bed.functionEnvironment(containerName, false, null), Clock.systemUTC())
            .handle("test", List.of(new CopyFunction.Item("copy", () -> List.of(new ObjectEvent(
                ObjectEvent.Action.COPY, source, key, null, null, null, null, "test")))),
                LambdaRuntime.context(TIMEOUT));
        assertThat(results.get(0).succeeded()).as("copy of %s", key).isTrue();
    }

    /** The command with the function's environment; its output. */
    Command command(final String... args) {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final int status = new RestoreCommand(bed.functionEnvironment(containerName, false, null),
            new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(args);
        return new Command(status, output.toString(StandardCharsets.UTF_8));
    }

    record Command(int status, String output) {
    }

    /** One task of the restore function, as Batch Operations sends it (schema 2.0). */
    JsonNode restoreTask(final String key, final Map<String, String> userArguments) throws Exception {
        final String event = JSON.writeValueAsString(Map.of(
            "invocationSchemaVersion", "2.0", "invocationId", "inv-" + UUID.randomUUID(),
            "job", Map.of("id", "job-1", "userArguments", userArguments),
            "tasks", List.of(Map.of("taskId", "t-1", "s3Key", RestorePlan.encodedKey(key), "s3Bucket", target))));
        final RestoreHandler handler = new RestoreHandler(CopyFunction.create(
            bed.functionEnvironment(containerName, false, null), Clock.systemUTC()), Map.of());
        return JSON.readTree(LambdaRuntime.invoke(handler, event, TIMEOUT)).at("/results/0");
    }

    ResponseBytes<GetObjectResponse> restored(final String key) {
        return bed.s3().getObjectAsBytes(b -> b.bucket(target).key(key));
    }

    boolean exists(final String key) {
        return !bed.s3().listObjectsV2(b -> b.bucket(target).prefix(key)).contents().isEmpty();
    }

    int multipartUploadsInTarget() {
        return bed.s3().listMultipartUploads(b -> b.bucket(target)).uploads().size();
    }

    @Test
    void theCommandRestoresAPrefixWithItsKeysHeadersAndMetadataAndLeavesNewerAndIdenticalObjects() throws Exception {
        final byte[] small = bytes(3000, 1);
        final byte[] large = bytes(13 * MIB + 77, 2);
        final byte[] newer = bytes(100, 3);
        final byte[] same = bytes(200, 4);
        copied("docs/a report.txt", small, "text/plain", Map.of("owner", "ops", "x.original-name", "kept"));
        copied("docs/größer+1.bin", large, "application/octet-stream", Map.of());
        copied("docs/newer.txt", bytes(150, 5), "text/plain", Map.of());
        copied("docs/same.txt", same, "text/plain", Map.of());
        copied("other/outside.txt", bytes(10, 6), "text/plain", Map.of());
        bed.s3().putObject(b -> b.bucket(target).key("docs/newer.txt"), RequestBody.fromBytes(newer));
        bed.s3().putObject(b -> b.bucket(target).key("docs/same.txt").contentType("text/plain"),
            RequestBody.fromBytes(same));

        final Command dryRun = command("--bucket", target, "--prefix", "docs/", "--dry-run");
        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.output()).containsPattern("restore +docs/a report.txt")
            .containsPattern("restore +docs/größer\\+1.bin").containsPattern("skip-newer +docs/newer.txt")
            .containsPattern("skip-identical +docs/same.txt").doesNotContain("outside");
        assertThat(exists("docs/a report.txt")).as("the dry run writes nothing").isFalse();
        assertThat(bed.s3().listObjectsV2(b -> b.bucket(work)).contents()).isEmpty();

        final Command run = command("--bucket", target, "--prefix", "docs/", "--work", "s3://" + work + "/run-1",
            "--run-here");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("Restored 2, skipped 1 newer and 1 identical, 0 failed");

        final ResponseBytes<GetObjectResponse> smallBack = restored("docs/a report.txt");
        assertThat(sha256(smallBack.asByteArray())).isEqualTo(sha256(small));
        assertThat(smallBack.response().contentType()).isEqualTo("text/plain");
        assertThat(smallBack.response().cacheControl()).isEqualTo("max-age=60");
        assertThat(smallBack.response().metadata()).containsExactlyInAnyOrderEntriesOf(
            Map.of("owner", "ops", "x.original-name", "kept"));
        assertThat(sha256(restored("docs/größer+1.bin").asByteArray())).isEqualTo(sha256(large));
        assertThat(restored("docs/newer.txt").asByteArray()).isEqualTo(newer);
        assertThat(exists("other/outside.txt")).isFalse();

        final String manifest = bed.s3().getObjectAsBytes(b -> b.bucket(work).key("run-1/manifest.csv")).asUtf8String();
        assertThat(manifest).contains(target + ",docs/a%20report.txt", target + ",docs/gr%C3%B6%C3%9Fer%2B1.bin");
        final JsonNode report = JSON.readTree(bed.s3().getObjectAsBytes(b -> b.bucket(work).key("run-1/report.json"))
            .asUtf8String());
        assertThat(report.get("tasks").asInt()).isEqualTo(4);
        assertThat(report.get("restored").asInt()).isEqualTo(2);
        assertThat(report.get("skippedNewer").asInt()).isEqualTo(1);
        assertThat(report.get("skippedIdentical").asInt()).isEqualTo(1);
        assertThat(report.get("bytes").asLong()).isEqualTo(small.length + large.length);
        assertThat(report.get("failures")).isEmpty();
    }

    @Test
    void overwriteNewerReplacesANewerObjectAndTheResultSaysWhichCopyWasRestored() throws Exception {
        final byte[] original = bytes(4000, 7);
        copied("asked/over.txt", original, "text/plain", Map.of());
        bed.s3().putObject(b -> b.bucket(target).key("asked/over.txt"), RequestBody.fromBytes(bytes(10, 8)));

        final JsonNode kept = restoreTask("asked/over.txt", Map.of());
        assertThat(kept.get("resultCode").asText()).isEqualTo("Succeeded");
        assertThat(kept.get("resultString").asText()).startsWith("skip-newer");

        final JsonNode replaced = restoreTask("asked/over.txt", Map.of("overwriteNewer", "true",
            "asOf", Instant.now().toString()));
        assertThat(replaced.get("resultCode").asText()).isEqualTo("Succeeded");
        // Azurite keeps no blob versions: the current copy is restored, and the result says so.
        assertThat(replaced.get("resultString").asText())
            .contains("current copy, account keeps no versions").contains("verified:md5");
        assertThat(restored("asked/over.txt").asByteArray()).isEqualTo(original);
        final HeadObjectResponse head = bed.s3().headObject(b -> b.bucket(target).key("asked/over.txt"));
        assertThat(head.contentType()).isEqualTo("text/plain");
    }
}
