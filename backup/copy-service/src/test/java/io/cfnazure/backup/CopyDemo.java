package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.LocalCloud;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code ./demo [--sign-in client-secret|aws-web-identity]}: a bucket's objects arriving in an Azure container, on the
 * local servers, through the function's two entry points, the function signing in with a client secret from Secrets
 * Manager or with its role's AWS web identity token; then everything it made is deleted and the servers stop.
 */
public final class CopyDemo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = System.out;

    private final BackupTestBed bed;
    private final String bucket = "demo-photos-" + UUID.randomUUID().toString().substring(0, 6);
    private final String containerName = "dr-copy-" + UUID.randomUUID().toString().substring(0, 6);
    /** The function prints its log and metrics lines as in Lambda; the demo shows them in summary. */
    private final StandardOutput functionOutput = new StandardOutput();
    private final boolean withoutSecret;
    private final SqsCopyHandler sqs;
    private final BatchOperationsHandler batch;

    private CopyDemo(final BackupTestBed bed, final boolean withoutSecret) {
        this.bed = bed;
        this.withoutSecret = withoutSecret;
        final CopyFunction function = functionOutput.during(() -> CopyFunction.create(withoutSecret
            ? bed.functionEnvironmentWithoutSecret(containerName)
            : bed.functionEnvironment(containerName, false, null), Clock.systemUTC()));
        this.sqs = new SqsCopyHandler(function);
        this.batch = new BatchOperationsHandler(function);
    }

    public static void main(final String[] args) throws Exception {
        final List<String> arguments = List.of(args);
        final boolean withoutSecret = arguments.equals(List.of("--sign-in", "aws-web-identity"));
        if (!withoutSecret && !arguments.isEmpty() && !arguments.equals(List.of("--sign-in", "client-secret"))) {
            System.err.println("usage: ./demo [--sign-in client-secret|aws-web-identity]");
            System.exit(2);
        }
        OUT.println("Starting S3 (S3Mock), Azure Blob Storage (Azurite), and the Entra ID, Secrets Manager and STS "
            + "stand-ins on 127.0.0.1...");
        final CopyDemo demo = new CopyDemo(BackupTestBed.shared(), withoutSecret);
        demo.run();
        System.exit(0);
    }

    private void run() throws Exception {
        bed.s3().createBucket(b -> b.bucket(bucket));
        final BlobContainerClient container = bed.createContainer(containerName);
        final String app = withoutSecret ? LocalCloud.FEDERATED_CLIENT_ID : LocalCloud.CLIENT_ID;
        final int secretReads = bed.cloud().secretsManager().requests();
        final int awsTokens = bed.cloud().sts().tokensIssued(bed.functionAccessKeyId());
        final int entraTokens = bed.cloud().entraId().tokenRequests(app);
        OUT.printf("%nSource bucket  s3://%s%nBackup         %s%nSign-in        %s%n", bucket,
            BackupTestBed.containerUrl(containerName), withoutSecret
                ? "without a secret: the function role's AWS web identity token (AZURE_AUTHENTICATION AwsWebIdentity)"
                : "with the app's client secret from Secrets Manager (AZURE_AUTHENTICATION ClientSecret)");
        try {
            OUT.println("\n1. Objects that were in the bucket before the backup existed: the Batch Operations backfill");
            for (final String key : List.of("archive/2019/annual report.pdf", "archive/2020/été/photo+1.jpg")) {
                put(key, 48 * 1024);
                final JsonNode answer = JSON.readTree(functionOutput.during(() -> LambdaRuntime.invoke(batch, """
                    {"invocationSchemaVersion":"2.0","invocationId":"demo","job":{"id":"backfill","userArguments":{}},
                     "tasks":[{"taskId":"%s","s3Key":"%s","s3VersionId":null,"s3Bucket":"%s"}]}
                    """.formatted(UUID.randomUUID(), S3Events.encodedKey(key), bucket), Duration.ofMinutes(15))));
                OUT.printf("   task for %-36s -> %s (%s)%n", key, answer.at("/results/0/resultCode").asText(),
                    answer.at("/results/0/resultString").asText());
            }

            OUT.println("\n2. New uploads: S3 sends an event to the queue, the function copies the object");
            final SqsQueue queue = new SqsQueue(3);
            final Map<String, Integer> uploads = Map.of("photos/2026/beach day.jpg", 300 * 1024,
                "photos/2026/日本/富士山.jpg", 120 * 1024, "videos/launch.mp4", 20 * 1024 * 1024,
                "docs/empty-marker.txt", 0);
            uploads.forEach((key, size) -> queue.send(S3Events.created(bucket, key, size, put(key, size))));
            OUT.printf("   %d events in the queue; the function's answer lists failed messages: %s%n",
                uploads.size(), deliver(queue));

            OUT.println("\n3. An overwrite, a repeated event and a delete");
            final String key = "photos/2026/beach day.jpg";
            final String overwrite = S3Events.created(bucket, key, 310 * 1024, put(key, 310 * 1024));
            queue.send(overwrite);
            OUT.printf("   the overwrite's event; failed messages: %s%n", deliver(queue));
            queue.send(overwrite);
            OUT.printf("   the same event again, as SQS may deliver it (nothing is uploaded); failed messages: %s%n",
                deliver(queue));
            bed.s3().deleteObject(b -> b.bucket(bucket).key("docs/empty-marker.txt"));
            queue.send(S3Events.removed(bucket, "docs/empty-marker.txt"));
            OUT.printf("   a delete; failed messages: %s%n", deliver(queue));
            OUT.println("   (deletes are not mirrored by default: a backup that follows deletes is not a backup)");

            OUT.println("\nThe container now holds (checked against S3 by SHA-256 where the object still exists):");
            for (final BlobItem blob : container.listBlobs(new ListBlobsOptions().setDetails(
                new BlobListDetails().setRetrieveMetadata(true)), null)) {
                OUT.printf("   %-36s %10d bytes  %-14s  from version %s (ETag %s)%n", blob.getName(),
                    blob.getProperties().getContentLength(), matches(container, blob.getName()),
                    blob.getMetadata().getOrDefault(SourceRecord.VERSION_ID, "-"),
                    blob.getMetadata().get(SourceRecord.ETAG));
            }
            OUT.printf("%nWhat signing in took for the whole demo (one warm function): Secrets Manager requests %d, "
                    + "AWS web identity tokens %d, Entra ID tokens %d%n",
                bed.cloud().secretsManager().requests() - secretReads,
                bed.cloud().sts().tokensIssued(bed.functionAccessKeyId()) - awsTokens,
                bed.cloud().entraId().tokenRequests(app) - entraTokens);
            OUT.println("\nWhat the function printed for CloudWatch (one embedded-metric-format line per batch):");
            functionOutput.text().lines().filter(line -> line.contains("CloudWatchMetrics"))
                .map(CopyDemo::metrics).forEach(line -> OUT.println("   " + line));
        } finally {
            container.delete();
            bed.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                .forEach(o -> bed.s3().deleteObject(b -> b.bucket(bucket).key(o.key())));
            bed.s3().deleteBucket(b -> b.bucket(bucket));
            OUT.println("\nCleaned up: the container and the bucket are deleted; the servers stop as this command exits.");
        }
    }

    private String put(final String key, final int size) {
        final byte[] bytes = new byte[size];
        new Random(key.hashCode() + size).nextBytes(bytes);
        final String eTag = bed.s3().putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key)),
            RequestBody.fromBytes(bytes)).eTag();
        OUT.printf("   put s3://%s/%s (%,d bytes)%n", bucket, key, size);
        return eTag;
    }

    private static String contentType(final String key) {
        return key.endsWith(".jpg") ? "image/jpeg" : key.endsWith(".mp4") ? "video/mp4"
            : key.endsWith(".pdf") ? "application/pdf" : "text/plain";
    }

    private List<String> deliver(final SqsQueue queue) {
        return functionOutput.during(() -> queue.deliver(10, event -> LambdaRuntime.invoke(sqs, SQSEvent.class,
            SQSBatchResponse.class, event, Duration.ofMinutes(15))));
    }

    private String matches(final BlobContainerClient container, final String key) throws Exception {
        final String blob;
        try (InputStream in = container.getBlobClient(key).openInputStream()) {
            blob = sha256(in);
        }
        try (ResponseInputStream<GetObjectResponse> in = bed.s3().getObject(b -> b.bucket(bucket).key(key))) {
            return blob.equals(sha256(in)) ? "same bytes" : "DIFFERENT";
        } catch (final software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return "kept (deleted in S3)";
        }
    }

    private static String sha256(final InputStream in) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String metrics(final String line) {
        try {
            final JsonNode emf = JSON.readTree(line);
            return String.format("%s: Objects=%d Bytes=%,d Skipped=%d Deleted=%d Failures=%d Latency=%d ms",
                emf.get("EntryPoint").asText(), emf.get("Objects").asInt(), emf.get("Bytes").asLong(),
                emf.get("Skipped").asInt(), emf.get("Deleted").asInt(), emf.get("Failures").asInt(),
                emf.get("Latency").asLong());
        } catch (final java.io.IOException e) {
            return line;
        }
    }
}
