package io.cfnazure.backup.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyHandlers;
import io.cfnazure.backup.SqsCopyHandler;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The audit against the real local servers: S3Mock (through the recording proxy), Azurite through the local cloud's
 * Entra ID and Secrets Manager stand-ins, and the test bed's SQS queue, which takes the backfill's SendMessageBatch
 * over SQS's JSON protocol and delivers it to the real copy function.
 */
@UsesLocalCloud
class AuditEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final int MIB = 1024 * 1024;

    private static BackupTestBed bed;
    private static String reportBucket;
    private String bucket;
    private String containerName;
    private BlobContainerClient container;
    private final SqsQueue queue = new SqsQueue(3);
    private SqsCopyHandler copy;

    @BeforeAll
    static void startTestBed() {
        bed = BackupTestBed.shared();
        reportBucket = "audit-reports-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(reportBucket));
    }

    @BeforeEach
    void createBucketAndContainer() {
        bucket = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(bucket));
        containerName = "backup-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
        copy = CopyHandlers.sqs(bed.functionEnvironment(containerName, false, null));
    }

    @AfterEach
    void deleteContainer() {
        container.delete();
    }

    private Map<String, String> auditEnvironment() {
        final Map<String, String> environment = bed.functionEnvironment(containerName, false, null);
        environment.put("SOURCE_BUCKET", bucket);
        environment.put("REPORT_BUCKET", reportBucket);
        environment.put("REPORT_PREFIX", "audit/" + bucket + "/");
        environment.put("BACKFILL_QUEUE_URL", queue.url());
        return environment;
    }

    /** Runs the audit function as Lambda would; returns its report as written to S3, and its metrics line. */
    private Audited audit(final String event) throws Exception {
        return audit(event, Map.of());
    }

    private Audited audit(final String event, final Map<String, String> settings) throws Exception {
        final StandardOutput output = new StandardOutput();
        final Map<String, String> environment = auditEnvironment();
        environment.putAll(settings);
        final AuditHandler handler = output.during(() -> AuditHandler.create(environment, Clock.systemUTC()));
        final JsonNode answer = JSON.readTree(output.during(() -> LambdaRuntime.invoke(handler, event, TIMEOUT)));
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        final JsonNode report;
        try (InputStream in = bed.s3().getObject(b -> b.bucket(reportBucket).key("audit/" + bucket + "/latest.json"))) {
            report = JSON.readTree(in);
        }
        final JsonNode metrics = JSON.readTree(output.text().lines()
            .filter(line -> line.contains("\"CloudWatchMetrics\"")).findFirst().orElseThrow());
        return new Audited(answer, report, metrics);
    }

    private record Audited(JsonNode answer, JsonNode report, JsonNode metrics) {
        List<String> keys(final String kind) {
            return report.at("/" + kind + "/objects").findValuesAsText("key");
        }
    }

    private PutObjectResponse put(final String key, final byte[] bytes) {
        return bed.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Uploads and copies through an S3 event, as the stack does. */
    private void putAndCopy(final String key, final byte[] bytes) {
        final PutObjectResponse put = put(key, bytes);
        queue.send(S3Events.created(bucket, key, bytes.length, put.eTag(), put.versionId()));
    }

    private List<String> deliverAll() {
        final List<String> failed = new java.util.ArrayList<>();
        while (queue.visibleMessages() > 0) {
            failed.addAll(queue.deliver(10, event -> LambdaRuntime.invoke(copy, SQSEvent.class,
                SQSBatchResponse.class, event, TIMEOUT)));
        }
        return failed;
    }

    private static byte[] bytes(final int size, final long seed) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(final InputStream in) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(in.readAllBytes());
        return HexFormat.of().formatHex(digest.digest());
    }

    private String sameBytes(final String key) throws Exception {
        try (InputStream blob = container.getBlobClient(key).openInputStream();
             InputStream object = bed.s3().getObject(b -> b.bucket(bucket).key(key))) {
            return sha256(blob).equals(sha256(object)) ? "same" : "different";
        }
    }

    @Test
    void theAuditFindsWhatTheCopyMissedAndItsBackfillCatchesUp() throws Exception {
        final String spaced = "inbox/été 2026/a+b c.txt";
        for (final String key : List.of("a.txt", "b.txt", "c.txt", "d.txt")) {
            putAndCopy(key, bytes(2048, key.hashCode()));
        }
        assertThat(deliverAll()).isEmpty();
        // What the events did not bring: objects whose event was lost, an overwrite, a delete.
        put(spaced, bytes(3000, 1));
        put("f.txt", bytes(10, 2));
        put("b.txt", bytes(4096, 3));
        bed.s3().deleteObject(b -> b.bucket(bucket).key("d.txt"));
        // The copy of c.txt altered in Azure: other bytes of the same size, its record kept.
        final BlobClient c = container.getBlobClient("c.txt");
        final byte[] altered = bytes(2048, 4);
        c.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(altered))
            .setMetadata(c.getProperties().getMetadata())
            .setHeaders(new BlobHttpHeaders().setContentMd5(MessageDigest.getInstance("MD5").digest(altered))),
            null, null);
        container.getBlobClient("notes/readme.txt").upload(BinaryData.fromString("not a copy"));

        final Audited first = audit("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");

        assertThat(first.report().get("clean").asBoolean()).isFalse();
        assertThat(first.keys("missing")).containsExactlyInAnyOrder(spaced, "f.txt");
        assertThat(first.keys("stale")).containsExactly("b.txt");
        assertThat(first.keys("corrupt")).containsExactly("c.txt");
        assertThat(first.report().at("/corrupt/objects/0/detail").asText()).startsWith("the blob's Content-MD5 is");
        assertThat(first.keys("extra")).containsExactlyInAnyOrder("d.txt", "notes/readme.txt");
        assertThat(first.report().at("/inSync/count").asLong()).isEqualTo(1);
        assertThat(first.report().at("/behind/bytes").asLong()).isEqualTo(3000 + 10 + 4096);
        assertThat(first.report().at("/backfill/enqueued").asLong()).isEqualTo(3);
        assertThat(first.metrics().get("ObjectsBehind").asLong()).isEqualTo(3);
        assertThat(first.metrics().get("BytesBehind").asLong()).isEqualTo(3000 + 10 + 4096);
        assertThat(first.metrics().get("OldestUnreplicatedAge").asLong()).isBetween(0L, 120L);
        assertThat(first.metrics().get("Corrupt").asLong()).isEqualTo(1);
        assertThat(first.answer().at("/missing/count").asLong()).isEqualTo(2);
        assertThat(queue.visibleMessages()).isEqualTo(3);

        // The backfill's messages go through the copy function as S3's own events do.
        assertThat(deliverAll()).isEmpty();
        final Audited second = audit("{\"backfill\": false}");

        assertThat(second.report().at("/behind/objects").asLong()).isZero();
        assertThat(second.metrics().get("OldestUnreplicatedAge").asLong()).isZero();
        assertThat(second.report().at("/inSync/count").asLong()).isEqualTo(4);
        assertThat(second.keys("corrupt")).containsExactly("c.txt");
        assertThat(second.report().has("backfill")).isFalse();
        for (final String key : List.of(spaced, "f.txt", "b.txt", "a.txt")) {
            assertThat(sameBytes(key)).as(key).isEqualTo("same");
        }
    }

    /** An object uploaded in parts with S3's full-object CRC32 (no MD5 ETag): the copy records that checksum. */
    private String putInPartsWithFullObjectChecksum(final String key, final byte[] content) {
        final int partSize = 5 * MIB;
        final CRC32 crc32 = new CRC32();
        crc32.update(content);
        final String uploadId = bed.s3().createMultipartUpload(b -> b.bucket(bucket).key(key)
            .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        final List<CompletedPart> parts = new java.util.ArrayList<>();
        for (int offset = 0; offset < content.length; offset += partSize) {
            final int number = parts.size() + 1;
            final byte[] part = java.util.Arrays.copyOfRange(content, offset, Math.min(content.length,
                offset + partSize));
            final UploadPartResponse uploaded = bed.s3().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(part));
            parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag())
                .checksumCRC32(uploaded.checksumCRC32()).build());
        }
        return bed.s3().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .checksumType(ChecksumType.FULL_OBJECT)
            .checksumCRC32(Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32.getValue())
                .array()))
            .multipartUpload(m -> m.parts(parts))).eTag();
    }

    @Test
    void theReadBackFindsBytesDamagedInAzureUnderTheCopysRecordThatTheListingsCannotSee() throws Exception {
        putAndCopy("kept.txt", bytes(5000, 20));
        putAndCopy("tampered.txt", bytes(5000, 21));
        final byte[] large = bytes(13 * MIB + 7, 22);
        queue.send(S3Events.created(bucket, "parts/large.bin", large.length,
            putInPartsWithFullObjectChecksum("parts/large.bin", large)));
        assertThat(deliverAll()).isEmpty();
        assertThat(container.getBlobClient("parts/large.bin").getProperties().getMetadata())
            .containsKey("s3src_checksum_crc32");
        // Other bytes under the copy's record and Content-MD5, as a blob damaged or tampered with in Azure would be.
        final BlobClient tampered = container.getBlobClient("tampered.txt");
        final BlobProperties copy = tampered.getProperties();
        tampered.upload(BinaryData.fromBytes(bytes(5000, 23)), true);
        tampered.setMetadata(copy.getMetadata());
        tampered.setHttpHeaders(new BlobHttpHeaders().setContentMd5(copy.getContentMd5()));
        // Other bytes of the same size with their own Content-MD5, the record kept: the object's ETag is not an MD5,
        // so only the record's CRC32 can tell.
        final BlobClient largeBlob = container.getBlobClient("parts/large.bin");
        final byte[] damaged = bytes(13 * MIB + 7, 24);
        largeBlob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(damaged))
            .setMetadata(largeBlob.getProperties().getMetadata())
            .setHeaders(new BlobHttpHeaders().setContentMd5(MessageDigest.getInstance("MD5").digest(damaged))),
            null, null);

        final Audited audited = audit("{\"backfill\": false}");

        assertThat(audited.keys("corrupt")).containsExactlyInAnyOrder("tampered.txt", "parts/large.bin");
        final Map<String, String> details = new java.util.HashMap<>();
        audited.report().at("/corrupt/objects").forEach(o -> details.put(o.get("key").asText(),
            o.get("detail").asText()));
        assertThat(details.get("tampered.txt")).startsWith("read back: its bytes do not match")
            .contains("the blob's Content-MD5");
        assertThat(details.get("parts/large.bin"))
            .isEqualTo("read back: its bytes do not match the copy's recorded CRC32");
        assertThat(audited.report().at("/inSync/count").asLong()).isEqualTo(1);
        assertThat(audited.report().at("/readBack/objects").asLong()).isEqualTo(3);
        assertThat(audited.report().at("/readBack/bytes").asLong()).isEqualTo(5000 + 5000 + large.length);
        assertThat(audited.report().at("/readBack/corrupt").asLong()).isEqualTo(2);
        assertThat(audited.report().at("/readBack/leftForLaterRuns").asLong()).isZero();
        assertThat(audited.report().at("/readBack/nextFrom").asText()).isEqualTo("0000000000000000");
        assertThat(audited.report().get("clean").asBoolean()).isFalse();
        assertThat(audited.metrics().get("Corrupt").asLong()).isEqualTo(2);
        assertThat(audited.metrics().get("ReadBackBytes").asLong()).isEqualTo(5000 + 5000 + large.length);
    }

    @Test
    void eachRunReadsBackFromWhereTheLastStoppedUntilTheWholeContainerIsRead() throws Exception {
        for (int i = 0; i < 5; i++) {
            putAndCopy("rotation/" + i + ".txt", bytes(1000, 30 + i));
        }
        assertThat(deliverAll()).isEmpty();
        String from = "0000000000000000";
        for (int run = 1; run <= 3; run++) {
            final Audited audited = audit("{\"backfill\": false}", Map.of("VERIFY_SAMPLE_OBJECTS", "2"));
            assertThat(audited.report().at("/readBack/from").asText()).as("run %d", run).isEqualTo(from);
            assertThat(audited.report().at("/readBack/objects").asLong()).isEqualTo(run < 3 ? 2 : 1);
            assertThat(audited.report().at("/readBack/leftForLaterRuns").asLong()).isEqualTo(run < 3 ? 5 - 2 * run
                : 0);
            from = audited.report().at("/readBack/nextFrom").asText();
        }
        assertThat(from).as("the lap is complete: the next starts again").isEqualTo("0000000000000000");
    }

    @Test
    void inAVersionedBucketOverwritesAndDeleteMarkersAreTheDamageReported() throws Exception {
        bed.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
            .status(BucketVersioningStatus.ENABLED)));
        putAndCopy("ledger.csv", bytes(5000, 5));
        putAndCopy("photo.jpg", bytes(7000, 6));
        assertThat(deliverAll()).isEmpty();
        final Function<String, String> copiedVersion = key -> container.getBlobClient(key).getProperties()
            .getMetadata().get("s3src_version_id");
        final String ledgerV1 = copiedVersion.apply("ledger.csv");
        // As ransomware would: one object overwritten, another deleted (a delete marker on top), no events copied.
        final String ledgerV2 = put("ledger.csv", bytes(5000, 7)).versionId();
        bed.s3().deleteObject(b -> b.bucket(bucket).key("photo.jpg"));

        final Audited audited = audit("{\"backfill\": false}");

        assertThat(audited.report().at("/source/versioned").asBoolean()).isTrue();
        assertThat(audited.report().at("/source/noncurrentVersions").asLong()).isEqualTo(2);
        assertThat(audited.report().at("/source/deleteMarkers").asLong()).isEqualTo(1);
        assertThat(audited.keys("stale")).containsExactly("ledger.csv");
        assertThat(audited.report().at("/stale/objects/0/versionId").asText()).isEqualTo(ledgerV2);
        assertThat(audited.report().at("/stale/objects/0/detail").asText()).contains(ledgerV1);
        assertThat(audited.keys("extra")).containsExactly("photo.jpg");
        assertThat(audited.report().at("/extra/objects/0/detail").asText())
            .isEqualTo("deleted in S3: its current version is a delete marker");
        assertThat(queue.visibleMessages()).isZero();
    }
}
