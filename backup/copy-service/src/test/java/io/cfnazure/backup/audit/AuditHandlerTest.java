package io.cfnazure.backup.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEFAULTS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.azure.core.http.rest.PagedFlux;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponseBase;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.AzureContainerConnector;
import io.cfnazure.backup.ObjectEvent;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.StandardOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.stubbing.Answer;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * The audit at its SDK edges: S3's and SQS's clients (their paginators and shorthand methods run for real over the
 * mocked requests) and Azure's container client: what is read, what the report, the metrics and the backfill say,
 * and how each service's refusal reaches the operator.
 */
class AuditHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T14:00:00Z");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/backup-events";

    private final S3Client s3 = mock(S3Client.class, withSettings().defaultAnswer(realDefaultMethods()));
    private final SqsClient sqs = mock(SqsClient.class, withSettings().defaultAnswer(realDefaultMethods()));
    private final BlobContainerClient container = mock(BlobContainerClient.class);
    private final Map<String, String> reports = new LinkedHashMap<>();
    private final List<SendMessageBatchRequest> sent = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final StandardOutput output = new StandardOutput();
    /** Settings of one test over {@link #environment}'s. */
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** The SDK's shorthand methods and paginators are default methods of the client: they call the stubbed ones. */
    private static Answer<Object> realDefaultMethods() {
        return invocation -> invocation.getMethod().isDefault() ? invocation.callRealMethod()
            : RETURNS_DEFAULTS.answer(invocation);
    }

    private static Map<String, String> environment(final boolean backfill) {
        final Map<String, String> environment = new LinkedHashMap<>(Map.of(
            "CONTAINER_URL", "https://mystorage01.blob.core.windows.net/backup",
            "AZURE_TENANT_ID", "tenant", "AZURE_CLIENT_ID", "client", "AZURE_CLIENT_SECRET_NAME", "azure-app",
            "SOURCE_BUCKET", "photos", "REPORT_BUCKET", "reports", "BACKFILL_MAX_OBJECTS", "11",
            // The read-back's requests are ReadBackTest's and AuditEndToEndTest's; these tests are the listings'.
            "VERIFY_SAMPLE_OBJECTS", "0"));
        if (backfill) {
            environment.put("BACKFILL_QUEUE_URL", QUEUE);
        }
        return environment;
    }

    private JsonNode invoke(final boolean backfill, final String event) {
        final AzureContainerConnector connector = mock(AzureContainerConnector.class);
        when(connector.connect(any())).thenReturn(container);
        final Map<String, String> environment = environment(backfill);
        environment.putAll(settings);
        final AuditHandler handler = output.during(() -> new AuditHandler(AuditSettings.fromEnvironment(
            environment), null, s3, () -> sqs, connector, AuditMetrics.toStandardOutput(),
            new PrintStream(log, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)));
        return read(output.during(() -> LambdaRuntime.invoke(handler, event, Duration.ofMinutes(15))));
    }

    private static JsonNode read(final String json) {
        try {
            return JSON.readTree(json);
        } catch (final java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode metrics() {
        return output.text().lines().filter(line -> line.contains("\"CloudWatchMetrics\"")).map(AuditHandlerTest::read)
            .findFirst().orElseThrow();
    }

    private void versioning(final BucketVersioningStatus status) {
        doReturn(GetBucketVersioningResponse.builder().status(status).build())
            .when(s3).getBucketVersioning(any(GetBucketVersioningRequest.class));
    }

    private void reportsAreWritten() {
        doAnswer(invocation -> {
            final PutObjectRequest request = invocation.getArgument(0);
            final RequestBody body = invocation.getArgument(1);
            reports.put(request.bucket() + "/" + request.key(), new String(body.contentStreamProvider().newStream()
                .readAllBytes(), StandardCharsets.UTF_8));
            return PutObjectResponse.builder().build();
        }).when(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    private void blobs(final BlobItem... items) {
        doReturn(new PagedIterable<>(new PagedFlux<>(() -> Mono.just(new PagedResponseBase<Void, BlobItem>(null,
            200, null, List.of(items), null, null))))).when(container).listBlobs(any(ListBlobsOptions.class), any());
    }

    private static BlobItem copy(final String key, final String versionId, final String eTag, final Instant at,
                                 final long size) {
        final Map<String, String> metadata = new LinkedHashMap<>(Map.of("s3src_bucket", "photos", "s3src_key",
            URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20"), "s3src_etag", eTag, "s3src_last_modified", at.toString(),
            "s3src_integrity", "verified:md5"));
        metadata.put("s3src_version_id", versionId);
        return new BlobItem().setName(key).setMetadata(metadata).setProperties(new BlobItemProperties()
            .setContentLength(size).setContentMd5(HexFormat.of().parseHex(eTag)));
    }

    private static ObjectVersion version(final String key, final String versionId, final boolean latest,
                                         final String eTag, final Instant at, final long size) {
        return ObjectVersion.builder().key(key).versionId(versionId).isLatest(latest).eTag("\"" + eTag + "\"")
            .lastModified(at).size(size).build();
    }

    private static String md5(final int n) {
        return String.format("%032x", n);
    }

    @Test
    void aVersionedBucketIsComparedByItsCurrentVersionsAndTheReportMetricsAndBackfillAgree() throws Exception {
        versioning(BucketVersioningStatus.ENABLED);
        doReturn(ListObjectVersionsResponse.builder().isTruncated(false)
            .versions(version("in sync.jpg", "v1", true, md5(1), T, 10),
                version("overwritten+1.jpg", "v2", true, md5(3), T.plusSeconds(3600), 30),
                version("overwritten+1.jpg", "v1", false, md5(2), T, 20),
                version("日本/never copied.jpg", "v1", true, md5(4), T.plusSeconds(60), 40))
            .deleteMarkers(DeleteMarkerEntry.builder().key("deleted.jpg").versionId("d1").isLatest(true)
                .lastModified(T).build())
            .build()).when(s3).listObjectVersions(any(ListObjectVersionsRequest.class));
        blobs(copy("in sync.jpg", "v1", md5(1), T, 10), copy("overwritten+1.jpg", "v1", md5(2), T, 20),
            copy("deleted.jpg", "v1", md5(5), T, 50),
            new BlobItem().setName("notes.txt").setMetadata(Map.of()).setProperties(new BlobItemProperties()
                .setContentLength(7L)));
        reportsAreWritten();
        doAnswer(invocation -> {
            final SendMessageBatchRequest request = invocation.getArgument(0);
            sent.add(request);
            return SendMessageBatchResponse.builder().successful(request.entries().stream()
                .map(entry -> SendMessageBatchResultEntry.builder().id(entry.id()).messageId("m" + entry.id())
                    .build()).toList()).build();
        }).when(sqs).sendMessageBatch(any(SendMessageBatchRequest.class));

        final JsonNode answer = invoke(true, "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");

        assertThat(reports).containsOnlyKeys("reports/audit/2026/12/06/140000Z.json", "reports/audit/latest.json");
        final JsonNode report = read(reports.get("reports/audit/latest.json"));
        assertThat(reports.get("reports/audit/2026/12/06/140000Z.json")).isEqualTo(reports.get(
            "reports/audit/latest.json"));
        assertThat(report.get("report").asText()).isEqualTo("s3://reports/audit/2026/12/06/140000Z.json");
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.at("/source/versioned").asBoolean()).isTrue();
        assertThat(report.at("/source/currentObjects").asLong()).isEqualTo(3);
        assertThat(report.at("/source/noncurrentVersions").asLong()).isEqualTo(1);
        assertThat(report.at("/source/deleteMarkers").asLong()).isEqualTo(1);
        assertThat(report.at("/inSync/count").asLong()).isEqualTo(1);
        assertThat(report.at("/missing/objects/0/key").asText()).isEqualTo("日本/never copied.jpg");
        assertThat(report.at("/stale/objects/0/key").asText()).isEqualTo("overwritten+1.jpg");
        assertThat(report.at("/stale/objects/0/versionId").asText()).isEqualTo("v2");
        assertThat(report.at("/extra/count").asLong()).isEqualTo(2);
        assertThat(report.at("/extra/bytes").asLong()).isEqualTo(57);
        assertThat(report.at("/extra/objects").findValuesAsText("detail")).containsExactlyInAnyOrder(
            "deleted in S3: its current version is a delete marker",
            "no object with this key in the bucket, and the blob is not the copy service's (no s3src_ record)");
        assertThat(report.at("/behind/objects").asLong()).isEqualTo(2);
        assertThat(report.at("/behind/bytes").asLong()).isEqualTo(70);
        assertThat(report.at("/behind/oldestLastModified").asText()).isEqualTo("2026-12-01T10:01:00Z");
        assertThat(report.at("/backfill/enqueued").asLong()).isEqualTo(2);

        final JsonNode metrics = metrics();
        assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("CfnAzure/S3ToAzureBackup");
        assertThat(metrics.get("EntryPoint").asText()).isEqualTo("audit");
        assertThat(metrics.get("FunctionName").asText()).isEqualTo(LambdaRuntime.FUNCTION_NAME);
        assertThat(metrics.get("ObjectsBehind").asLong()).isEqualTo(2);
        assertThat(metrics.get("BytesBehind").asLong()).isEqualTo(70);
        assertThat(metrics.get("OldestUnreplicatedAge").asLong())
            .isEqualTo(Duration.between(T.plusSeconds(60), NOW).toSeconds());
        assertThat(metrics.get("Extra").asLong()).isEqualTo(2);

        // The copy function's own parsing of S3 events reads back each key, version and ETag.
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).queueUrl()).isEqualTo(QUEUE);
        final List<S3EventNotificationRecord> records = sent.get(0).entries().stream()
            .map(SendMessageBatchRequestEntry::messageBody)
            .map(body -> S3EventNotification.fromJson(body).getRecords().get(0)).toList();
        assertThat(records).extracting(S3EventNotificationRecord::getEventName).containsOnly("ObjectCreated:Put");
        assertThat(records).extracting(record -> ObjectEvent.decodeKey(record.getS3().getObject().getKey()))
            .containsExactly("overwritten+1.jpg", "日本/never copied.jpg");
        assertThat(records).extracting(record -> record.getS3().getObject().getVersionId())
            .containsExactly("v2", "v1");
        assertThat(records).extracting(record -> record.getS3().getObject().getETag())
            .containsExactly(md5(3), md5(4));

        assertThat(answer.get("clean").asBoolean()).isFalse();
        assertThat(answer.at("/missing/count").asLong()).isEqualTo(1);
        assertThat(answer.at("/missing/objects").isMissingNode()).isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("2 objects behind (1 missing, 1 stale), 0 corrupt, "
            + "2 extra: see s3://reports/audit/2026/12/06/140000Z.json");
    }

    @Test
    void onDemandWithoutBackfillOnlyReports() {
        versioning(null);
        doReturn(software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder().isTruncated(false)
            .contents(S3Object.builder().key("a.jpg").eTag("\"" + md5(1) + "\"").size(10L).lastModified(T).build())
            .build()).when(s3).listObjectsV2(any(ListObjectsV2Request.class));
        blobs();
        reportsAreWritten();

        final JsonNode answer = invoke(true, "{\"backfill\": false}");

        assertThat(answer.at("/missing/count").asLong()).isEqualTo(1);
        assertThat(answer.has("backfill")).isFalse();
        verify(sqs, never()).sendMessageBatch(any(SendMessageBatchRequest.class));
    }

    @Test
    void sqsRefusingSomeMessagesIsCountedAndWhatIsOverTheLimitIsLeftForTheNextRun() {
        versioning(null);
        doReturn(software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder().isTruncated(false)
            .contents(IntStream.range(0, 12).mapToObj(i -> S3Object.builder().key("k" + i)
                .eTag("\"" + md5(i) + "\"").size(1L).lastModified(T).build()).toList())
            .build()).when(s3).listObjectsV2(any(ListObjectsV2Request.class));
        blobs();
        reportsAreWritten();
        doAnswer(invocation -> {
            final SendMessageBatchRequest request = invocation.getArgument(0);
            sent.add(request);
            final List<SendMessageBatchRequestEntry> entries = request.entries();
            return SendMessageBatchResponse.builder()
                .successful(entries.subList(1, entries.size()).stream().map(entry -> SendMessageBatchResultEntry
                    .builder().id(entry.id()).messageId("m").build()).toList())
                .failed(BatchResultErrorEntry.builder().id(entries.get(0).id()).code("InternalError")
                    .senderFault(false).build())
                .build();
        }).when(sqs).sendMessageBatch(any(SendMessageBatchRequest.class));

        final JsonNode answer = invoke(true, "{}");

        assertThat(sent).extracting(request -> request.entries().size()).containsExactly(10, 1);
        assertThat(answer.at("/backfill/enqueued").asLong()).isEqualTo(9);
        assertThat(answer.at("/backfill/failed").asLong()).isEqualTo(2);
        assertThat(answer.at("/backfill/leftForNextRun").asLong()).isEqualTo(1);
        assertThat(answer.at("/backfill/failure").asText()).isEqualTo("SQS refused 1 of 10 messages: InternalError");
    }

    @Test
    void aRefusedListingNamesThePermissionAndPublishesAFailureInsteadOfCounts() {
        versioning(null);
        doThrow(S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("AccessDenied").build()).build()).when(s3).listObjectsV2(any(ListObjectsV2Request.class));
        blobs();

        final JsonNode answer = invoke(true, "{}");

        assertThat(answer.get("error").asText()).isEqualTo("S3 refused listing bucket 'photos': 403 AccessDenied; "
            + "the audit function's role needs s3:ListBucket on the bucket.");
        assertThat(metrics().get("AuditFailures").asInt()).isEqualTo(1);
        assertThat(metrics().has("ObjectsBehind")).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"level\":\"ERROR\"")
            .contains("The audit did not finish: S3 refused listing bucket 'photos'");
        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    /** The report bucket's object {@code key}: its JSON, or S3's 404 when null, or {@code refusal} when set. */
    private void lastReport(final String json, final S3Exception refusal) {
        doAnswer(invocation -> {
            final GetObjectRequest request = invocation.getArgument(0);
            assertThat(request.bucket() + "/" + request.key()).isEqualTo("reports/audit/latest.json");
            if (refusal != null) {
                throw refusal;
            }
            if (json == null) {
                throw NoSuchKeyException.builder().statusCode(404).build();
            }
            final ResponseTransformer<GetObjectResponse, ?> transformer = invocation.getArgument(1);
            return transformer.transform(GetObjectResponse.builder().build(), AbortableInputStream.create(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        }).when(s3).getObject(any(GetObjectRequest.class), ArgumentMatchers.<ResponseTransformer<GetObjectResponse,
            Object>>any());
    }

    private void oneObjectInSync() {
        versioning(null);
        doReturn(software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder().isTruncated(false)
            .contents(S3Object.builder().key("a.jpg").eTag("\"" + md5(1) + "\"").size(10L).lastModified(T).build())
            .build()).when(s3).listObjectsV2(any(ListObjectsV2Request.class));
        blobs(copy("a.jpg", null, md5(1), T, 10));
        reportsAreWritten();
        settings.put("VERIFY_SAMPLE_OBJECTS", "100");
    }

    @Test
    void theReadBackGoesOnFromTheLastReportsPositionAndAReadAzureRefusesIsReportedWithoutFailingTheAudit() {
        oneObjectInSync();
        lastReport("{\"readBack\": {\"nextFrom\": \"0000000000000001\"}}", null);
        final BlobClient blob = mock(BlobClient.class);
        when(container.getBlobClient("a.jpg")).thenReturn(blob);
        final BlobStorageException refused = mock(BlobStorageException.class);
        when(refused.getStatusCode()).thenReturn(403);
        when(refused.getErrorCode()).thenReturn(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH);
        when(blob.downloadStreamWithResponse(any(), any(), any(), any(), ArgumentMatchers.anyBoolean(), any(),
            any())).thenThrow(refused);

        final JsonNode answer = invoke(false, "{}");

        assertThat(answer.has("error")).isFalse();
        assertThat(answer.at("/inSync/count").asLong()).isEqualTo(1);
        assertThat(answer.at("/readBack/from").asText()).isEqualTo("0000000000000001");
        assertThat(answer.at("/readBack/objects").asLong()).isZero();
        assertThat(answer.at("/readBack/leftForLaterRuns").asLong()).isEqualTo(1);
        assertThat(answer.at("/readBack/nextFrom").asText())
            .isEqualTo(ReadBack.hex(new ReadBack(1, 1, ReadBack.FIRST).position("a.jpg")));
        assertThat(answer.at("/readBack/failure").asText()).isEqualTo("Reading back blob 'a.jpg' failed (Azure "
            + "answered 403 AuthorizationPermissionMismatch); the next run starts again with it.");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"level\":\"WARN\"")
            .contains("Reading back blob 'a.jpg' failed");
        assertThat(metrics().get("ReadBackObjects").asLong()).isZero();
    }

    @Test
    void theFirstRunStartsTheRotationAndALastReportS3RefusesNamesThePermission() {
        oneObjectInSync();
        lastReport(null, null);
        assertThat(invoke(false, "{}").at("/readBack/from").asText()).isEqualTo("0000000000000000");

        lastReport(null, (S3Exception) S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails
            .builder().errorCode("AccessDenied").build()).build());
        assertThat(invoke(false, "{}").get("error").asText()).isEqualTo("S3 refused reading the last audit report "
            + "s3://reports/audit/latest.json: 403 AccessDenied; the audit function's role needs s3:GetObject on the "
            + "report bucket's audit/* keys.");
    }

    @Test
    void azureRefusingTheListingNamesTheRoleToAssign() {
        final BlobStorageException refused = mock(BlobStorageException.class);
        when(refused.getStatusCode()).thenReturn(403);
        when(refused.getErrorCode()).thenReturn(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH);
        doThrow(refused).when(container).listBlobs(any(ListBlobsOptions.class), any());

        final JsonNode answer = invoke(true, "{}");

        assertThat(answer.get("error").asText()).isEqualTo("Azure refused listing the blobs of "
            + "https://mystorage01.blob.core.windows.net/backup: 403 AuthorizationPermissionMismatch; the app needs a "
            + "role with the blob data action read (Microsoft.Storage/storageAccounts/blobServices/containers/blobs/"
            + "read) on the container, and the account's network rules must let the function in.");
    }

    @Test
    void aPayloadThatIsNotJsonIsAnsweredWithWhatToSend() {
        final JsonNode answer = invoke(true, "backfill please");

        assertThat(answer.get("error").asText()).isEqualTo("The invocation's payload is not JSON: invoke the audit "
            + "with {} or {\"backfill\": false}.");
        verify(container, never()).listBlobs(any(ListBlobsOptions.class), any());
    }

    @Test
    void aMissingSettingIsNamedInTheAnswer() throws Exception {
        final Map<String, String> environment = environment(false);
        environment.remove("REPORT_BUCKET");
        final AuditHandler handler = output.during(() -> AuditHandler.create(environment, Clock.systemUTC()));

        final JsonNode answer = read(output.during(() -> LambdaRuntime.invoke(handler, "{}",
            Duration.ofMinutes(1))));

        assertThat(answer.get("error").asText()).isEqualTo("Invalid function setting: REPORT_BUCKET is not set.");
        assertThat(output.text()).contains("\"level\":\"ERROR\"");
        assertThat(metrics().get("AuditFailures").asInt()).isEqualTo(1);
    }
}
