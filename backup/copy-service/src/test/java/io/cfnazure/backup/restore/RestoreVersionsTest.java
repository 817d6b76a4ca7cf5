package io.cfnazure.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.Texts;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The restore as of a point in time, in an account that keeps blob versions (the local cloud's emulation of Azure's
 * versions, in front of Azurite): the copy of an object overwritten in S3 ("ransomware") makes a new blob version;
 * the restore as of before the damage brings back the earlier version's bytes and says which version it restored.
 */
@UsesLocalCloud
class RestoreVersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BackupTestBed bed;
    private static String source;
    private String containerName;
    private BlobContainerClient container;
    private String target;

    @BeforeAll
    static void startTestBed() {
        bed = BackupTestBed.shared();
        source = "versions-source-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(source));
    }

    @BeforeEach
    void createContainerAndTarget() {
        containerName = "versions-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createVersionedContainer(containerName);
        target = "versions-target-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(target));
    }

    @AfterEach
    void deleteContainer() {
        container.delete();
    }

    private Map<String, String> environment() {
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironment(containerName, false, null));
        environment.put("CONTAINER_URL", "https://" + BackupTestBed.VERSIONED_ACCOUNT + ".blob.core.windows.net/"
            + containerName);
        return environment;
    }

    private void copied(final String key, final byte[] content) {
        bed.s3().putObject(b -> b.bucket(source).key(key).contentType("text/plain"), RequestBody.fromBytes(content));
        final List<CopyFunction.ItemResult> results = CopyFunction.create(environment(), Clock.systemUTC())
            .handle("test", List.of(new CopyFunction.Item("copy", () -> List.of(new ObjectEvent(
                ObjectEvent.Action.COPY, source, key, null, null, null, null, "test")))),
                LambdaRuntime.context(RestoreEndToEndTest.TIMEOUT));
        assertThat(results.get(0).succeeded()).isTrue();
    }

    private JsonNode restoreTask(final String key, final Map<String, String> userArguments) throws Exception {
        final String event = JSON.writeValueAsString(Map.of(
            "invocationSchemaVersion", "2.0", "invocationId", "inv-" + UUID.randomUUID(),
            "job", Map.of("id", "job-v", "userArguments", userArguments),
            "tasks", List.of(Map.of("taskId", "t-1", "s3Key", Texts.percentEncoded(key), "s3Bucket", target))));
        final RestoreHandler handler = new RestoreHandler(CopyFunction.create(environment(), Clock.systemUTC()),
            Map.of());
        return JSON.readTree(LambdaRuntime.invoke(handler, event, RestoreEndToEndTest.TIMEOUT)).at("/results/0");
    }

    @Test
    void asOfBeforeTheDamageTheEarlierVersionIsRestoredAndNamed() throws Exception {
        final String key = "ledger/2026.csv";
        final byte[] good = RestoreEndToEndTest.bytes(4000, 31);
        final byte[] encrypted = RestoreEndToEndTest.bytes(4000, 32);
        copied(key, good);
        Thread.sleep(1100);
        final Instant beforeTheDamage = Instant.now();
        Thread.sleep(1100);
        copied(key, encrypted);
        final List<BlobItem> versions = RestoreSource.list(container, key, true, null);
        assertThat(versions).hasSize(2);
        final String goodVersion = versions.stream().filter(item -> !Boolean.TRUE.equals(item.isCurrentVersion()))
            .findFirst().orElseThrow().getVersionId();

        final JsonNode restored = restoreTask(key, Map.of("asOf", beforeTheDamage.toString()));

        assertThat(restored.get("resultCode").asText()).as(restored.toString()).isEqualTo("Succeeded");
        assertThat(restored.get("resultString").asText()).contains("version " + goodVersion, "verified:md5");
        assertThat(bed.s3().getObjectAsBytes(b -> b.bucket(target).key(key)).asByteArray()).isEqualTo(good);

        final JsonNode tooEarly = restoreTask("ledger/2026.csv", Map.of("asOf", "2020-01-01T00:00:00Z"));
        assertThat(tooEarly.get("resultCode").asText()).isEqualTo("PermanentFailure");
        assertThat(tooEarly.get("resultString").asText()).contains("no version written at or before", goodVersion);
    }

    @Test
    void theDryRunPlansEachKeyAsOfTheTimeFromOneListingOfVersions() throws Exception {
        copied("plan/a.txt", RestoreEndToEndTest.bytes(100, 33));
        Thread.sleep(1100);
        final Instant between = Instant.now();
        Thread.sleep(1100);
        copied("plan/b.txt", RestoreEndToEndTest.bytes(100, 34));
        copied("plan/a.txt", RestoreEndToEndTest.bytes(100, 35));

        final RestorePlan plan = RestorePlan.of(container, "plan/", between);

        assertThat(plan.entries()).extracting(RestorePlan.Entry::name).containsExactly("plan/a.txt", "plan/b.txt");
        assertThat(plan.entries().get(0).source().description()).startsWith("version ").doesNotContain("current");
        assertThat(plan.entries().get(1).source()).as("b did not exist yet").isNull();
        final String versionOfA = plan.entries().get(0).source().versionId();
        assertThat(plan.manifest(target, Map.of())).as("a key the target lacks, with the version chosen")
            .isEqualTo(target + "," + Texts.percentEncoded("{\"blob\":\"plan/a.txt\",\"version\":\"" + versionOfA
                + "\",\"targetEmpty\":true}") + "\n");
        assertThat(plan.manifest(target, Map.of("plan/a.txt", new RestoreDecision.Target("etag", Instant.now(), null)))).as("a key the target holds")
            .isEqualTo(target + "," + Texts.percentEncoded("{\"blob\":\"plan/a.txt\",\"version\":\"" + versionOfA
                + "\"}") + "\n");
    }
}
