package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.LargeObjects;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.S3MockServer;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.Faults;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The function's two entry points against S3Mock and Azurite (through the local cloud's Entra ID and Secrets Manager
 * stand-ins): events delivered as S3 and SQS deliver them, Batch Operations payloads as S3 sends them, and every blob
 * checked for its bytes (SHA-256), properties and metadata.
 */
@UsesLocalCloud
class CopyEndToEndTest {

    static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1024 * 1024;

    static BackupTestBed bed;
    static String bucket;
    private String containerName;
    private BlobContainerClient container;

    @BeforeAll
    static void startTestBed() {
        bed = BackupTestBed.shared();
        bucket = "source-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(bucket));
    }

    @BeforeEach
    void createContainer() {
        containerName = "backup-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
    }

    @AfterEach
    void deleteContainer() {
        // Azurite keeps blobs in memory: give it back.
        container.delete();
    }

    static SqsCopyHandler sqsHandler(final Map<String, String> environment) {
        return new SqsCopyHandler(CopyFunction.create(environment, Clock.systemUTC()));
    }

    static List<String> deliver(final SqsQueue queue, final SqsCopyHandler handler) {
        return queue.deliver(10, event -> LambdaRuntime.invoke(handler, SQSEvent.class, SQSBatchResponse.class, event,
            FUNCTION_TIMEOUT));
    }

