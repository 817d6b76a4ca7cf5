package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The end-to-end checks against S3's full-object checksums, with the real S3 client reading a response over a mocked
 * HTTP client, so the bytes can disagree with S3's x-amz-checksum-* as corruption on the way would: CRC32 is the
 * SDK's check, CRC64NVME this function's.
 */
class S3ChecksumTest {

    private static final int BLOCK = 64 * 1024;

    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final BlockBlobClient blob = mock(BlockBlobClient.class);

    S3ChecksumTest() {
        final BlobClient blobClient = mock(BlobClient.class);
        when(container.getBlobClient("k")).thenReturn(blobClient);
        when(blobClient.getBlockBlobClient()).thenReturn(blob);
        final BlobStorageException notFound = mock(BlobStorageException.class);
        when(notFound.getStatusCode()).thenReturn(404);
        when(notFound.getErrorCode()).thenReturn(BlobErrorCode.BLOB_NOT_FOUND);
        when(blob.getPropertiesWithResponse(any(), any(), any())).thenThrow(notFound);
    }

    private CopyOutcome copy(final byte[] served, final long crc32OfOriginal) throws Exception {
        final byte[] crc = java.nio.ByteBuffer.allocate(4).putInt((int) crc32OfOriginal).array();
        return copy(served, "x-amz-checksum-crc32", Base64.getEncoder().encodeToString(crc));
    }

    /** A copy of an object of S3's multipart form whose only checksum is {@code checksumHeader}, full-object. */
    private CopyOutcome copy(final byte[] served, final String checksumHeader, final String checksum) {
        final SdkHttpClient http = mock(SdkHttpClient.class);
        when(http.prepareRequest(any(HttpExecuteRequest.class))).thenAnswer(call -> {
            final ExecutableHttpRequest request = mock(ExecutableHttpRequest.class);
            when(request.call()).thenReturn(HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(200)
                    .putHeader("Content-Length", String.valueOf(served.length))
                    .putHeader("ETag", "\"3858f62230ac3c915f300c664312c11f-2\"")
                    .putHeader("Last-Modified", "Tue, 01 Dec 2026 05:00:00 GMT")
                    .putHeader(checksumHeader, checksum)
                    .putHeader("x-amz-checksum-type", "FULL_OBJECT")
                    .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(served)))
                .build());
            return request;
        });
        final S3Client s3 = S3Client.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .forcePathStyle(true)
            .httpClient(http)
            .build();
        final ObjectCopier copier = new ObjectCopier(s3, new BlockBuffers(BLOCK, 8L * BLOCK),
            Executors.newFixedThreadPool(2), 2, false, 100L << 20);
        return copier.apply(new ObjectEvent(ObjectEvent.Action.COPY, "b", "k", null, null, null, null, "BatchOperations"),
            () -> container, InvocationTime.startingNow(Clock.systemUTC(), Duration.ofMinutes(5)));
    }

    /** S3's CRC64NVME of the bytes ({@link Crc64NvmeTest} holds the implementation to AWS's). */
    private static String crc64nvme(final byte[] bytes) {
        final Crc64Nvme checksum = new Crc64Nvme();
        checksum.update(bytes, 0, bytes.length);
        return checksum.base64();
    }

    private static long crc32(final byte[] bytes) {
        final CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Test
    void bytesMatchingS3sChecksumAreCommittedAndTheChecksumRecorded() throws Exception {
        final byte[] bytes = new byte[3 * BLOCK];
        new java.util.Random(1).nextBytes(bytes);

        assertThat(copy(bytes, crc32(bytes)).result()).isEqualTo(CopyOutcome.Result.COPIED);
        verify(blob).commitBlockListWithResponse(org.mockito.ArgumentMatchers.argThat(
            (BlockBlobCommitBlockListOptions options) -> Optional.ofNullable(options.getMetadata())
                .map(m -> m.containsKey("s3src_checksum_crc32")).orElse(false)), any(), any());
    }

    @Test
    void bytesCorruptedOnTheWayFailTransientlyAndAreNeverCommitted() throws Exception {
        final byte[] bytes = new byte[3 * BLOCK];
        new java.util.Random(1).nextBytes(bytes);
        final long original = crc32(bytes);
        bytes[BLOCK + 7] ^= 1;

        assertThatThrownBy(() -> copy(bytes, original))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue());
        verify(blob, never()).commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
        verify(blob, never()).uploadWithResponse(any(BlockBlobSimpleUploadOptions.class), any(), any());
    }

    @Test
    void aCrc64nvmeChecksumIsCheckedHereSinceTheSdkChecksItOnlyWithTheAwsCrt() {
        final byte[] bytes = new byte[3 * BLOCK];
        new java.util.Random(2).nextBytes(bytes);
        final String original = crc64nvme(bytes);
        assertThat(copy(bytes, "x-amz-checksum-crc64nvme", original).integrity()).isEqualTo("verified:crc64nvme");

        bytes[2 * BLOCK + 3] ^= 1;
        assertThatThrownBy(() -> copy(bytes, "x-amz-checksum-crc64nvme", original))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isTrue())
            .hasMessageContaining("do not match its CRC64NVME checksum");
        verify(blob, org.mockito.Mockito.times(1))
            .commitBlockListWithResponse(any(BlockBlobCommitBlockListOptions.class), any(), any());
    }
}
