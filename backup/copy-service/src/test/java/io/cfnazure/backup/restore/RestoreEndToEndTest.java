package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.Texts;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.Faults;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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

    /** One task of the restore function, as Batch Operations sends it (schema 2.0), of a manifest of blob names. */
    JsonNode restoreTask(final String key, final Map<String, String> userArguments) throws Exception {
        return invokeRestore(Texts.percentEncoded(key), userArguments);
    }

    /** One task of a manifest the restore command planned: {@code key}, which the target lacked then. */
    JsonNode plannedTaskIntoEmptyTarget(final String key) throws Exception {
        return invokeRestore(new RestoreTask(key, null, true).keyField(), Map.of("plannedTasks", "true"));
    }

    private JsonNode invokeRestore(final String keyField, final Map<String, String> userArguments) throws Exception {
        final String event = JSON.writeValueAsString(Map.of(
            "invocationSchemaVersion", "2.0", "invocationId", "inv-" + UUID.randomUUID(),
            "job", Map.of("id", "job-1", "userArguments", userArguments),
            "tasks", List.of(Map.of("taskId", "t-1", "s3Key", keyField, "s3Bucket", target))));
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

        final int s3Before = bed.s3Proxy().requests().size();
        final Command dryRun = command("--bucket", target, "--prefix", "docs/", "--dry-run");
        assertThat(dryRun.status()).isZero();
        assertThat(bed.s3Proxy().requests().subList(s3Before, bed.s3Proxy().requests().size()))
            .as("the dry run lists the target, one request for these keys, and HEADs none")
            .extracting(Faults.Request::method).containsExactly("GET");
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
        // Each line's key field is the planned task: the blob (the original key), and whether the target lacked it.
        assertThat(manifest.lines().toList()).containsExactlyInAnyOrder(
            target + "," + Texts.percentEncoded("{\"blob\":\"docs/a report.txt\",\"targetEmpty\":true}"),
            target + "," + Texts.percentEncoded("{\"blob\":\"docs/größer+1.bin\",\"targetEmpty\":true}"),
            target + "," + Texts.percentEncoded("{\"blob\":\"docs/newer.txt\"}"),
            target + "," + Texts.percentEncoded("{\"blob\":\"docs/same.txt\"}"));
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

    /** The reads of one blob's bytes (not its listing); the SDK sends the name's '/' as %2F. */
    static Predicate<Faults.Request> readsOf(final String key) {
        return request -> "GET".equals(request.method()) && request.path().endsWith("/" + key.replace("/", "%2F"));
    }

    @Test
    void azureFailingMidReadFailsTheTaskForARetryAndLeavesNoObjectNorUpload() throws Exception {
        final String key = "faults/mid-read.bin";
        final byte[] content = bytes(13 * MIB + 5, 11);
        copied(key, content, "application/octet-stream", Map.of());
        // The first range arrives, then every read fails, more often than Azure's client retries.
        bed.faults().faults().answer(readsOf(key), 1, 1000, AzureFaultProxy.azureError(500, "InternalError",
            "The server encountered an internal error."));

        final JsonNode failed = restoreTask(key, Map.of());
        assertThat(failed.get("resultCode").asText()).isEqualTo("TemporaryFailure");
        // The Azure client's retry of a ranged read ends in its own IllegalStateException ("This publisher has
        // already one subscriber") rather than Azure's 500: either way the read broke off.
        assertThat(failed.get("resultString").asText()).contains(key, "nothing was written to S3",
            "it will be retried");
        assertThat(exists(key)).isFalse();
        assertThat(multipartUploadsInTarget()).as("the multipart upload is aborted").isZero();

        bed.faults().faults().clear();
        assertThat(restoreTask(key, Map.of()).get("resultCode").asText()).isEqualTo("Succeeded");
        assertThat(sha256(restored(key).asByteArray())).isEqualTo(sha256(content));
    }

    @Test
    void s3RefusingAWriteFailsTheTaskWithTheReasonAndLeavesNothingHalfWritten() throws Exception {
        final String denied = "faults/denied.txt";
        final String failing = "faults/parts-failing.bin";
        copied(denied, bytes(2000, 12), "text/plain", Map.of());
        copied(failing, bytes(13 * MIB, 13), "application/octet-stream", Map.of());
        bed.s3Proxy().refuse(request -> "PUT".equals(request.method()) && request.path().endsWith("/" + denied),
            1000, 403, "AccessDenied");

        final JsonNode refused = restoreTask(denied, Map.of());
        assertThat(refused.get("resultCode").asText()).isEqualTo("PermanentFailure");
        assertThat(refused.get("resultString").asText()).contains("may not write", "s3:PutObject");
        assertThat(exists(denied)).isFalse();

        // The first part is stored, then S3 fails every part, more often than the SDK retries.
        bed.s3Proxy().refuse(request -> "PUT".equals(request.method())
            && String.valueOf(request.query()).contains("partNumber=2"), 1000, 500, "InternalError");
        final JsonNode broken = restoreTask(failing, Map.of());
        assertThat(broken.get("resultCode").asText()).isEqualTo("TemporaryFailure");
        assertThat(broken.get("resultString").asText()).contains("throttling or failing");
        assertThat(exists(failing)).isFalse();
        assertThat(multipartUploadsInTarget()).as("the multipart upload is aborted").isZero();
    }

    @Test
    void aBlobChangedDuringTheRestoreFailsTheTaskAndNothingIsWritten() throws Exception {
        final String key = "faults/changed.bin";
        copied(key, bytes(13 * MIB, 14), "application/octet-stream", Map.of());
        final byte[] rewritten = bytes(13 * MIB, 15);
        final AtomicInteger reads = new AtomicInteger();
        // Between the first and the second range, someone writes the blob again (directly, not through the proxy).
        bed.faults().faults().answer(request -> {
            if (readsOf(key).test(request) && reads.incrementAndGet() == 2) {
                container.getBlobClient(key).upload(BinaryData.fromBytes(rewritten), true);
            }
            return false;
        }, 0, Faults.Answer.json(500, "{}"));

        final JsonNode result = restoreTask(key, Map.of());
        assertThat(result.get("resultCode").asText()).isEqualTo("TemporaryFailure");
        assertThat(result.get("resultString").asText()).contains("changed while it was being restored");
        assertThat(exists(key)).isFalse();
        assertThat(multipartUploadsInTarget()).isZero();
    }

    @Test
    void bytesThatDoNotMatchTheCopysRecordAreAFailureAndNotWritten() throws Exception {
        final String key = "faults/tampered.txt";
        final byte[] content = bytes(5000, 16);
        copied(key, content, "text/plain", Map.of());
        final BlobProperties copy = container.getBlobClient(key).getProperties();
        // Other bytes under the copy's record and Content-MD5, as a corrupted or tampered blob would be.
        container.getBlobClient(key).upload(BinaryData.fromBytes(bytes(5000, 17)), true);
        container.getBlobClient(key).setMetadata(copy.getMetadata());
        container.getBlobClient(key).setHttpHeaders(new BlobHttpHeaders().setContentMd5(copy.getContentMd5())
            .setContentType("text/plain"));

        final JsonNode result = restoreTask(key, Map.of());
        assertThat(result.get("resultCode").asText()).isEqualTo("TemporaryFailure");
        assertThat(result.get("resultString").asText()).contains("do not match the blob's Content-MD5");
        assertThat(exists(key)).isFalse();
        final JsonNode planned = plannedTaskIntoEmptyTarget(key);
        assertThat(planned.get("resultString").asText()).as("planned").contains("do not match the blob's Content-MD5");
        assertThat(exists(key)).isFalse();
    }

    @Test
    void anObjectWrittenToTheTargetDuringTheRestoreIsNeverReplaced() throws Exception {
        final String key = "faults/raced.txt";
        copied(key, bytes(3000, 18), "text/plain", Map.of());
        final byte[] theirs = bytes(40, 19);
        // Just before the restore's Put Object, someone else writes the key (directly to S3Mock).
        bed.s3Proxy().refuse(request -> {
            if ("PUT".equals(request.method()) && request.path().endsWith("/" + key)) {
                bed.s3().putObject(b -> b.bucket(target).key(key), RequestBody.fromBytes(theirs));
            }
            return false;
        }, 1, 500, "InternalError");

        final JsonNode result = restoreTask(key, Map.of());
        assertThat(result.get("resultCode").asText()).isEqualTo("TemporaryFailure");
        assertThat(result.get("resultString").asText()).contains("changed while it was being restored");
        assertThat(restored(key).asByteArray()).isEqualTo(theirs);

        bed.s3Proxy().heal();
        assertThat(restoreTask(key, Map.of()).get("resultString").asText()).startsWith("skip-newer");
    }

    @Test
    void eachRestoreMakesTheRequestsTheReadmeCounts() throws Exception {
        copied("costs/small.txt", bytes(3000, 20), "text/plain", Map.of());
        copied("costs/large.bin", bytes(13 * MIB, 21), "application/octet-stream", Map.of());
        copied("costs/kept.txt", bytes(100, 22), "text/plain", Map.of());
        bed.s3().putObject(b -> b.bucket(target).key("costs/kept.txt"), RequestBody.fromBytes(bytes(10, 23)));

        assertThat(requestsOfRestoring("costs/small.txt")).containsExactly(
            "azure GET comp=list", "azure GET blob", "s3 HEAD", "s3 PUT");
        assertThat(requestsOfRestoring("costs/large.bin")).containsExactly(
            "azure GET comp=list", "azure GET blob", "azure GET blob", "s3 HEAD", "s3 POST uploads",
            "s3 PUT part", "s3 PUT part", "s3 POST complete");
        assertThat(requestsOfRestoring("costs/kept.txt")).containsExactly("azure GET comp=list", "s3 HEAD");
    }

    @Test
    void aKeyThePlanFoundAbsentCostsOneGetBlobAndOnePutAsACopyDoes() throws Exception {
        copied("planned/small.txt", bytes(3000, 24), "text/plain", Map.of("owner", "ops"));
        copied("planned/large.bin", bytes(13 * MIB, 25), "application/octet-stream", Map.of());

        assertThat(requestsOf(() -> plannedTaskIntoEmptyTarget("planned/small.txt")))
            .containsExactly("azure GET blob", "s3 PUT");
        assertThat(requestsOf(() -> plannedTaskIntoEmptyTarget("planned/large.bin"))).containsExactly(
            "azure GET blob", "azure GET blob", "s3 POST uploads", "s3 PUT part", "s3 PUT part", "s3 POST complete");
        assertThat(sha256(restored("planned/large.bin").asByteArray())).isEqualTo(sha256(bytes(13 * MIB, 25)));
        // The one Get Blob brings the blob's Content-MD5 (x-ms-blob-content-md5 of a ranged read) for the check.
        copied("planned/checked.txt", bytes(100, 28), "text/plain", Map.of());
        assertThat(plannedTaskIntoEmptyTarget("planned/checked.txt").get("resultString").asText())
            .contains("verified:md5");
        final ResponseBytes<GetObjectResponse> small = restored("planned/small.txt");
        assertThat(small.asByteArray()).isEqualTo(bytes(3000, 24));
        assertThat(small.response().contentType()).isEqualTo("text/plain");
        assertThat(small.response().metadata()).containsExactly(Map.entry("owner", "ops"));
    }

    @Test
    void anEmptyObjectIsRestoredEmptyWhetherPlannedOrNamed() throws Exception {
        copied("empty/planned.txt", new byte[0], "text/plain", Map.of());
        copied("empty/named.txt", new byte[0], "text/plain", Map.of());

        // A range of an empty blob is refused (416, as Azure does): it is read again whole, for its record.
        assertThat(requestsOf(() -> plannedTaskIntoEmptyTarget("empty/planned.txt")))
            .containsExactly("azure GET blob", "azure GET blob", "s3 PUT");
        // Nothing to read: the listing says all there is of an empty blob.
        assertThat(requestsOf(() -> restoreTask("empty/named.txt", Map.of())))
            .containsExactly("azure GET comp=list", "s3 HEAD", "s3 PUT");

        assertThat(restored("empty/planned.txt").asByteArray()).isEmpty();
        assertThat(restored("empty/named.txt").asByteArray()).isEmpty();
        assertThat(restored("empty/named.txt").response().contentType()).isEqualTo("text/plain");
    }

    @Test
    void anObjectWrittenAfterThePlanIsNeverReplacedAndTheKeyIsDecidedAgain() throws Exception {
        final String key = "planned/raced.txt";
        copied(key, bytes(3000, 26), "text/plain", Map.of());
        final byte[] theirs = bytes(40, 27);
        // The plan found no object; someone writes one before the task runs.
        bed.s3().putObject(b -> b.bucket(target).key(key), RequestBody.fromBytes(theirs));

        final JsonNode result = plannedTaskIntoEmptyTarget(key);

        assertThat(result.get("resultCode").asText()).isEqualTo("Succeeded");
        assertThat(result.get("resultString").asText()).startsWith("skip-newer");
        assertThat(restored(key).asByteArray()).isEqualTo(theirs);
    }

    /** The requests one restore task makes of Azure (this container) and S3 (the target), in order per service. */
    private List<String> requestsOfRestoring(final String key) throws Exception {
        return requestsOf(() -> restoreTask(key, Map.of()));
    }

    @FunctionalInterface
    private interface Task {
        JsonNode run() throws Exception;
    }

    private List<String> requestsOf(final Task task) throws Exception {
        final int azureBefore = bed.faults().requests().size();
        final int s3Before = bed.s3Proxy().requests().size();
        final JsonNode result = task.run();
        assertThat(result.get("resultCode").asText()).as(result.toString()).isEqualTo("Succeeded");
        final List<String> azure = bed.faults().requests().subList(azureBefore, bed.faults().requests().size())
            .stream().filter(request -> request.path().contains("/" + containerName))
            .map(request -> "azure " + request.method() + (String.valueOf(request.query()).contains("comp=list")
                ? " comp=list" : " blob"))
            .toList();
        final List<String> s3 = bed.s3Proxy().requests().subList(s3Before, bed.s3Proxy().requests().size())
            .stream().filter(request -> request.path().startsWith("/" + target + "/"))
            .map(request -> "s3 " + request.method() + (request.query() == null ? ""
                : request.query().contains("partNumber") ? " part" : request.query().startsWith("uploads") ? " uploads"
                : request.query().contains("uploadId") ? " complete" : ""))
            .toList();
        return java.util.stream.Stream.concat(azure.stream(), s3.stream()).toList();
    }
}