    static String put(final String key, final byte[] bytes) {
        return bed.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).eTag();
    }

    static byte[] bytes(final int size, final long seed) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String md5Hex(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    static String sha256(final InputStream in) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String blobSha256(final BlobContainerClient container, final String key) throws Exception {
        try (InputStream in = container.getBlobClient(key).openInputStream()) {
            return sha256(in);
        }
    }

    @Test
    void objectsOfEveryKindArriveIntactWithTheirPropertiesAndMetadata() throws Exception {
        final Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("empty.txt", new byte[0]);
        objects.put("with space/and+plus sign.txt", bytes(1000, 1));
        objects.put("unicode/été/日本語/€ 100.txt", bytes(3000, 2));
        objects.put("deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/leaf.bin", bytes(10, 3));
        objects.put("multi/block.bin", bytes(2 * MIB + 512 * 1024, 4));
        final SqsQueue queue = new SqsQueue(3);
        for (final Map.Entry<String, byte[]> object : objects.entrySet()) {
            queue.send(S3Events.created(bucket, object.getKey(), object.getValue().length,
                put(object.getKey(), object.getValue())));
        }
        final byte[] documented = bytes(1500, 5);
        final String documentedKey = "reports/q4 summary.pdf";
        final String documentedETag = bed.s3().putObject(PutObjectRequest.builder().bucket(bucket).key(documentedKey)
                .contentType("application/pdf").contentLanguage("en-GB").cacheControl("max-age=3600")
                .contentDisposition("attachment; filename=\"q4.pdf\"").contentEncoding("identity")
                .metadata(Map.of("owner-team", "dr", "project", "Apollo"))
                .checksumSHA256(java.util.Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(documented))).build(),
            RequestBody.fromBytes(documented)).eTag();
        queue.send(S3Events.created(bucket, documentedKey, documented.length, documentedETag));

        final List<String> failed = deliver(queue, sqsHandler(bed.functionEnvironment(containerName, false, MIB)));

        assertThat(failed).isEmpty();
        assertThat(queue.visibleMessages()).isZero();
        objects.put(documentedKey, documented);
        for (final Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertThat(blobSha256(container, object.getKey())).as(object.getKey()).isEqualTo(sha256(object.getValue()));
            final BlobProperties properties = container.getBlobClient(object.getKey()).getProperties();
            assertThat(properties.getBlobSize()).isEqualTo(object.getValue().length);
            assertThat(properties.getContentMd5()).as("Content-MD5 of " + object.getKey())
                .isEqualTo(MessageDigest.getInstance("MD5").digest(object.getValue()));
            assertThat(SourceRecord.fromMetadata(properties.getMetadata())).hasValueSatisfying(record -> {
                assertThat(record.bucket()).isEqualTo(bucket);
                assertThat(record.key()).isEqualTo(object.getKey());
                assertThat(record.eTag()).isNotBlank();
                assertThat(record.sequencer()).isNotBlank();
                assertThat(record.lastModified()).isNotNull();
            });
        }
        final BlobProperties documentedBlob = container.getBlobClient(documentedKey).getProperties();
        assertThat(documentedBlob.getContentType()).isEqualTo("application/pdf");
        assertThat(documentedBlob.getContentLanguage()).isEqualTo("en-GB");
        assertThat(documentedBlob.getCacheControl()).isEqualTo("max-age=3600");
        assertThat(documentedBlob.getContentDisposition()).isEqualTo("attachment; filename=\"q4.pdf\"");
        assertThat(documentedBlob.getContentEncoding()).isEqualTo("identity");
        assertThat(documentedBlob.getMetadata())
            .containsEntry("owner_team", "dr")
            .containsEntry("project", "Apollo")
            .containsEntry("s3src_checksum_sha256", java.util.Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(documented)))
            .containsEntry(BlobMetadata.ORIGINAL_NAMES, "owner_team=owner-team");
        assertThat(container.getBlobClient("unicode/été/日本語/€ 100.txt").getProperties().getMetadata())
            .containsEntry(SourceRecord.KEY, "unicode/%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E2%82%AC%20100.txt");
    }

    @Test
    void anSseKmsObjectIsCopiedWithARecordSayingItsBytesWereNotVerifiedAndIsCounted() throws Exception {
        final String key = "integrity/kms.bin";
        final byte[] content = bytes(30_000, 72);
        final String eTag = bed.s3().putObject(b -> b.bucket(bucket).key(key)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(S3MockServer.KMS_KEY_ID),
            RequestBody.fromBytes(content)).eTag();
        assertThat(eTag.replace("\"", "")).as("S3Mock's ETag of an SSE-KMS object is no MD5 of its bytes")
            .isNotEqualTo(md5Hex(content));
        final SqsQueue queue = new SqsQueue(3);
        queue.send(S3Events.created(bucket, key, content.length, eTag));
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(() -> sqsHandler(bed.functionEnvironment(containerName, false,
            null)));

        assertThat(output.during(() -> deliver(queue, handler))).isEmpty();

        assertThat(blobSha256(container, key)).isEqualTo(sha256(content));
        assertThat(container.getBlobClient(key).getProperties().getMetadata())
            .containsEntry("s3src_integrity", "unverified:sse-kms");
        assertThat(metrics(output)).singleElement()
            .satisfies(metrics -> assertThat(metrics.path("UnverifiedCopies").asInt(-1)).isEqualTo(1))
            .satisfies(metrics -> assertThat(metrics.path("Objects").asInt(-1)).isEqualTo(1))
            .satisfies(metrics -> assertThat(metrics.path("EntryPoint").asText()).isEqualTo(SqsCopyHandler.ENTRY_POINT))
            .satisfies(metrics -> assertThat(metrics.path("FunctionName").asText())
                .as("the deployment's function, from Lambda's context").isEqualTo(LambdaRuntime.FUNCTION_NAME))
            .satisfies(metrics -> assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                .isEqualTo("[[\"EntryPoint\",\"FunctionName\"]]"));
    }

    /** The embedded-metric-format lines the function printed. */
    private static List<JsonNode> metrics(final StandardOutput output) {
        return output.text().lines().filter(line -> line.contains("\"_aws\"")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void batchOperationsSchema1And2CopyTheBackfillOnceAndReportEachTask() throws Exception {
        final byte[] first = bytes(4000, 11);
        final byte[] second = bytes(3 * MIB, 12);
        put("backfill/old one.txt", first);
        put("backfill/älter+zwei.bin", second);
        final BatchOperationsHandler handler = new BatchOperationsHandler(
            CopyFunction.create(bed.functionEnvironment(containerName, false, MIB), Clock.systemUTC()));
        final String schema1 = """
            {"invocationSchemaVersion":"1.0","invocationId":"inv-1","job":{"id":"job-1"},
             "tasks":[{"taskId":"task-1","s3Key":"%s","s3VersionId":null,"s3BucketArn":"arn:aws:s3:::%s"}]}
            """.formatted(S3Events.encodedKey("backfill/old one.txt"), bucket);
        final String schema2 = """
            {"invocationSchemaVersion":"2.0","invocationId":"inv-2","job":{"id":"job-2","userArguments":{}},
             "tasks":[{"taskId":"task-2","s3Key":"%s","s3VersionId":null,"s3Bucket":"%s"}]}
            """.formatted(S3Events.encodedKey("backfill/älter+zwei.bin"), bucket);

        final JsonNode answer1 = JSON.readTree(LambdaRuntime.invoke(handler, schema1, FUNCTION_TIMEOUT));
        final JsonNode answer2 = JSON.readTree(LambdaRuntime.invoke(handler, schema2, FUNCTION_TIMEOUT));

        assertThat(answer1.at("/results/0/resultCode").asText()).isEqualTo("Succeeded");
        assertThat(answer1.at("/invocationId").asText()).isEqualTo("inv-1");
        assertThat(answer2.at("/results/0/resultCode").asText()).isEqualTo("Succeeded");
        assertThat(blobSha256(container, "backfill/old one.txt")).isEqualTo(sha256(first));
        assertThat(blobSha256(container, "backfill/älter+zwei.bin")).isEqualTo(sha256(second));

        final String eTagBefore = container.getBlobClient("backfill/älter+zwei.bin").getProperties().getETag();
        final JsonNode again = JSON.readTree(LambdaRuntime.invoke(handler, schema2, FUNCTION_TIMEOUT));
        assertThat(again.at("/results/0/resultCode").asText()).isEqualTo("Succeeded");
        assertThat(again.at("/results/0/resultString").asText()).contains("already copied");
        assertThat(container.getBlobClient("backfill/älter+zwei.bin").getProperties().getETag()).isEqualTo(eTagBefore);
    }

    @Test
    void aRepeatedEventUploadsNothingAndAnOlderEventNeverReplacesANewerCopy() throws Exception {
        final String key = "ordered/report.csv";
        final byte[] first = bytes(2000, 21);
        final byte[] second = bytes(2500, 22);
        final String olderEvent = S3Events.created(bucket, key, first.length, put(key, first));
        final String newerEvent = S3Events.created(bucket, key, second.length, put(key, second));
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, null));
        final SqsQueue queue = new SqsQueue(3);

        queue.send(newerEvent);
        assertThat(deliver(queue, handler)).isEmpty();
        final String eTag = container.getBlobClient(key).getProperties().getETag();
        queue.send(olderEvent);
        queue.send(newerEvent);
        assertThat(deliver(queue, handler)).isEmpty();

        assertThat(blobSha256(container, key)).isEqualTo(sha256(second));
        assertThat(container.getBlobClient(key).getProperties().getETag()).isEqualTo(eTag);
    }

    @Test
    void aDeleteKeepsTheCopyByDefault() throws Exception {
        final String key = "kept/contract.pdf";
        final byte[] content = bytes(1200, 31);
        final SqsQueue queue = new SqsQueue(3);
        queue.send(S3Events.created(bucket, key, content.length, put(key, content)));
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, null));
        assertThat(deliver(queue, handler)).isEmpty();

        bed.s3().deleteObject(b -> b.bucket(bucket).key(key));
        queue.send(S3Events.removed(bucket, key));
        assertThat(deliver(queue, handler)).isEmpty();

        assertThat(blobSha256(container, key)).isEqualTo(sha256(content));
    }

    @Test
    void mirroredDeletesRemoveTheCopyButNeverForAKeyWrittenAgainLater() throws Exception {
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, true, null));
        final SqsQueue queue = new SqsQueue(3);
        final String deleted = "mirror/deleted.txt";
        queue.send(S3Events.created(bucket, deleted, 10, put(deleted, bytes(10, 41))));
        final String rewritten = "mirror/rewritten.txt";
        queue.send(S3Events.created(bucket, rewritten, 10, put(rewritten, bytes(10, 42))));
        assertThat(deliver(queue, handler)).isEmpty();

        bed.s3().deleteObject(b -> b.bucket(bucket).key(deleted));
        bed.s3().deleteObject(b -> b.bucket(bucket).key(rewritten));
        final String lateRemoval = S3Events.removed(bucket, rewritten);
        final byte[] again = bytes(20, 43);
        queue.send(S3Events.created(bucket, rewritten, again.length, put(rewritten, again)));
        queue.send(S3Events.removed(bucket, deleted));
        assertThat(deliver(queue, handler)).isEmpty();
        queue.send(lateRemoval);
        assertThat(deliver(queue, handler)).isEmpty();

        assertThat(container.getBlobClient(deleted).exists()).isFalse();
        assertThat(blobSha256(container, rewritten)).isEqualTo(sha256(again));
    }

    /** What the function asked of S3 and of Azure for one object, by request kind, in order. */
    record Requests(List<String> s3, List<String> azure) {
    }

    /** The requests {@code action} makes for {@code key} of {@link #bucket} and of the test's container. */
    Requests requestsFor(final String key, final Runnable action) {
        final int s3Before = bed.s3Proxy().requestsFor(bucket, key).size();
        final int azureBefore = azureRequests(key).size();
        action.run();
        final List<Faults.Request> s3 = bed.s3Proxy().requestsFor(bucket, key);
        final List<Faults.Request> azure = azureRequests(key);
        return new Requests(
            s3.subList(s3Before, s3.size()).stream().map(request -> request.method()
                + (request.query() == null ? "" : " " + request.query().replaceAll("[=&].*", ""))).toList(),
            azure.subList(azureBefore, azure.size()).stream().map(request -> request.method()
                + (request.query() == null ? "" : " " + request.query().replaceAll("^comp=(\\w+).*", "$1")
                    .replaceAll("=.*", ""))).toList());
    }

    private List<Faults.Request> azureRequests(final String key) {
        final String path = "/" + BackupTestBed.ACCOUNT + "/" + containerName + "/" + key;
        // The Azure SDK percent-encodes the blob name, '/' included.
        return bed.faults().requests().stream().filter(request -> java.net.URLDecoder.decode(
            request.path().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8).equals(path)).toList();
    }

    @Test
    void eachCaseMakesTheRequestsTheReadmeCounts() throws Exception {
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, MIB));
        final SqsQueue queue = new SqsQueue(3);
        final String key = "costs/report.csv";
        final byte[] first = bytes(4000, 81);
        final String created = S3Events.created(bucket, key, first.length, put(key, first));

        queue.send(created);
        assertThat(requestsFor(key, () -> assertThat(deliver(queue, handler)).isEmpty()))
            .as("a new object up to one block").isEqualTo(new Requests(List.of("GET"), List.of("HEAD", "PUT")));
        queue.send(created);
        assertThat(requestsFor(key, () -> assertThat(deliver(queue, handler)).isEmpty()))
            .as("a repeated event of an object up to one block: S3's answer to the GET sent beside the HEAD, its body "
                + "not read").isEqualTo(new Requests(List.of("GET"), List.of("HEAD")));
        final byte[] second = bytes(5000, 82);
        queue.send(S3Events.created(bucket, key, second.length, put(key, second)));
        assertThat(requestsFor(key, () -> assertThat(deliver(queue, handler)).isEmpty()))
            .as("an overwrite up to one block").isEqualTo(new Requests(List.of("GET"), List.of("HEAD", "PUT")));
        assertThat(blobSha256(container, key)).isEqualTo(sha256(second));

        final String large = "costs/three blocks.bin";
        final byte[] threeBlocks = bytes(2 * MIB + 100, 83);
        final String largeCreated = S3Events.created(bucket, large, threeBlocks.length, put(large, threeBlocks));
        queue.send(largeCreated);
        assertThat(requestsFor(large, () -> assertThat(deliver(queue, handler)).isEmpty()))
            .as("a new object of three blocks").isEqualTo(new Requests(List.of("GET"),
                List.of("HEAD", "PUT block", "PUT block", "PUT block", "PUT blocklist")));
        queue.send(largeCreated);
        assertThat(requestsFor(large, () -> assertThat(deliver(queue, handler)).isEmpty()))
            .as("a repeated event of an object larger than one block").isEqualTo(new Requests(List.of(),
                List.of("HEAD")));

        final String multipart = "costs/multipart.bin";
        final byte[] twoParts = bytes(5 * MIB + 100, 84);
        queue.send(S3Events.created(bucket, multipart, twoParts.length, LargeObjects.upload(bed.s3(), bucket,
            multipart, new java.io.ByteArrayInputStream(twoParts), twoParts.length, 5 * MIB)));
        final Requests multipartRequests = requestsFor(multipart, () -> assertThat(deliver(queue, handler)).isEmpty());
        assertThat(multipartRequests.s3()).as("a multipart object without a checksum")
            .containsExactly("GET", "GET attributes", "GET");
        assertThat(multipartRequests.azure()).hasSize(1 + 6 + 1);

        final BatchOperationsHandler backfill = new BatchOperationsHandler(
            CopyFunction.create(bed.functionEnvironment(containerName, false, MIB), Clock.systemUTC()));
        final String task = """
            {"invocationSchemaVersion":"2.0","invocationId":"inv-costs","job":{"id":"job-costs"},
             "tasks":[{"taskId":"t-costs","s3Key":"%s","s3VersionId":null,"s3Bucket":"%s"}]}
            """.formatted(S3Events.encodedKey(key), bucket);
        assertThat(requestsFor(key, () -> LambdaRuntime.invoke(backfill, task, FUNCTION_TIMEOUT)))
            .as("a backfill task of a version already copied: S3's answer to a GET, its body not read")
            .isEqualTo(new Requests(List.of("GET"), List.of("HEAD")));
    }

    @Test
    void anEventCopiesTheVersionItNamesAndAnOlderOneNeverReplacesANewerCopy() throws Exception {
        final String versioned = "versioned-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(versioned));
        bed.s3().putBucketVersioning(b -> b.bucket(versioned)
            .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        final String key = "versions/ledger.csv";
        final byte[] first = bytes(3000, 91);
        final byte[] second = bytes(3500, 92);
        final PutObjectResponse v1 = bed.s3().putObject(b -> b.bucket(versioned).key(key), RequestBody.fromBytes(first));
        final String firstEvent = S3Events.created(versioned, key, first.length, v1.eTag(), v1.versionId());
        final PutObjectResponse v2 = bed.s3().putObject(b -> b.bucket(versioned).key(key),
            RequestBody.fromBytes(second));
        final String secondEvent = S3Events.created(versioned, key, second.length, v2.eTag(), v2.versionId());
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, null));
        final SqsQueue queue = new SqsQueue(3);

        queue.send(firstEvent);
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(blobSha256(container, key)).as("the first event, after the overwrite").isEqualTo(sha256(first));
        assertThat(SourceRecord.fromMetadata(container.getBlobClient(key).getProperties().getMetadata()))
            .hasValueSatisfying(record -> assertThat(record.versionId()).isEqualTo(v1.versionId()));

        queue.send(secondEvent);
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(blobSha256(container, key)).isEqualTo(sha256(second));
        final String copyOfSecond = container.getBlobClient(key).getProperties().getETag();

        queue.send(firstEvent);
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(container.getBlobClient(key).getProperties().getETag()).isEqualTo(copyOfSecond);
        assertThat(SourceRecord.fromMetadata(container.getBlobClient(key).getProperties().getMetadata()))
            .hasValueSatisfying(record -> assertThat(record.versionId()).isEqualTo(v2.versionId()));

        // A backfill task of the first version reads that version, and keeps the copy of the later one.
        final JsonNode answer = JSON.readTree(LambdaRuntime.invoke(new BatchOperationsHandler(
            CopyFunction.create(bed.functionEnvironment(containerName, false, null), Clock.systemUTC())), """
            {"invocationSchemaVersion":"2.0","invocationId":"inv-v1","job":{"id":"job-v1"},
             "tasks":[{"taskId":"t-v1","s3Key":"%s","s3VersionId":"%s","s3Bucket":"%s"}]}
            """.formatted(S3Events.encodedKey(key), v1.versionId(), versioned), FUNCTION_TIMEOUT));
        assertThat(answer.at("/results/0/resultCode").asText()).isEqualTo("Succeeded");
        assertThat(answer.at("/results/0/resultString").asText()).contains("later version");
        assertThat(bed.s3Proxy().requestsFor(versioned, key)).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.query()).isEqualTo("versionId=" + v1.versionId());
        });
        assertThat(container.getBlobClient(key).getProperties().getETag()).isEqualTo(copyOfSecond);
    }
}
