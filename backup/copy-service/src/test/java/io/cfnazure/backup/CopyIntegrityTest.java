package io.cfnazure.backup;

import static io.cfnazure.backup.CopyEndToEndTest.blobSha256;
import static io.cfnazure.backup.CopyEndToEndTest.bytes;
import static io.cfnazure.backup.CopyEndToEndTest.deliver;
import static io.cfnazure.backup.CopyEndToEndTest.sha256;
import static io.cfnazure.backup.CopyEndToEndTest.sqsHandler;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LargeObjects;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.S3MockServer;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What proves a copy intact, end to end: S3Mock stores multipart objects without a checksum (as S3 did before 2025)
 * and SSE-KMS objects with an ETag that is not the bytes' MD5; the proxy between the function and S3Mock changes one
 * byte on the way when asked. Every blob records how its bytes were checked ({@code s3src_integrity}).
 */
@UsesLocalCloud
class CopyIntegrityTest {

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
        containerName = "integrity-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
    }

    @AfterEach
    void healAndDeleteContainer() {
        bed.s3Proxy().heal();
        container.delete();
    }

    /** A multipart object of two 5 MiB parts and a short one, uploaded without any S3 checksum. */
    private static String putMultipart(final String key, final byte[] content) {
        return LargeObjects.upload(bed.s3(), CopyEndToEndTest.bucket, key, new ByteArrayInputStream(content),
            content.length, 5 * MIB);
    }

    @Test
    void aByteChangedOnItsWayFromS3FailsAMultipartObjectWithoutAChecksumAndNothingIsCommitted() throws Exception {
        final byte[] content = bytes(10 * MIB + 12_345, 71);
        final String inBlocks = "integrity/multipart in blocks.bin";
        final String inOneBlock = "integrity/multipart in one block.bin";
        final SqsQueue blocksQueue = new SqsQueue(3);
        final String inBlocksId = blocksQueue.send(S3Events.created(CopyEndToEndTest.bucket, inBlocks, content.length,
            putMultipart(inBlocks, content)));
        final SqsQueue oneBlockQueue = new SqsQueue(3);
        final String inOneBlockId = oneBlockQueue.send(S3Events.created(CopyEndToEndTest.bucket, inOneBlock,
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
    void anSseKmsObjectIsCopiedWithARecordSayingItsBytesWereNotVerifiedAndIsCounted() throws Exception {
        final String key = "integrity/kms.bin";
        final byte[] content = bytes(30_000, 72);
        final String eTag = bed.s3().putObject(b -> b.bucket(CopyEndToEndTest.bucket).key(key)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(S3MockServer.KMS_KEY_ARN),
            RequestBody.fromBytes(content)).eTag();
        assertThat(eTag.replace("\"", "")).as("S3Mock's ETag of an SSE-KMS object is no MD5 of its bytes")
            .isNotEqualTo(CopyEndToEndTest.md5Hex(content));
        final SqsQueue queue = new SqsQueue(3);
        queue.send(S3Events.created(CopyEndToEndTest.bucket, key, content.length, eTag));
        final StandardOutput output = new StandardOutput();
        final SqsCopyHandler handler = output.during(() -> sqsHandler(bed.functionEnvironment(containerName, false,
            null)));

        assertThat(output.during(() -> deliver(queue, handler))).isEmpty();

        assertThat(blobSha256(container, key)).isEqualTo(sha256(content));
        assertThat(container.getBlobClient(key).getProperties().getMetadata())
            .containsEntry("s3src_integrity", "unverified:sse-kms");
        assertThat(metrics(output)).singleElement()
            .satisfies(metrics -> assertThat(metrics.path("UnverifiedCopies").asInt(-1)).isEqualTo(1))
            .satisfies(metrics -> assertThat(metrics.path("Objects").asInt(-1)).isEqualTo(1));
    }

    /** The embedded-metric-format lines the function printed. */
    static List<JsonNode> metrics(final StandardOutput output) {
        return output.text().lines().filter(line -> line.contains("\"_aws\"")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
