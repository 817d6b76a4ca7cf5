package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.util.BinaryData;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.backup.restore.RestoreCommand;
import io.cfnazure.backup.restore.RestoreHandler;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.GeneratedContent;
import io.cfnazure.backup.testbed.LambdaRuntime;
import io.cfnazure.backup.testbed.LargeObjects;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.localcloud.LocalCloud;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The benchmark of issue 10 §4, run by {@code ./benchmark} in a JVM with the heap of a 1,024 MB Lambda function: a
 * 1 GiB object and 1,000 objects of 64 KiB copied through the SQS entry point, against the floor of the raw SDKs
 * moving the same bytes with the same parallelism (S3 read alone, Azure write alone), each the median of several
 * runs; peak heap during each copy; and the cold start of a fresh JVM. Results go to
 * {@code target/benchmark/results.json} and {@code results.md}, and the table is printed.
 */
public final class CopyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1L << 30;
    private static final int SMALL_SIZE = 64 * 1024;
    /** The CDK construct's batch size, and a larger one (it needs a batching window on the event source). */
    private static final List<Integer> SQS_BATCH_SIZES = List.of(10, 100);

    private final BackupTestBed bed = BackupTestBed.shared();
    private final String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final int runs;
    private final int smallObjects;
    private final Set<String> workloads;
    /** The function's S3 client, to S3Mock directly (the test bed points the function at its recording proxy). */
    private final S3Client functionLikeS3 = S3Client.builder()
        .endpointOverride(java.net.URI.create(bed.s3MockEndpoint()))
        .httpClient(CopyFunction.awsHttpClient(CopyServiceConfig.DEFAULT_CONCURRENT_COPIES)).build();

    /** An earlier build's classes to compare with, in the same runs (-Dbenchmark.compareClasses=FOLDER), or null. */
    private final ClassLoader compared;

    private CopyBenchmark(final int runs, final int smallObjects, final Set<String> workloads) throws Exception {
        final String compareClasses = System.getProperty("benchmark.compareClasses");
        this.compared = compareClasses == null ? null : childFirst(Path.of(compareClasses));
        this.runs = runs;
        this.smallObjects = smallObjects;
        this.workloads = workloads;
    }

    /**
     * Arguments: runs (3), small objects (1000), output folder, workloads (all:
     * large,small,cold,restore,restore-large).
     */
    public static void main(final String[] args) throws Exception {
        // The JDK's keep-alive cache as the function's JVM has it (CopyFunction.awsHttpClient sizes it before the
        // first request), here before the test bed's first request.
        CopyFunction.awsHttpClient(CopyServiceConfig.DEFAULT_CONCURRENT_COPIES).close();
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int smallObjects = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        final Set<String> workloads = Set.of((args.length > 3 ? args[3] : "large,small,cold,restore,restore-large").split(","));
        new CopyBenchmark(runs, smallObjects, workloads).run(Path.of(args.length > 2 ? args[2] : "target/benchmark"));
        System.exit(0);
    }

    private Path out;

    private Path out() {
        return out;
    }

    private void run(final Path outputFolder) throws Exception {
        this.out = outputFolder;
        // Measure the SDKs and the copy, not the test's fault proxies.
        System.setProperty("cfnazure.test.blobEndpoint", bed.azuriteBlobEndpointTemplate());
        System.setProperty("aws.endpointUrlS3", bed.s3MockEndpoint());
        bed.s3().createBucket(b -> b.bucket(bucket));
        final ObjectNode results = JSON.createObjectNode();
        results.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        results.put("jvmFlags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        results.put("runs", runs);
        results.put("cpus", Runtime.getRuntime().availableProcessors());

        if (workloads.contains("large")) {
            large(results.putObject("largeObject"));
        }
        if (workloads.contains("small") || workloads.contains("cold")) {
            small(results);
        }
        if (workloads.contains("restore")) {
            restore(results.putObject("restoreSmallObjects"));
        }
        if (workloads.contains("restore-large")) {
            restoreLarge(results.putObject("restoreLargeBlob"));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        final String table = table(results);
        Files.writeString(out.resolve("results.md"), table);
        System.out.println();
        System.out.println(table);
        System.out.println("Results: " + out.resolve("results.json").toAbsolutePath() + " and results.md");
        bed.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
            .forEach(o -> bed.s3().deleteObject(b -> b.bucket(bucket).key(o.key())));
        bed.s3().deleteBucket(b -> b.bucket(bucket));
    }

    private void large(final ObjectNode large) throws Exception {
        log("Uploading the 1 GiB object (multipart, generated)...");
        final String largeKey = "bench/one-gib.bin";
        final String largeETag = LargeObjects.upload(bed.s3(), bucket, largeKey, new GeneratedContent(7, GIB, false), GIB);
        large.put("bytes", GIB);
        large.put("s3ReadMiBps", median(() -> mibps(GIB, time(() -> readAll(largeKey)))));
        large.put("azureWriteMiBps", median(() -> {
            final BlobContainerClient target = freshContainer();
            try {
                return mibps(GIB, time(() -> rawUpload(target, "one-gib.bin", new GeneratedContent(7, GIB, false), GIB)));
            } finally {
                target.delete();
            }
        }));
        final List<Double> copyRates = new ArrayList<>();
        final List<Double> peaks = new ArrayList<>();
        final List<Double> comparedRates = new ArrayList<>();
        final List<Double> comparedPeaks = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            copyLarge(largeKey, largeETag, this::handler, copyRates, peaks);
            log("  copy run %d: %.1f MiB/s, peak heap %.0f MiB", i + 1, copyRates.get(i), peaks.get(i));
            if (compared != null) {
                copyLarge(largeKey, largeETag, this::comparedHandler, comparedRates, comparedPeaks);
                log("  compared build, run %d: %.1f MiB/s, peak heap %.0f MiB", i + 1, comparedRates.get(i),
                    comparedPeaks.get(i));
            }
        }
        large.put("copyMiBps", median(copyRates));
        large.put("copyPeakHeapMiB", median(peaks));
        if (compared != null) {
            large.set("comparedCopyRuns", JSON.valueToTree(comparedRates));
            large.set("comparedPeakHeapRuns", JSON.valueToTree(comparedPeaks));
            large.put("comparedMiBps", median(comparedRates));
            large.put("comparedPeakHeapMiB", median(comparedPeaks));
        }
        large.set("copyRuns", JSON.valueToTree(copyRates));
        large.set("peakHeapRuns", JSON.valueToTree(peaks));
        large.put("floorMiBps", Math.min(large.get("s3ReadMiBps").asDouble(), large.get("azureWriteMiBps").asDouble()));
        large.put("copyToFloor", large.get("copyMiBps").asDouble() / large.get("floorMiBps").asDouble());
        if (compared != null) {
            large.put("comparedToFloor", large.get("comparedMiBps").asDouble() / large.get("floorMiBps").asDouble());
        }
    }

    /** The 1 GiB object's event delivered to a new handler: its rate and the peak heap, added to the lists. */
    private void copyLarge(final String key, final String eTag, final HandlerOf handlerOf, final List<Double> rates,
                           final List<Double> peaks) throws Exception {
        final String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient target = bed.createContainer(container);
        try {
            final RequestHandler<SQSEvent, SQSBatchResponse> handler = handlerOf.handler(container);
            final SqsQueue queue = new SqsQueue(1);
            queue.send(S3Events.created(bucket, key, GIB, eTag));
            resetPeakHeap();
            final long nanos = time(() -> require(deliver(queue, handler, 1).isEmpty(), "the 1 GiB copy failed"));
            peaks.add((double) (peakHeap() >> 20));
            rates.add(mibps(GIB, nanos));
        } finally {
            target.delete();
        }
    }

    private void small(final ObjectNode results) throws Exception {

        log("Uploading %d objects of 64 KiB...", smallObjects);
        final byte[] small = new byte[SMALL_SIZE];
        new java.util.Random(3).nextBytes(small);
        final Map<String, String> smallETags = uploadSmall("bench/small/", small);
        final List<String> smallKeys = new ArrayList<>(smallETags.keySet());
        if (workloads.contains("cold")) {
            results.set("coldStart", coldStart(smallKeys.get(0), smallETags.get(smallKeys.get(0)), out()));
        }
        if (!workloads.contains("small")) {
            return;
        }
        final ObjectNode smallResult = results.putObject("smallObjects");
        smallResult.put("objects", smallObjects);
        smallResult.put("bytesEach", SMALL_SIZE);
        smallResult.put("parallelism", CopyServiceConfig.DEFAULT_CONCURRENT_COPIES);
        smallResult.put("s3ReadObjectsPerSecond", median(() -> perSecond(smallObjects,
            time(() -> parallel(smallObjects, i -> readAll(smallKeys.get(i)))))));
        smallResult.put("azureWriteObjectsPerSecond", median(() -> {
            final BlobContainerClient target = freshContainer();
            try {
                return perSecond(smallObjects, time(() -> parallel(smallObjects, i -> {
                    target.getBlobClient(smallKeys.get(i)).getBlockBlobClient().upload(BinaryData.fromBytes(small));
                    return null;
                })));
            } finally {
                target.delete();
            }
        }));
        for (final int batchSize : SQS_BATCH_SIZES) {
            final ObjectNode copy = smallResult.putObject("copyInBatchesOf" + batchSize);
            copySmall(batchSize, smallKeys, smallETags, small, copy);
        }
    }

    /**
     * The small objects' events delivered in SQS batches of {@code batchSize}, each run right after a run of the floor:
     * every object read from S3 and written to Azure (GET then Put Blob) by as many workers as the copy runs items at
     * once in such a batch, over the function's own HTTP clients. Median rates, their ratio and the copy's peak heap.
     */
    private void copySmall(final int batchSize, final List<String> keys, final Map<String, String> eTags,
                           final byte[] content, final ObjectNode result) throws Exception {
        final int concurrency = Math.min(batchSize, CopyServiceConfig.DEFAULT_CONCURRENT_COPIES);
        final List<Double> floors = new ArrayList<>();
        final List<Double> batchedFloors = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Double> comparedRates = new ArrayList<>();
        final List<Double> peaks = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            floors.add(getAndPut(keys, content, concurrency, keys.size()));
            batchedFloors.add(getAndPut(keys, content, concurrency, batchSize));
            rates.add(copyRun(batchSize, keys, eTags, this::handler));
            peaks.add((double) (peakHeap() >> 20));
            if (compared != null) {
                comparedRates.add(copyRun(batchSize, keys, eTags, this::comparedHandler));
            }
            log("  run %d, batches of %d: floor (GET+PUT, %d at once) %.0f objects/s, in batches %.0f objects/s, "
                + "copy %.0f objects/s%s", run + 1, batchSize, concurrency, floors.get(run), batchedFloors.get(run),
                rates.get(run), compared == null ? "" : String.format(", compared build %.0f objects/s",
                    comparedRates.get(run)));
        }
        if (compared != null) {
            result.set("comparedCopyRuns", JSON.valueToTree(comparedRates));
            result.put("comparedObjectsPerSecond", median(comparedRates));
            result.put("comparedToFloor", median(comparedRates) / median(floors));
            result.put("comparedToBatchedFloor", median(comparedRates) / median(batchedFloors));
        }
        result.put("concurrency", concurrency);
        result.set("floorRuns", JSON.valueToTree(floors));
        result.set("copyRuns", JSON.valueToTree(rates));
        result.set("batchedFloorRuns", JSON.valueToTree(batchedFloors));
        result.put("floorObjectsPerSecond", median(floors));
        result.put("batchedFloorObjectsPerSecond", median(batchedFloors));
        result.put("copyToBatchedFloor", median(rates) / median(batchedFloors));
        result.put("objectsPerSecond", median(rates));
        result.put("copyToFloor", median(rates) / median(floors));
        result.put("peakHeapMiB", median(peaks));
    }

    /**
     * The restore of small objects (Azure to S3): the objects copied once into a container, then, each run, restored
     * into a fresh bucket by the restore function invoked as S3 Batch Operations invokes it (one task per invocation,
     * {@code CONCURRENT_COPIES} invocations at once, warm), right after a run of its floor: each blob read from Azure and
     * written to S3 with one PUT, as many at once, over the function's own HTTP clients. The tasks are the manifest
     * the restore command plans (its planning is timed apart, as it runs before the job); then, into another fresh
     * bucket, a manifest of blob names, whose every key the function decides alone (List Blobs and HEAD first).
     */
    private void restore(final ObjectNode result) throws Exception {
        final int concurrency = CopyServiceConfig.DEFAULT_CONCURRENT_COPIES;
        final byte[] content = new byte[SMALL_SIZE];
        new java.util.Random(5).nextBytes(content);
        log("Uploading and copying %d objects of 64 KiB for the restore...", smallObjects);
        final String prefix = "bench/restore/";
        final Map<String, String> eTags = uploadSmall(prefix, content);
        final List<String> keys = new ArrayList<>(eTags.keySet());
        final String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient copies = bed.createContainer(container);
        try {
            final SqsCopyHandler copier = handler(container);
            final SqsQueue queue = new SqsQueue(1);
            keys.forEach(key -> queue.send(S3Events.created(bucket, key, SMALL_SIZE, eTags.get(key))));
            while (queue.visibleMessages() > 0) {
                require(deliver(queue, copier, 100).isEmpty(), "a copy for the restore failed");
            }
            final BlobContainerClient asTheFunction = functionsClient(container);
            final Map<String, String> environment = bed.functionEnvironment(container, false, null);
            final RestoreHandler restorer = new RestoreHandler(CopyFunction.create(environment, Clock.systemUTC()),
                Map.of());
            final List<Double> floors = new ArrayList<>();
            final List<Double> rates = new ArrayList<>();
            final List<Double> plans = new ArrayList<>();
            final List<Double> namedRates = new ArrayList<>();
            final List<Double> peaks = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                floors.add(intoFreshBucket(target -> perSecond(keys.size(), time(() -> parallel(keys.size(),
                    concurrency, i -> {
                        final byte[] bytes = asTheFunction.getBlobClient(keys.get(i)).downloadContent().toBytes();
                        require(bytes.length == content.length, "the floor read a short blob");
                        functionLikeS3.putObject(b -> b.bucket(target).key(keys.get(i)), RequestBody.fromBytes(bytes));
                        return null;
                    })))));
                resetPeakHeap();
                final int thisRun = run;
                rates.add(intoFreshBucket(target -> {
                    final long planning = System.nanoTime();
                    final List<String> tasks = plannedTasks(environment, prefix, target, "bench/plans/" + thisRun);
                    plans.add((System.nanoTime() - planning) / 1e9);
                    require(tasks.size() == keys.size(), "the plan lists " + tasks.size() + " keys");
                    return perSecond(tasks.size(), restoring(restorer, target, tasks,
                        RestoreCommand.userArguments(null, false), concurrency));
                }));
                peaks.add((double) (peakHeap() >> 20));
                namedRates.add(intoFreshBucket(target -> perSecond(keys.size(), restoring(restorer, target,
                    keys.stream().map(Texts::percentEncoded).toList(), JSON.createObjectNode(), concurrency))));
                log("  run %d: floor (Azure GET + S3 PUT, %d at once) %.0f objects/s, restore of the command's plan "
                    + "%.0f objects/s (plan %.2f s), of a manifest of names %.0f objects/s", run + 1, concurrency,
                    floors.get(run), rates.get(run), plans.get(run), namedRates.get(run));
            }
            result.put("objects", smallObjects);
            result.put("bytesEach", SMALL_SIZE);
            result.put("concurrency", concurrency);
            result.set("floorRuns", JSON.valueToTree(floors));
            result.set("restoreRuns", JSON.valueToTree(rates));
            result.set("planSecondsRuns", JSON.valueToTree(plans));
            result.set("namedRestoreRuns", JSON.valueToTree(namedRates));
            result.put("floorObjectsPerSecond", median(floors));
            result.put("objectsPerSecond", median(rates));
            result.put("restoreToFloor", median(rates) / median(floors));
            result.put("planSeconds", median(plans));
            result.put("namedObjectsPerSecond", median(namedRates));
            result.put("namedRestoreToFloor", median(namedRates) / median(floors));
            result.put("peakHeapMiB", median(peaks));
        } finally {
            copies.delete();
        }
    }

    /** The restore command's plan of {@code prefix} into {@code target}: its manifest's key fields. */
    private List<String> plannedTasks(final Map<String, String> environment, final String prefix, final String target,
                                      final String workPrefix) throws Exception {
        final java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        final int status = new RestoreCommand(environment, new java.io.PrintStream(output, true,
            java.nio.charset.StandardCharsets.UTF_8), Clock.systemUTC()).run(new String[] {"--bucket", target,
                "--prefix", prefix, "--work", "s3://" + bucket + "/" + workPrefix});
        require(status == 0, "the restore command failed: " + output);
        return bed.s3().getObjectAsBytes(b -> b.bucket(bucket).key(workPrefix + "/manifest.csv")).asUtf8String()
            .lines().map(line -> line.substring(line.indexOf(',') + 1)).toList();
    }

    /** Nanoseconds to run {@code keyFields} as restore tasks into {@code target}, {@code concurrency} at once. */
    private static long restoring(final RestoreHandler restorer, final String target, final List<String> keyFields,
                                    final ObjectNode userArguments, final int concurrency) throws Exception {
        return time(() -> parallel(keyFields.size(), concurrency, i -> {
            restoreAsBatchOperations(restorer, target, keyFields.get(i), userArguments);
            return null;
        }));
    }

    /**
     * The restore of one 1 GiB blob (Azure to S3), copied once into a container by the copy function, then, each run,
     * restored into a fresh bucket by the restore function invoked as S3 Batch Operations invokes it (one task), right
     * after a run of its floor: the blob's 8 MiB ranges read from Azure and written to S3 as the parts of a multipart
     * upload, as many at once as the restore uploads parts, over the function's own HTTP clients.
     */
    private void restoreLarge(final ObjectNode result) throws Exception {
        log("Uploading the 1 GiB object for the restore and copying it into a container...");
        final String key = "bench/restore/one-gib.bin";
        final String eTag = LargeObjects.upload(bed.s3(), bucket, key, new GeneratedContent(11, GIB, false), GIB);
        final String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient copies = bed.createContainer(container);
        try {
            final SqsQueue queue = new SqsQueue(1);
            queue.send(S3Events.created(bucket, key, GIB, eTag));
            require(deliver(queue, handler(container), 1).isEmpty(), "the copy of the 1 GiB object failed");
            final BlobClient blob = functionsClient(container).getBlobClient(key);
            final Map<String, String> environment = bed.functionEnvironment(container, false, null);
            final RestoreHandler restorer = new RestoreHandler(CopyFunction.create(environment, Clock.systemUTC()),
                Map.of());
            final List<Double> floors = new ArrayList<>();
            final List<Double> rates = new ArrayList<>();
            final List<Double> peaks = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                floors.add(intoFreshBucket(target -> mibps(GIB, time(() -> rangesAsParts(blob, target, key)))));
                final int thisRun = run;
                rates.add(intoFreshBucket(target -> {
                    final List<String> tasks = plannedTasks(environment, key, target, "bench/plans/large-" + thisRun);
                    resetPeakHeap();
                    final long nanos = time(() -> restoreAsBatchOperations(restorer, target, tasks.get(0),
                        RestoreCommand.userArguments(null, false)));
                    peaks.add((double) (peakHeap() >> 20));
                    require(bed.s3().headObject(b -> b.bucket(target).key(key)).contentLength() == GIB,
                        "the restored object is not 1 GiB");
                    return mibps(GIB, nanos);
                }));
                log("  run %d: floor (Azure ranges + S3 parts of 8 MiB, %d at once) %.1f MiB/s, restore %.1f MiB/s, "
                    + "peak heap %.0f MiB", run + 1, CopyFunction.BLOCKS_IN_FLIGHT, floors.get(run), rates.get(run),
                    peaks.get(run));
            }
            result.put("bytes", GIB);
            result.put("concurrency", CopyFunction.BLOCKS_IN_FLIGHT);
            result.set("floorRuns", JSON.valueToTree(floors));
            result.set("restoreRuns", JSON.valueToTree(rates));
            result.set("peakHeapRuns", JSON.valueToTree(peaks));
            result.put("floorMiBps", median(floors));
            result.put("restoreMiBps", median(rates));
            result.put("restoreToFloor", median(rates) / median(floors));
            result.put("peakHeapMiB", median(peaks));
        } finally {
            copies.delete();
        }
    }

    /**
     * The large restore's floor: {@code blob} into {@code target} as a multipart upload of 8 MiB parts, each part's
     * range read from Azure and uploaded by one of {@link CopyFunction#BLOCKS_IN_FLIGHT} workers.
     */
    private void rangesAsParts(final BlobClient blob, final String target, final String key) throws Exception {
        final int partSize = CopyServiceConfig.DEFAULT_BLOCK_SIZE;
        final String uploadId = functionLikeS3.createMultipartUpload(b -> b.bucket(target).key(key)).uploadId();
        final CompletedPart[] parts = new CompletedPart[(int) ((GIB + partSize - 1) / partSize)];
        parallel(parts.length, CopyFunction.BLOCKS_IN_FLIGHT, i -> {
            final long offset = (long) i * partSize;
            final int length = (int) Math.min(partSize, GIB - offset);
            final java.io.ByteArrayOutputStream range = new java.io.ByteArrayOutputStream(length);
            blob.downloadStreamWithResponse(range, new BlobRange(offset, (long) length), null, null, false, null,
                null);
            require(range.size() == length, "the floor read a short range");
            final String eTag = functionLikeS3.uploadPart(b -> b.bucket(target).key(key).uploadId(uploadId)
                .partNumber(i + 1), RequestBody.fromBytes(range.toByteArray())).eTag();
            parts[i] = CompletedPart.builder().partNumber(i + 1).eTag(eTag).build();
            return null;
        });
        functionLikeS3.completeMultipartUpload(b -> b.bucket(target).key(key).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)));
    }

    /** {@code smallObjects} objects of {@code content} under {@code prefix} in the bucket: their ETags by key, in order. */
    private Map<String, String> uploadSmall(final String prefix, final byte[] content) throws Exception {
        final Map<String, String> eTags = new java.util.concurrent.ConcurrentSkipListMap<>();
        parallel(smallObjects, i -> {
            final String key = String.format("%s%04d.bin", prefix, i);
            eTags.put(key, bed.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag());
            return null;
        });
        return eTags;
    }

    /** {@code key} restored into {@code targetBucket} by one invocation of one task; anything but a restore fails. */
    private static void restoreAsBatchOperations(final RestoreHandler restorer, final String targetBucket,
                                                 final String keyField, final ObjectNode userArguments)
        throws Exception {
        final JsonNode answer = JSON.readTree(LambdaRuntime.invoke(restorer, restoreTask(targetBucket, keyField,
            userArguments), Duration.ofMinutes(15))).at("/results/0");
        require("Succeeded".equals(answer.path("resultCode").asText())
            && !answer.path("resultString").asText().startsWith("skip"), "a restore failed: " + answer);
    }

    /** One restore task as S3 Batch Operations sends it (invocation schema 2.0, one task per invocation). */
    private static String restoreTask(final String targetBucket, final String keyField,
                                      final ObjectNode userArguments) throws Exception {
        final ObjectNode invocation = JSON.createObjectNode()
            .put("invocationSchemaVersion", "2.0")
            .put("invocationId", "bench-" + UUID.randomUUID());
        invocation.putObject("job").put("id", "bench").set("userArguments", userArguments);
        invocation.putArray("tasks").addObject().put("taskId", "t").put("s3Key", keyField).putNull("s3VersionId")
            .put("s3Bucket", targetBucket);
        return JSON.writeValueAsString(invocation);
    }

    /** Runs {@code measure} with a new bucket's name, then empties and deletes the bucket. */
    private double intoFreshBucket(final BucketMeasure measure) throws Exception {
        final String target = "bench-restore-" + UUID.randomUUID().toString().substring(0, 8);
        bed.s3().createBucket(b -> b.bucket(target));
        try {
            return measure.rate(target);
        } finally {
            bed.s3().listObjectsV2Paginator(b -> b.bucket(target)).contents()
                .forEach(o -> bed.s3().deleteObject(b -> b.bucket(target).key(o.key())));
            bed.s3().deleteBucket(b -> b.bucket(target));
        }
    }

    @FunctionalInterface
    private interface BucketMeasure {
        double rate(String bucket) throws Exception;
    }

    @FunctionalInterface
    private interface HandlerOf {
        RequestHandler<SQSEvent, SQSBatchResponse> handler(String container) throws Exception;
    }

    /** The small objects' events delivered in SQS batches of {@code batchSize} to a new handler: objects per second. */
    private double copyRun(final int batchSize, final List<String> keys, final Map<String, String> eTags,
                           final HandlerOf handlerOf) throws Exception {
        final String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient target = bed.createContainer(container);
        try {
            final RequestHandler<SQSEvent, SQSBatchResponse> handler = handlerOf.handler(container);
            final SqsQueue queue = new SqsQueue(1);
            keys.forEach(key -> queue.send(S3Events.created(bucket, key, SMALL_SIZE, eTags.get(key))));
            resetPeakHeap();
            return perSecond(keys.size(), time(() -> {
                while (queue.visibleMessages() > 0) {
                    require(deliver(queue, handler, batchSize).isEmpty(), "a small object's copy failed");
                }
            }));
        } finally {
            target.delete();
        }
    }

    /**
     * The floor: each object read from S3 to its end and written to Azure with one Put Blob (If-None-Match: *, as the
     * copy writes a new blob), {@code concurrency} at once, into a fresh container: objects per second. With {@code batchSize} below the
     * number of objects, a batch starts only when the previous one is done, as the next SQS batch starts only when
     * the function answered the previous one.
     */
    private double getAndPut(final List<String> keys, final byte[] content, final int concurrency, final int batchSize)
        throws Exception {
        final BlobContainerClient target = freshContainer();
        try {
            return perSecond(keys.size(), time(() -> {
                for (int from = 0; from < keys.size(); from += batchSize) {
                    final List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
                    parallel(batch.size(), concurrency, i -> {
                        final byte[] bytes = readBytes(batch.get(i));
                        require(bytes.length == content.length, "the floor read a short object");
                        target.getBlobClient(batch.get(i)).getBlockBlobClient().upload(BinaryData.fromBytes(bytes));
                        return null;
                    });
                }
            }));
        } finally {
            target.delete();
        }
    }

    /** A fresh JVM with Lambda's flags builds the handler and copies one object: init and first invocation. */
    private JsonNode coldStart(final String key, final String eTag, final Path out) throws Exception {
        final String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlobContainerClient target = bed.createContainer(container);
        final List<JsonNode> probes = new ArrayList<>();
        try {
            Files.createDirectories(out.resolve("tmp"));
            for (int run = 0; run < runs; run++) {
                final Path event = out.resolve("cold-start-event.json");
                final SqsQueue queue = new SqsQueue(1);
                queue.send(S3Events.created(bucket, key, SMALL_SIZE, eTag));
                final String[] line = new String[1];
                queue.deliver(1, sqsEvent -> {
                    try {
                        Files.writeString(event, sqsEvent);
                        line[0] = probe(container, event, out.resolve("tmp"));
                        return JSON.readTree(line[0]).get("response").toString();
                    } catch (final Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                final JsonNode probe = JSON.readTree(line[0]);
                require(probe.at("/response/batchItemFailures").isEmpty(), "the cold invocation failed: " + line[0]);
                probes.add(probe);
                target.getBlobClient(key).delete();
                log("  cold start run %d: %s", run + 1, line[0]);
            }
        } finally {
            target.delete();
        }
        final ObjectNode cold = JSON.createObjectNode();
        for (final String field : List.of("jvmToHandlerMs", "initMs", "firstInvocationMs")) {
            cold.put(field, median(probes.stream().map(p -> p.get(field).asDouble()).toList()));
        }
        return cold;
    }

    private String probe(final String container, final Path event, final Path tmp) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx870m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp.toAbsolutePath()));
        final Map<String, String> properties = new LinkedHashMap<>(bed.functionSystemProperties());
        properties.put("cfnazure.test.blobEndpoint", bed.azuriteBlobEndpointTemplate());
        properties.put("aws.endpointUrlS3", bed.s3MockEndpoint());
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ColdStartProbe.class.getName(),
            event.toAbsolutePath().toString()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().putAll(bed.functionEnvironment(container, false, null));
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.lines().filter(l -> l.startsWith("{\"jvmToHandlerMs\"")).findFirst()
            .orElseThrow(() -> new IllegalStateException("The cold-start probe printed no result:\n" + output));
    }

    private SqsCopyHandler handler(final String container) {
        return new SqsCopyHandler(CopyFunction.create(bed.functionEnvironment(container, false, null),
            Clock.systemUTC()));
    }

    /**
     * The SQS handler of an earlier build of this unit, from its class folder ({@code -Dbenchmark.compareClasses}):
     * its classes of io.cfnazure.backup are loaded before this build's, everything else is shared, so both builds run
     * against the same servers, floor and JVM in one run.
     */
    @SuppressWarnings("unchecked")
    private RequestHandler<SQSEvent, SQSBatchResponse> comparedHandler(final String container) throws Exception {
        final Class<?> function = Class.forName(CopyFunction.class.getName(), true, compared);
        final java.lang.reflect.Method create = function.getDeclaredMethod("create", Map.class, Clock.class);
        create.setAccessible(true);
        final java.lang.reflect.Constructor<?> handler = Class.forName(SqsCopyHandler.class.getName(), true, compared)
            .getDeclaredConstructor(function);
        handler.setAccessible(true);
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler.newInstance(
            create.invoke(null, bed.functionEnvironment(container, false, null), Clock.systemUTC()));
    }

    /** Loads this unit's own classes (not its test bed) from {@code classes} first. */
    private static ClassLoader childFirst(final Path classes) throws Exception {
        final String unit = CopyFunction.class.getPackageName() + ".";
        final String testBed = unit + "testbed.";
        return new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
            CopyBenchmark.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(unit) || name.startsWith(testBed)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded == null) {
                        try {
                            loaded = findClass(name);
                        } catch (final ClassNotFoundException e) {
                            loaded = super.loadClass(name, false);
                        }
                    }
                    if (resolve) {
                        resolveClass(loaded);
                    }
                    return loaded;
                }
            }
        };
    }

    private static List<String> deliver(final SqsQueue queue, final RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                        final int batchSize) {
        return queue.deliver(batchSize, event -> LambdaRuntime.invoke(handler, SQSEvent.class, SQSBatchResponse.class, event,
            Duration.ofMinutes(15)));
    }

    private BlobContainerClient freshContainer() {
        final String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        bed.createContainer(name);
        return functionsClient(name);
    }

    /** Signed in as the function is (a bearer token from the Entra ID stand-in), over the function's HTTP client. */
    private BlobContainerClient functionsClient(final String name) {
        return new BlobContainerClientBuilder()
            .httpClient(AzureContainerConnector.HTTP)
            .endpoint(bed.azuriteBlobEndpointTemplate().replace("{account}", BackupTestBed.ACCOUNT) + "/" + name)
            .credential(new ClientSecretCredentialBuilder().tenantId(LocalCloud.TENANT_ID).clientId(LocalCloud.CLIENT_ID)
                .clientSecret(LocalCloud.CLIENT_SECRET).authorityHost(bed.cloud().entraId().authorityHost())
                .disableInstanceDiscovery().build())
            .buildClient();
    }

    /** The Azure SDK's own parallel upload, with the copy's block size and blocks in flight. */
    private static void rawUpload(final BlobContainerClient container, final String name, final InputStream content,
                                  final long length) {
        container.getBlobClient(name).uploadWithResponse(new BlobParallelUploadOptions(content)
            .setParallelTransferOptions(new ParallelTransferOptions()
                .setBlockSizeLong((long) CopyServiceConfig.DEFAULT_BLOCK_SIZE)
                .setMaxSingleUploadSizeLong((long) CopyServiceConfig.DEFAULT_BLOCK_SIZE)
                .setMaxConcurrency(CopyFunction.BLOCKS_IN_FLIGHT)), null, null);
    }

    private byte[] readBytes(final String key) throws Exception {
        try (ResponseInputStream<GetObjectResponse> in = functionLikeS3.getObject(b -> b.bucket(bucket).key(key))) {
            return in.readAllBytes();
        }
    }

    private Void readAll(final String key) throws Exception {
        try (ResponseInputStream<GetObjectResponse> in = functionLikeS3.getObject(b -> b.bucket(bucket).key(key))) {
            final byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the bytes are only read
            }
        }
        return null;
    }

    private static void parallel(final int count, final IndexedTask task) throws Exception {
        parallel(count, CopyServiceConfig.DEFAULT_CONCURRENT_COPIES, task);
    }

    private static void parallel(final int count, final int threads, final IndexedTask task) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            for (final Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface IndexedTask {
        Void run(int index) throws Exception;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static long time(final Step step) throws Exception {
        final long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private double median(final MeasuredRun run) throws Exception {
        final List<Double> values = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            values.add(run.measure());
        }
        return median(values);
    }

    @FunctionalInterface
    private interface MeasuredRun {
        double measure() throws Exception;
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double mibps(final long bytes, final long nanos) {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    private static double perSecond(final int count, final long nanos) {
        return count / (nanos / 1e9);
    }

    private static void resetPeakHeap() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since the reset: an upper bound of the heap in use at any moment. */
    private static long peakHeap() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void log(final String format, final Object... args) {
        System.out.printf(format + "%n", args);
    }

    private static String table(final JsonNode r) {
        final JsonNode l = r.get("largeObject");
        final JsonNode s = r.get("smallObjects");
        final JsonNode c = r.get("coldStart");
        final StringBuilder rows = new StringBuilder();
        if (l != null) {
            rows.append(String.format("| 1 GiB object | %.1f MiB/s | %.1f MiB/s | %.1f MiB/s (the slower one) "
                    + "| %.1f MiB/s | %.2f | %.0f MiB |%n",
                l.get("s3ReadMiBps").asDouble(), l.get("azureWriteMiBps").asDouble(), l.get("floorMiBps").asDouble(),
                l.get("copyMiBps").asDouble(),
                l.get("copyToFloor").asDouble(), l.get("copyPeakHeapMiB").asDouble()));
            if (l.has("comparedMiBps")) {
                rows.append(String.format("| the same, build compared | | | | %.1f MiB/s | %.2f | %.0f MiB |%n",
                    l.get("comparedMiBps").asDouble(), l.get("comparedToFloor").asDouble(),
                    l.get("comparedPeakHeapMiB").asDouble()));
            }
        }
        if (s != null) {
            for (final int batchSize : SQS_BATCH_SIZES) {
                final JsonNode copy = s.get("copyInBatchesOf" + batchSize);
                rows.append(String.format("| %d x 64 KiB, SQS batches of %d | %.0f objects/s | %.0f objects/s "
                        + "| %.0f objects/s (GET+PUT, %d at once; %.0f in batches of %d) | %.0f objects/s "
                        + "| %.2f (%.2f) | %.0f MiB |%n", s.get("objects").asInt(), batchSize,
                    s.get("s3ReadObjectsPerSecond").asDouble(), s.get("azureWriteObjectsPerSecond").asDouble(),
                    copy.get("floorObjectsPerSecond").asDouble(), copy.get("concurrency").asInt(),
                    copy.get("batchedFloorObjectsPerSecond").asDouble(), batchSize,
                    copy.get("objectsPerSecond").asDouble(), copy.get("copyToFloor").asDouble(),
                    copy.get("copyToBatchedFloor").asDouble(), copy.get("peakHeapMiB").asDouble()));
                if (copy.has("comparedObjectsPerSecond")) {
                    rows.append(String.format("| the same, build compared | | | | %.0f objects/s | %.2f (%.2f) | |%n",
                        copy.get("comparedObjectsPerSecond").asDouble(), copy.get("comparedToFloor").asDouble(),
                        copy.get("comparedToBatchedFloor").asDouble()));
                }
            }
        }
        final JsonNode restore = r.get("restoreSmallObjects");
        if (restore != null) {
            rows.append(String.format("| restore (Azure to S3), %d x 64 KiB, the restore command's manifest (planned "
                    + "in %.2f s), one Batch Operations task per invocation | | | %.0f objects/s (Azure GET + S3 PUT, "
                    + "%d at once) | %.0f objects/s | %.2f | %.0f MiB |%n",
                restore.get("objects").asInt(), restore.get("planSeconds").asDouble(),
                restore.get("floorObjectsPerSecond").asDouble(), restore.get("concurrency").asInt(),
                restore.get("objectsPerSecond").asDouble(), restore.get("restoreToFloor").asDouble(),
                restore.get("peakHeapMiB").asDouble()));
            rows.append(String.format("| the same from a manifest of blob names (List Blobs and HEAD before each "
                    + "read) | | | | %.0f objects/s | %.2f | |%n", restore.get("namedObjectsPerSecond").asDouble(),
                restore.get("namedRestoreToFloor").asDouble()));
        }
        final JsonNode restoreLarge = r.get("restoreLargeBlob");
        if (restoreLarge != null) {
            rows.append(String.format("| restore (Azure to S3), 1 GiB blob, one Batch Operations task | | "
                    + "| %.1f MiB/s (Azure ranges + S3 parts of 8 MiB, %d at once) | %.1f MiB/s | %.2f | %.0f MiB |%n",
                restoreLarge.get("floorMiBps").asDouble(), restoreLarge.get("concurrency").asInt(),
                restoreLarge.get("restoreMiBps").asDouble(), restoreLarge.get("restoreToFloor").asDouble(),
                restoreLarge.get("peakHeapMiB").asDouble()));
        }
        final Supplier<String> header = () -> String.format("Medians of %d runs, %s, heap %d MiB (%s), %d CPUs%n%n",
            r.get("runs").asInt(), "S3Mock and Azurite on 127.0.0.1", r.get("maxHeapMiB").asInt(),
            "Lambda 1,024 MB", r.get("cpus").asInt());
        return header.get()
            + "| Workload | S3 read alone | Azure write alone | Floor | Copy | Copy / floor (in batches) "
            + "| Peak heap of the copy |\n"
            + "|---|---|---|---|---|---|---|\n"
            + rows
            + (c == null ? "" : String.format("%nCold start (fresh JVM, Lambda flags): JVM start to handler %.0f ms (handler init %.0f ms), "
                + "first invocation %.0f ms%n", c.get("jvmToHandlerMs").asDouble(), c.get("initMs").asDouble(),
                c.get("firstInvocationMs").asDouble()));
    }
}
