package io.cfnazure.backup.drill;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.backup.CopyHandlers;
import io.cfnazure.backup.SqsCopyHandler;
import io.cfnazure.backup.audit.AuditHandler;
import io.cfnazure.backup.restore.RestoreCommand;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@code ./drill}: the disaster-recovery drill on the local servers. Objects are uploaded to a bucket and
 * copied by the copy function into a container of an account that keeps blob versions; then, as ransomware would,
 * one is overwritten with other bytes, which the copy follows (its previous blob version keeps the original), and
 * after the bucket's event notifications are cut others are overwritten and deleted; the audit reports the damage it
 * can see (the copy cannot tell the first from an honest change); the restore command puts back, as of a time before the damage, what the container held; S3's
 * events of the restored objects are copied; the audit finds nothing behind; every object has its original SHA-256.
 * Then the buckets, the container (with its blobs' versions) and the queue's messages are gone: nothing is left.
 */
public final class DisasterRecoveryDrill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** What the drill saw: the tests assert on it. */
    public record Outcome(JsonNode damageReport, int restoreStatus, String restoreOutput, JsonNode cleanReport,
                          Map<String, Boolean> sameBytes, boolean nothingLeft) {
    }

    private final BackupTestBed bed;
    private final PrintStream out;
    private final String bucket = "drill-source-" + suffix();
    private final String work = "drill-work-" + suffix();
    private final String containerName = "drill-copy-" + suffix();
    private final StandardOutput functionOutput = new StandardOutput();
    private final SqsQueue queue = new SqsQueue(3);
    private final Map<String, byte[]> originals = new LinkedHashMap<>();

    public DisasterRecoveryDrill(final BackupTestBed bed, final PrintStream out) {
        this.bed = bed;
        this.out = out;
    }

    public static void main(final String[] args) {
        System.out.println("Starting S3 (S3Mock), Azure Blob Storage (Azurite, with blob versions), and the Entra ID "
            + "and Secrets Manager stand-ins on 127.0.0.1...");
        final Outcome outcome = new DisasterRecoveryDrill(BackupTestBed.shared(), System.out).run();
        final boolean passed = outcome.restoreStatus() == 0 && outcome.cleanReport().path("clean").asBoolean()
            && !outcome.sameBytes().containsValue(false) && outcome.nothingLeft();
        System.out.println(passed ? "\nDrill passed." : "\nDRILL FAILED: see above.");
        System.exit(passed ? 0 : 1);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private Map<String, String> environment() {
        return bed.functionEnvironmentWithVersions(containerName);
    }

    public Outcome run() {
        final S3Client s3 = bed.s3();
        // Unversioned: S3Mock refuses the restore's If-None-Match write of a key whose current version is a delete
        // marker (412), where the key does not exist for S3 (README, DR drill).
        s3.createBucket(b -> b.bucket(bucket));
        s3.createBucket(b -> b.bucket(work));
        final BlobContainerClient container = bed.createVersionedContainer(containerName);
        final SqsCopyHandler copy = functionOutput.during(() -> CopyHandlers.sqs(environment()));
        out.printf("%nSource bucket  s3://%s%nBackup         %s (the account keeps blob versions)%n"
            + "Work bucket    s3://%s (audit reports, the restore's manifest and report)%n", bucket,
            BackupTestBed.containerUrl(BackupTestBed.VERSIONED_ACCOUNT, containerName), work);
        try {
            out.println("\n1. Upload: S3 sends each object's event to the queue, the copy function copies it");
            final Map<String, Integer> sizes = new LinkedHashMap<>();
            sizes.put("finance/ledger 2026.csv", 64 * 1024);
            sizes.put("finance/invoices/INV-0001.pdf", 300 * 1024);
            sizes.put("photos/été/plage+soleil.jpg", 900 * 1024);
            sizes.put("photos/team.png", 12 * 1024);
            sizes.put("contracts/acme.docx", 40 * 1024);
            sizes.put("readme.txt", 100);
            sizes.forEach((key, size) -> {
                final byte[] bytes = random(size, key.hashCode());
                originals.put(key, bytes);
                final PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key),
                    RequestBody.fromBytes(bytes));
                queue.send(S3Events.created(bucket, key, size, put.eTag(), put.versionId()));
                out.printf("   put s3://%s/%s (%,d bytes)%n", bucket, key, size);
            });
            out.printf("   copied; failed messages: %s%n", deliver(copy));
            sleepPastTheSecond();
            final Instant beforeDamage = Instant.now();
            sleepPastTheSecond();

            out.printf("%n2. Ransomware, after %s%n", beforeDamage);
            final String copiedDamage = "finance/ledger 2026.csv";
            final PutObjectResponse first = s3.putObject(b -> b.bucket(bucket).key(copiedDamage),
                RequestBody.fromBytes(damaged(copiedDamage)));
            queue.send(S3Events.created(bucket, copiedDamage, originals.get(copiedDamage).length, first.eTag(),
                first.versionId()));
            out.printf("   overwritten s3://%s/%s with other bytes; its event is copied: failed messages %s (the "
                + "copy's previous blob version keeps the original)%n", bucket, copiedDamage, deliver(copy));
            out.println("   the bucket's event notifications cut; then:");
            final List<String> overwritten = List.of("photos/été/plage+soleil.jpg", "contracts/acme.docx");
            final List<String> deleted = List.of("finance/invoices/INV-0001.pdf", "photos/team.png");
            for (final String key : overwritten) {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(damaged(key)));
                out.printf("   overwritten s3://%s/%s with other bytes%n", bucket, key);
            }
            for (final String key : deleted) {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
                out.printf("   deleted     s3://%s/%s%n", bucket, key);
            }

            out.println("\n3. Audit (report only: a backfill now would copy the damage over the good copies)");
            final JsonNode damage = audit();
            out.printf("   %s%n", summary(damage));
            damage.at("/stale/objects").forEach(o -> out.printf("   stale   %-34s %s%n", o.get("key").asText(),
                o.get("detail").asText()));
            damage.at("/extra/objects").forEach(o -> out.printf("   extra   %-34s %s%n", o.get("key").asText(),
                o.get("detail").asText()));

            out.printf("%n4. Restore the container as of %s into the bucket (the damaged objects are newer: "
                + "--overwrite-newer)%n", beforeDamage);
            final ByteArrayOutputStream restoreOutput = new ByteArrayOutputStream();
            final int status = functionOutput.during(() -> new RestoreCommand(environment(),
                new PrintStream(restoreOutput, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(new String[] {
                    "--bucket", bucket, "--as-of", beforeDamage.toString(), "--overwrite-newer",
                    "--work", "s3://" + work + "/drill/restore", "--run-here"}));
            final String restored = restoreOutput.toString(StandardCharsets.UTF_8);
            restored.lines().forEach(line -> out.println("   " + line));
            if (status != 0) {
                final JsonNode report = json(s3.getObjectAsBytes(b -> b.bucket(work).key("drill/restore/report.json"))
                    .asByteArray());
                report.path("failures").forEach(failure -> out.printf("   failed  %-34s %s%n",
                    failure.path("key").asText(), failure.path("reason").asText()));
            }

            out.println("\n5. The notifications are back: S3's events of the restored objects reach the copy function");
            final List<String> restoredKeys = new ArrayList<>(List.of(copiedDamage));
            restoredKeys.addAll(overwritten);
            restoredKeys.addAll(deleted);
            for (final String key : restoredKeys) {
                final HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
                queue.send(S3Events.created(bucket, key, head.contentLength(), head.eTag(), head.versionId()));
            }
            out.printf("   copied; failed messages: %s%n", deliver(copy));

            out.println("\n6. Audit again");
            final JsonNode clean = audit();
            out.printf("   %s%n", summary(clean));

            out.println("\n7. Every object against its original bytes (SHA-256), in S3 and in the container");
            final Map<String, Boolean> same = new LinkedHashMap<>();
            for (final Map.Entry<String, byte[]> original : originals.entrySet()) {
                final String expected = sha256(original.getValue());
                final String inS3 = sha256(s3.getObjectAsBytes(b -> b.bucket(bucket).key(original.getKey()))
                    .asByteArray());
                final String inAzure = sha256(container.getBlobClient(original.getKey()).downloadContent()
                    .toBytes());
                same.put(original.getKey(), expected.equals(inS3) && expected.equals(inAzure));
                out.printf("   %-34s %s%n", original.getKey(), same.get(original.getKey()) ? "same in S3 and Azure"
                    : "DIFFERENT (S3 " + inS3.substring(0, 12) + ", Azure " + inAzure.substring(0, 12) + ")");
            }
            final boolean nothingLeft = cleanUp(container);
            return new Outcome(damage, status, restored, clean, same, nothingLeft);
        } catch (final RuntimeException e) {
            cleanUp(container);
            throw e;
        }
    }

    private List<String> deliver(final SqsCopyHandler copy) {
        final List<String> failed = new ArrayList<>();
        while (queue.visibleMessages() > 0) {
            failed.addAll(functionOutput.during(() -> queue.deliver(10, event -> LambdaRuntime.invoke(copy,
                SQSEvent.class, SQSBatchResponse.class, event, TIMEOUT))));
        }
        return failed;
    }

    /** The audit function, report only, as `aws lambda invoke --payload '{"backfill": false}'`; its report. */
    private JsonNode audit() {
        final Map<String, String> environment = new LinkedHashMap<>(environment());
        environment.put("SOURCE_BUCKET", bucket);
        environment.put("REPORT_BUCKET", work);
        environment.put("REPORT_PREFIX", "drill/audit/");
        final AuditHandler handler = functionOutput.during(() -> AuditHandler.create(environment, Clock.systemUTC()));
        final String answer = functionOutput.during(() -> LambdaRuntime.invoke(handler, "{\"backfill\": false}",
            TIMEOUT));
        try {
            if (JSON.readTree(answer).has("error")) {
                throw new IllegalStateException("The audit failed: " + answer);
            }
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return json(bed.s3().getObjectAsBytes(b -> b.bucket(work).key("drill/audit/latest.json")).asByteArray());
    }

    private static JsonNode json(final byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String summary(final JsonNode report) {
        return String.format("%s: %d in sync, %d missing, %d stale, %d corrupt, %d extra; %d objects (%,d bytes) "
                + "behind. Report: %s", report.path("clean").asBoolean() ? "CLEAN" : "NOT CLEAN",
            report.at("/inSync/count").asLong(), report.at("/missing/count").asLong(),
            report.at("/stale/count").asLong(), report.at("/corrupt/count").asLong(),
            report.at("/extra/count").asLong(), report.at("/behind/objects").asLong(),
            report.at("/behind/bytes").asLong(), report.path("report").asText());
    }

    /** Deletes every version of both buckets, the buckets and the container; whether they are all gone. */
    private boolean cleanUp(final BlobContainerClient container) {
        final S3Client s3 = bed.s3();
        for (final String name : List.of(bucket, work)) {
            s3.listObjectVersionsPaginator(b -> b.bucket(name)).forEach(page -> {
                page.versions().forEach(v -> s3.deleteObject(b -> b.bucket(name).key(v.key())
                    .versionId(v.versionId())));
                page.deleteMarkers().forEach(m -> s3.deleteObject(b -> b.bucket(name).key(m.key())
                    .versionId(m.versionId())));
            });
            s3.deleteBucket(b -> b.bucket(name));
        }
        container.delete();
        final boolean bucketsGone = s3.listBuckets().buckets().stream()
            .noneMatch(b -> b.name().equals(bucket) || b.name().equals(work));
        final boolean nothingLeft = bucketsGone && !container.exists() && queue.visibleMessages() == 0;
        out.printf("%nCleaned up: both buckets, the container and its blobs' versions are deleted%s.%n",
            nothingLeft ? "" : " (SOMETHING IS LEFT)");
        return nothingLeft;
    }

    private static void sleepPastTheSecond() {
        // S3's Last-Modified, which the copy records, has whole seconds.
        try {
            Thread.sleep(1100);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Other bytes of the original's size, as ransomware's encryption would leave. */
    private byte[] damaged(final String key) {
        return random(originals.get(key).length, ~key.hashCode());
    }

    private static byte[] random(final int size, final long seed) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
