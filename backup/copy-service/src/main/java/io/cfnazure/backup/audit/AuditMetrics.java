package io.cfnazure.backup.audit;

import io.cfnazure.backup.BatchMetrics;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * One CloudWatch embedded-metric-format line per audit, in the copy service's namespace and dimensions
 * ({@link BatchMetrics}) with the entry point {@value #ENTRY_POINT}: objects and bytes behind (missing or stale), the
 * age of the oldest of them, each class's count (corrupt ones the read-back found included) and what the read-back
 * read; or, for an audit that could not finish, {@code AuditFailures}
 * alone (the construct alarms on it), so that a failed audit never reads as "nothing behind".
 */
final class AuditMetrics {

    static final String ENTRY_POINT = "audit";

    private final Environment environment;

    AuditMetrics(final Environment environment) {
        this.environment = environment;
    }

    static AuditMetrics toStandardOutput() {
        return new AuditMetrics(new LambdaEnvironment());
    }

    void publish(final String functionName, final AuditReport report) {
        final MetricsLogger metrics = logger(functionName);
        metrics.putMetric("ObjectsBehind", report.objectsBehind(), Unit.COUNT);
        metrics.putMetric("BytesBehind", report.bytesBehind(), Unit.BYTES);
        metrics.putMetric("OldestUnreplicatedAge", report.oldestBehindAge().toSeconds(), Unit.SECONDS);
        metrics.putMetric("Missing", report.count(Finding.Kind.MISSING), Unit.COUNT);
        metrics.putMetric("Stale", report.count(Finding.Kind.STALE), Unit.COUNT);
        metrics.putMetric("Corrupt", report.count(Finding.Kind.CORRUPT), Unit.COUNT);
        metrics.putMetric("Extra", report.count(Finding.Kind.EXTRA), Unit.COUNT);
        metrics.putMetric("InSync", report.count(Finding.Kind.IN_SYNC), Unit.COUNT);
        if (report.readBack() != null) {
            metrics.putMetric("ReadBackObjects", report.readBack().objects(), Unit.COUNT);
            metrics.putMetric("ReadBackBytes", report.readBack().bytes(), Unit.BYTES);
        }
        metrics.flush();
    }

    void failed(final String functionName) {
        final MetricsLogger metrics = logger(functionName);
        metrics.putMetric("AuditFailures", 1, Unit.COUNT);
        metrics.flush();
    }

    private MetricsLogger logger(final String functionName) {
        final MetricsLogger metrics = new MetricsLogger(environment);
        metrics.setNamespace(BatchMetrics.NAMESPACE);
        metrics.setDimensions(DimensionSet.of(BatchMetrics.ENTRY_POINT_DIMENSION, ENTRY_POINT,
            BatchMetrics.FUNCTION_DIMENSION, functionName));
        return metrics;
    }
}
