package io.cfnazure.backup;

import static io.cfnazure.backup.CopyEndToEndTest.deliver;
import static io.cfnazure.backup.CopyEndToEndTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.GeneratedContent;
import io.cfnazure.backup.testbed.LargeObjects;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB object, generated as a stream and uploaded in parts, copied through the SQS entry point in a JVM whose heap
 * (-Xmx384m, the failsafe configuration) could not hold it: the copy streams it in blocks, and the blob's bytes hash to
 * the same SHA-256.
 */
@UsesLocalCloud
class LargeObjectTest {

    private static final long GIB = 1L << 30;

    @Test
    void aOneGibObjectIsStreamedInBlocksAndArrivesIntact() throws Exception {
        CopyEndToEndTest.startTestBed();
        final BackupTestBed bed = CopyEndToEndTest.bed;
        final String bucket = CopyEndToEndTest.bucket;
        final String containerName = "large-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient container = bed.createContainer(containerName);
        try {
            final String key = "large/one gib.bin";
            final GeneratedContent content = new GeneratedContent(1, GIB, true);
            final String eTag = LargeObjects.upload(bed.s3(), bucket, key, content, GIB);
            final SqsQueue queue = new SqsQueue(3);
            queue.send(S3Events.created(bucket, key, GIB, eTag));

            assertThat(deliver(queue, CopyEndToEndTest.sqsHandler(bed.functionEnvironment(containerName, false, null))))
                .isEmpty();

            assertThat(container.getBlobClient(key).getProperties().getBlobSize()).isEqualTo(GIB);
            try (InputStream blob = container.getBlobClient(key).openInputStream()) {
                assertThat(sha256(blob)).isEqualTo(content.sha256());
            }
        } finally {
            container.delete();
        }
    }
}
