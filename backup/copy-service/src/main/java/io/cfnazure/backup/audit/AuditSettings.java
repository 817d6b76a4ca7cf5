package io.cfnazure.backup.audit;

import io.cfnazure.backup.CopyServiceConfig;
import java.util.Map;

/**
 * The audit function's settings, from its environment (the CDK construct sets them): the container and sign-in of
 * the copy service ({@link CopyServiceConfig}), and what to compare it with and where the report goes.
 *
 * @param container          CONTAINER_URL and the sign-in settings, as the copy functions have them
 * @param bucket             SOURCE_BUCKET: the bucket the container is a copy of
 * @param prefix             SOURCE_PREFIX: only keys under it are copied (the S3 event filter's prefix); may be null
 * @param suffix             SOURCE_SUFFIX: only keys ending with it are copied (the filter's suffix); may be null
 * @param reportBucket       REPORT_BUCKET: where the report is written
 * @param reportPrefix       REPORT_PREFIX: the reports' key prefix; default {@code audit/}
 * @param backfillQueueUrl   BACKFILL_QUEUE_URL: the copy queue, where missing and stale objects are sent as S3
 *                           events; none: the audit only reports
 * @param backfillMaxObjects BACKFILL_MAX_OBJECTS: at most this many events per run (default 10,000); the rest are
 *                           sent by the next run
 * @param reportListLimit    REPORT_LIST_LIMIT: objects listed by name per class in the report (default 1,000); the
 *                           counts and bytes are always complete
 * @param verifySampleBytes  VERIFY_SAMPLE_BYTES: in-sync blobs read back per run until this many bytes
 *                           (default 4 GiB; 0 reads none)
 * @param verifySampleObjects VERIFY_SAMPLE_OBJECTS: and at most this many blobs (default 10,000; 0 reads none)
 */
public record AuditSettings(CopyServiceConfig container, String bucket, String prefix, String suffix,
                            String reportBucket, String reportPrefix, String backfillQueueUrl,
                            int backfillMaxObjects, int reportListLimit, long verifySampleBytes,
                            long verifySampleObjects) {

    static final String DEFAULT_REPORT_PREFIX = "audit/";
    static final long DEFAULT_VERIFY_SAMPLE_BYTES = 4L << 30;
    static final long DEFAULT_VERIFY_SAMPLE_OBJECTS = 10_000;

    /** @throws CopyServiceConfig.InvalidSettingException with the setting's name and what is wrong */
    public static AuditSettings fromEnvironment(final Map<String, String> environment) {
        final String reportPrefix = CopyServiceConfig.optional(environment, "REPORT_PREFIX");
        return new AuditSettings(CopyServiceConfig.fromEnvironment(environment),
            CopyServiceConfig.required(environment, "SOURCE_BUCKET"),
            CopyServiceConfig.optional(environment, "SOURCE_PREFIX"),
            CopyServiceConfig.optional(environment, "SOURCE_SUFFIX"),
            CopyServiceConfig.required(environment, "REPORT_BUCKET"),
            reportPrefix == null ? DEFAULT_REPORT_PREFIX : reportPrefix,
            CopyServiceConfig.optional(environment, "BACKFILL_QUEUE_URL"),
            (int) CopyServiceConfig.number(environment, "BACKFILL_MAX_OBJECTS", 10_000, 1, 1_000_000),
            (int) CopyServiceConfig.number(environment, "REPORT_LIST_LIMIT", 1_000, 0, 100_000),
            CopyServiceConfig.number(environment, "VERIFY_SAMPLE_BYTES", DEFAULT_VERIFY_SAMPLE_BYTES, 0, 1L << 40),
            CopyServiceConfig.number(environment, "VERIFY_SAMPLE_OBJECTS", DEFAULT_VERIFY_SAMPLE_OBJECTS, 0,
                1_000_000));
    }

    /** Whether each run reads back a sample of the in-sync blobs ({@link ReadBack}). */
    boolean readsBack() {
        return verifySampleBytes > 0 && verifySampleObjects > 0;
    }

    /** Whether the copy service copies {@code key} at all (the S3 event filter's prefix and suffix). */
    boolean copies(final String key) {
        return (prefix == null || key.startsWith(prefix)) && (suffix == null || key.endsWith(suffix));
    }
}
