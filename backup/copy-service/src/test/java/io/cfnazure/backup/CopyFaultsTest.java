package io.cfnazure.backup;

import static io.cfnazure.backup.CopyEndToEndTest.blobSha256;
import static io.cfnazure.backup.CopyEndToEndTest.bytes;
import static io.cfnazure.backup.CopyEndToEndTest.deliver;
import static io.cfnazure.backup.CopyEndToEndTest.put;
import static io.cfnazure.backup.CopyEndToEndTest.sha256;
import static io.cfnazure.backup.CopyEndToEndTest.sqsHandler;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.LargeObjects;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.Faults;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults on the way, through the fault proxy in front of Azurite and the stand-ins: each fails the message it hits
 * (a batch item failure, the object's blob untouched), and the redelivery copies it once the fault is gone.
 */
@UsesLocalCloud
class CopyFaultsTest {

    /** Requests that upload a block: {@code PUT ...?comp=block&blockid=...}. */
    private static final Predicate<Faults.Request> PUT_BLOCK = request -> "PUT".equals(request.method())
        && String.valueOf(request.query()).contains("comp=block&");
    /** Any request to a blob (not the container or account). */
    private static final Predicate<Faults.Request> ANY_BLOB_REQUEST = request -> request.path().split("/").length > 3;
    private static final Faults.Answer SERVER_BUSY = AzureFaultProxy.azureError(503, "ServerBusy",
        "The server is busy.");


    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BackupTestBed bed;
    private String containerName;
    private BlobContainerClient container;

    @BeforeAll
    static void startTestBed() {
        CopyEndToEndTest.startTestBed();
        bed = CopyEndToEndTest.bed;
    }

    @BeforeEach
    void createContainer() {
        containerName = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
    }

    @AfterEach
    void healAndDeleteContainer() {
        bed.faults().faults().clear();
        bed.s3Proxy().heal();
        container.delete();
    }

    private static String bucket() {
        return CopyEndToEndTest.bucket;
    }

    @Test
    void azureFailingMidUploadLeavesNoBlobAndTheRedeliveryCopiesIt() throws Exception {
        final String key = "faults/mid-upload.bin";
        final byte[] content = bytes(5 * MIB + 17, 51);
        final SqsQueue queue = new SqsQueue(3);
        final String messageId = queue.send(S3Events.created(bucket(), key, content.length, put(key, content)));
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, MIB));
        // Two blocks arrive, then every Put Block fails, more often than Azure's client retries.
        bed.faults().faults().answer(PUT_BLOCK, 2, 1000, AzureFaultProxy.azureError(500, "InternalError",
            "The server encountered an internal error."));

        assertThat(deliver(queue, handler)).containsExactly(messageId);
        assertThat(container.getBlobClient(key).exists()).isFalse();

        bed.faults().faults().clear();
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(blobSha256(container, key)).isEqualTo(sha256(content));
    }

    @Test
    void shortThrottlingIsRetriedByTheClientAndLongThrottlingByTheQueue() throws Exception {
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, MIB));
        final SqsQueue queue = new SqsQueue(3);
        final String shortKey = "faults/throttled-briefly.txt";
        final byte[] shortContent = bytes(3000, 52);
        queue.send(S3Events.created(bucket(), shortKey, shortContent.length, put(shortKey, shortContent)));
        bed.faults().faults().answer(ANY_BLOB_REQUEST, 2, SERVER_BUSY);

        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(bed.faults().faults().played()).isGreaterThanOrEqualTo(2);
        assertThat(blobSha256(container, shortKey)).isEqualTo(sha256(shortContent));

        final String longKey = "faults/throttled-long.txt";
        final byte[] longContent = bytes(4000, 53);
        final String messageId = queue.send(S3Events.created(bucket(), longKey, longContent.length,
            put(longKey, longContent)));
        bed.faults().faults().answer(ANY_BLOB_REQUEST, 1000, SERVER_BUSY);
        assertThat(deliver(queue, handler)).containsExactly(messageId);
        assertThat(container.getBlobClient(longKey).exists()).isFalse();
        assertThat(queue.visibilityTimeouts(messageId)).as("seconds until SQS delivers it again").containsExactly(30);

        bed.faults().faults().clear();
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(blobSha256(container, longKey)).isEqualTo(sha256(longContent));
    }

    /** A multipart object of two 5 MiB parts and a short one, uploaded without any S3 checksum. */
    private static String putMultipart(final String key, final byte[] content) {
        return LargeObjects.upload(bed.s3(), bucket(), key, new ByteArrayInputStream(content),
            content.length, 5 * MIB);
    }

    @Test
    void aByteChangedOnItsWayFromS3FailsAMultipartObjectWithoutAChecksumAndNothingIsCommitted() throws Exception {
        final byte[] content = bytes(10 * MIB + 12_345, 71);
        final String inBlocks = "integrity/multipart in blocks.bin";
        final String inOneBlock = "integrity/multipart in one block.bin";
        final SqsQueue blocksQueue = new SqsQueue(3);
        final String inBlocksId = blocksQueue.send(S3Events.created(bucket(), inBlocks, content.length,
            putMultipart(inBlocks, content)));
        final SqsQueue oneBlockQueue = new SqsQueue(3);
        final String inOneBlockId = oneBlockQueue.send(S3Events.created(bucket(), inOneBlock,
            content.length, putMultipart(inOneBlock, content)));
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler blocksOfOneMib = output.during(
            () -> sqsHandler(bed.functionEnvironment(containerName, false, MIB)));
        final SqsCopyHandler blocksOf16Mib = output.during(
            () -> sqsHandler(bed.functionEnvironment(containerName, false, 16 * MIB)));
        bed.s3Proxy().corrupt(request -> "GET".equals(request.method()) && request.query() == null
            && request.path().contains("/integrity/"));

        assertThat(output.during(() -> deliver(blocksQueue, blocksOfOneMib))).containsExactly(inBlocksId);
        assertThat(output.during(() -> deliver(oneBlockQueue, blocksOf16Mib))).containsExactly(inOneBlockId);

        assertThat(container.getBlobClient(inBlocks).exists()).isFalse();
        assertThat(container.getBlobClient(inOneBlock).exists()).isFalse();
        assertThat(output.text()).contains("do not match", "\"failure\":\"transient\"");

        bed.s3Proxy().heal();
        assertThat(deliver(blocksQueue, blocksOfOneMib)).isEmpty();
        assertThat(deliver(oneBlockQueue, blocksOf16Mib)).isEmpty();
        for (final String key : List.of(inBlocks, inOneBlock)) {
            assertThat(blobSha256(container, key)).as(key).isEqualTo(sha256(content));
            assertThat(container.getBlobClient(key).getProperties().getMetadata())
                .containsEntry("s3src_integrity", "verified:multipart-md5");
        }
    }

    @Test
    void aWrongSecretFailsEveryMessageWithTheReasonNeverLogsASecretAndTheFixedSecretIsPickedUp() throws Exception {
        final String secretName = "copy-service/rotated-" + UUID.randomUUID();
        final String wrongSecret = "Wr0ng~Secret.Value-" + UUID.randomUUID();
        bed.cloud().secretsManager().putSecret(secretName, wrongSecret);
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironment(containerName, false, null));
        environment.put("AZURE_CLIENT_SECRET_NAME", secretName);
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(() -> sqsHandler(environment));
        final SqsQueue queue = new SqsQueue(3);
        final String key = "faults/wrong-secret.txt";
        final byte[] content = bytes(2000, 54);
        queue.send(S3Events.created(bucket(), key, content.length, put(key, content)));
        queue.send(S3Events.created(bucket(), key + ".2", content.length, put(key + ".2", content)));

        assertThat(output.during(() -> deliver(queue, handler))).hasSize(2);
        assertThat(container.getBlobClient(key).exists()).isFalse();
        assertThat(output.text()).contains("AADSTS7000215").contains(secretName).contains("\"failure\":\"permanent\"")
            .doesNotContain(wrongSecret).doesNotContain(LocalCloud.CLIENT_SECRET).doesNotContain("eyJ");

        bed.cloud().secretsManager().putSecret(secretName, LocalCloud.CLIENT_SECRET);
        assertThat(deliver(queue, handler)).isEmpty();
        assertThat(blobSha256(container, key)).isEqualTo(sha256(content));
    }

    @Test
    void aMissingSecretFailsEveryMessageNamingTheFunctionsSetting() {
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironment(containerName, false, null));
        environment.put("AZURE_CLIENT_SECRET_NAME", "copy-service/never-created-" + UUID.randomUUID());
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(() -> sqsHandler(environment));
        final SqsQueue queue = new SqsQueue(3);
        final String messageId = queue.send(S3Events.created(bucket(), "faults/no-secret.txt", 10,
            put("faults/no-secret.txt", bytes(10, 57))));

        assertThat(output.during(() -> deliver(queue, handler))).containsExactly(messageId);
        assertThat(output.text()).contains("Secrets Manager has no secret 'copy-service/never-created-",
                "fix AZURE_CLIENT_SECRET_NAME", "\"failure\":\"permanent\"")
            .doesNotContain("AzureClientSecretName", "CloudFormation");
    }

    @Test
    void aSecretWithoutATenantFailsEveryMessageNamingTheFunctionsSetting() {
        final String secretName = "copy-service/no-tenant-" + UUID.randomUUID();
        bed.cloud().secretsManager().putSecret(secretName, LocalCloud.CLIENT_SECRET);
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironment(containerName, false, null));
        environment.put("AZURE_CLIENT_SECRET_NAME", secretName);
        environment.remove("AZURE_TENANT_ID");
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(() -> sqsHandler(environment));
        final SqsQueue queue = new SqsQueue(3);
        final String messageId = queue.send(S3Events.created(bucket(), "faults/no-tenant.txt", 10,
            put("faults/no-tenant.txt", bytes(10, 58))));

        assertThat(output.during(() -> deliver(queue, handler))).containsExactly(messageId);
        assertThat(output.text()).contains("No Azure tenant is set: set AZURE_TENANT_ID, or tenantId in secret '"
                + secretName + "'.", "\"failure\":\"permanent\"")
            .doesNotContain("AzureTenantId", "type configuration", "CloudFormation");
    }

    @Test
    void anObjectDeletedBeforeItsCopyFailsPermanentlyThenLandsInTheDeadLetterQueueUnlessItReturns() throws Exception {
        final SqsCopyHandler handler = sqsHandler(bed.functionEnvironment(containerName, false, null));
        final SqsQueue queue = new SqsQueue(3);
        final String returning = "faults/deleted-then-back.txt";
        final byte[] content = bytes(1000, 55);
        final String returningId = queue.send(S3Events.created(bucket(), returning, content.length,
            put(returning, content)));
        final String gone = "faults/deleted-for-good.txt";
        final String goneId = queue.send(S3Events.created(bucket(), gone, 10, put(gone, bytes(10, 56))));
        bed.s3().deleteObject(b -> b.bucket(bucket()).key(returning));
        bed.s3().deleteObject(b -> b.bucket(bucket()).key(gone));

        assertThat(deliver(queue, handler)).containsExactlyInAnyOrder(returningId, goneId);
        assertThat(container.getBlobClient(returning).exists()).isFalse();

        put(returning, content);
        assertThat(deliver(queue, handler)).containsExactly(goneId);
        assertThat(blobSha256(container, returning)).isEqualTo(sha256(content));
        assertThat(deliver(queue, handler)).containsExactly(goneId);
        assertThat(queue.visibleMessages()).isZero();
        assertThat(queue.deadLetters()).singleElement().asString().contains("deleted-for-good");
        assertThat(queue.visibilityTimeouts(goneId)).as("a permanent failure is visible again at once, every time")
            .containsExactly(0, 0, 0);
    }

    @Test
    void aQueueThatRefusesANewVisibilityLeavesTheItemFailedTheOthersCopiedAndSaysSoOnce() throws Exception {
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(
            () -> sqsHandler(bed.functionEnvironment(containerName, false, null)));
        final SqsQueue queue = new SqsQueue(3);
        final String good = "faults/copied-anyway.txt";
        final byte[] content = bytes(1000, 58);
        queue.send(S3Events.created(bucket(), good, content.length, put(good, content)));
        final String gone = "faults/gone-and-unchangeable.txt";
        final String goneId = queue.send(S3Events.created(bucket(), gone, 10, put(gone, bytes(10, 59))));
        bed.s3().deleteObject(b -> b.bucket(bucket()).key(gone));
        queue.refuse(new SqsQueue.Refusal(400, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/"
            + "copy/fn is not authorized to perform: sqs:changemessagevisibility on resource: " + queue.arn()));

        assertThat(output.during(() -> deliver(queue, handler))).containsExactly(goneId);

        assertThat(blobSha256(container, good)).isEqualTo(sha256(content));
        assertThat(queue.visibilityTimeouts(goneId)).isEmpty();
        assertThat(output.text().lines().filter(line -> line.contains("ChangeMessageVisibility")))
            .singleElement().asString().contains("AccessDenied", "sqs:ChangeMessageVisibility",
                "the queue's visibility timeout");
    }

    @Test
    void aRequestCancelledAtTheDeadlineLeavesOneJsonLinePerFailedItemAndNothingElse() throws Exception {
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(
            () -> sqsHandler(bed.functionEnvironment(containerName, false, null)));
        final SqsQueue queue = new SqsQueue(3);
        final String key = "faults/past-the-deadline.txt";
        final byte[] content = bytes(1000, 60);
        final String messageId = queue.send(S3Events.created(bucket(), key, content.length, put(key, content)));
        bed.faults().faults().delay(request -> "PUT".equals(request.method())
            && request.path().replace("%2F", "/").endsWith(key),
            Duration.ofSeconds(60));

        final List<String> failed = output.during(() -> {
            final List<String> answer = queue.deliver(10, event -> LambdaRuntime.invoke(handler, SQSEvent.class,
                SQSBatchResponse.class, event, Duration.ofSeconds(8)));
            // The held request is answered now, after the function gave up on it.
            bed.faults().faults().clear();
            sleep(Duration.ofSeconds(2));
            return answer;
        });

        assertThat(failed).containsExactly(messageId);
        final List<String> lines = output.text().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).allSatisfy(line -> assertThat(isJsonObject(line)).as("a JSON object: %s", line).isTrue());
        assertThat(lines.stream().filter(line -> line.contains("\"item\""))).singleElement().asString()
            .contains(messageId, "\"failure\":\"transient\"");
    }

    private static boolean isJsonObject(final String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (final java.io.IOException e) {
            return false;
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
