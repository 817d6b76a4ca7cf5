package io.cfnazure.backup;

import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * One CloudWatch embedded-metric-format line per batch (AWS's EMF library; in Lambda it prints to standard output,
 * which CloudWatch Logs turns into metrics): objects copied, those of them whose bytes could not be verified, bytes,
 * items skipped as already copied or stale, copies deleted, failed items (all, and the permanent ones among them) and
 * the batch's latency, by entry point and function: the function's name tells apart the deployments that share an
 * account and Region, so that each one's alarms watch only its own failures.
 */
public final class BatchMetrics {

    public static final String NAMESPACE = "CfnAzure/S3ToAzureBackup";
    public static final String ENTRY_POINT_DIMENSION = "EntryPoint";
    /** The name AWS/Lambda's own metrics give the same dimension. */
    public static final String FUNCTION_DIMENSION = "FunctionName";

    /** What one batch did. */
    record Summary(int objects, int unverifiedCopies, long bytes, int skipped, int deleted, int failures,
                   int permanentFailures, long latencyMillis) {
    }

    private final Environment environment;

    BatchMetrics(final Environment environment) {
        this.environment = environment;
    }

    static BatchMetrics toStandardOutput() {
        return new BatchMetrics(new LambdaEnvironment());
    }

    /** @param functionName the function's name, from the invocation's Lambda context */
    void publish(final String entryPoint, final String functionName, final Summary summary) {
        final MetricsLogger metrics = new MetricsLogger(environment);
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions(DimensionSet.of(ENTRY_POINT_DIMENSION, entryPoint, FUNCTION_DIMENSION, functionName));
        metrics.putMetric("Objects", summary.objects(), Unit.COUNT);
        metrics.putMetric("UnverifiedCopies", summary.unverifiedCopies(), Unit.COUNT);
        metrics.putMetric("Bytes", summary.bytes(), Unit.BYTES);
        metrics.putMetric("Skipped", summary.skipped(), Unit.COUNT);
        metrics.putMetric("Deleted", summary.deleted(), Unit.COUNT);
        metrics.putMetric("Failures", summary.failures(), Unit.COUNT);
        metrics.putMetric("PermanentFailures", summary.permanentFailures(), Unit.COUNT);
        metrics.putMetric("Latency", summary.latencyMillis(), Unit.MILLISECONDS);
        metrics.flush();
    }
}
