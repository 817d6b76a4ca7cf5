// The completeness audit of the L3's backup: a function of the copy service's jar, run on an EventBridge schedule,
// that compares the source bucket with the container, writes a report to S3, publishes how far the copy is behind
// and sends what is missing to the copy queue (../copy-service/README.md#audit).
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Entry point of the completeness audit (EventBridge's scheduled event, or `aws lambda invoke`). */
export const AUDIT_HANDLER = 'io.cfnazure.backup.audit.AuditHandler::handleRequest';

/** The audit's metrics (AuditMetrics): the copy service's namespace and dimensions, entry point `audit`. */
const AUDIT_METRICS = {
  namespace: 'CfnAzure/S3ToAzureBackup',
  entryPointDimension: 'EntryPoint',
  functionDimension: 'FunctionName',
  entryPoint: 'audit',
};

/** Where the reports go in the report bucket (REPORT_PREFIX; the audit writes a dated key and `latest.json`). */
export const AUDIT_REPORT_PREFIX = 'audit/';

/** How the L3's audit runs. */
export interface CompletenessAuditOptions {
  /**
   * How often the audit runs (an EventBridge rate schedule).
   * @default Duration.days(1)
   */
  readonly every?: Duration;
  /**
   * Send the missing and stale objects to the copy queue as S3 events, so the copy function copies them without a
   * person. Without it the audit only reports, and its role may not send to the queue.
   * @default true
   */
  readonly backfill?: boolean;
  /**
   * At most this many objects sent to the queue per run; the next run sends the rest. A larger backlog is a job for
   * S3 Batch Operations (the backfill function).
   * @default 10000
   */
  readonly backfillMaxObjects?: number;
  /**
   * Each run reads back in-sync blobs, in a rotation that covers the whole container, until this many bytes, and
   * checks them against the copy's record (VERIFY_SAMPLE_BYTES; 0: no read-back). Each byte read is Azure egress.
   * @default 4294967296 (4 GiB)
   */
  readonly verifySampleBytes?: number;
  /**
   * And at most this many blobs per run (VERIFY_SAMPLE_OBJECTS; 0: no read-back).
   * @default 10000
   */
  readonly verifySampleObjects?: number;
  /**
   * Alarm when the oldest missing or stale object the audit finds was written longer ago than this.
   * @default Duration.hours(6)
   */
  readonly maxUnreplicatedAge?: Duration;
}

/** What the audit is given by the L3 (internal: the L3 exposes its function, role, schedule and alarms). */
export interface CompletenessAuditProps extends CompletenessAuditOptions {
  readonly sourceBucket: s3.IBucket;
  /** The S3 event filter's prefix: only keys under it are copied, and audited. */
  readonly prefix?: string;
  /** The S3 event filter's suffix. */
  readonly suffix?: string;
  readonly reportBucket: s3.IBucket;
  /** The copy queue, where the backfill sends S3 events. */
  readonly queue: sqs.IQueue;
  /** The copy functions' environment: the container's URL and how to sign in to Azure. */
  readonly environment: Record<string, string>;
  /** Gives the audit's role what signing in to Azure needs (the secret, or the web identity token), and the network. */
  readonly configureRole: (role: iam.Role) => void;
  readonly code: lambda.Code;
  readonly runtime: lambda.Runtime;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The copy functions' VPC placement, when the storage account admits only their egress. */
  readonly network?: { vpc: ec2.IVpc; vpcSubnets: ec2.SubnetSelection; securityGroups: ec2.ISecurityGroup[] };
}

/**
 * The scheduled completeness audit: its function and role (list the bucket, write reports under `audit/`, send to
 * the copy queue, sign in to Azure; nothing else), the schedule, and three alarms: something waited too long for
 * its copy, a copy does not match its object, an audit failed.
 */
export class CompletenessAudit extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly schedule: events.Rule;
  /** The oldest missing or stale object is older than `maxUnreplicatedAge`. */
  public readonly unreplicatedAgeAlarm: cloudwatch.Alarm;
  /** A copy's size or MD5 differs from the version it records, or its bytes read back do not match its record. */
  public readonly corruptCopiesAlarm: cloudwatch.Alarm;
  /** An audit did not finish (a refused listing, a failed sign-in, an invocation without an answer). */
  public readonly auditFailedAlarm: cloudwatch.Alarm;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CompletenessAuditProps) {
    super(scope, id);
    const every = props.every ?? Duration.days(1);
    if (every.toSeconds() < 3600 || every.toSeconds() > 7 * 86400) {
      throw new Error(`audit.every must be from 1 hour to 7 days, not ${every.toHumanString()}: each run lists the `
        + 'whole bucket and container');
    }
    const backfill = props.backfill ?? true;
    const maxObjects = props.backfillMaxObjects ?? 10_000;
    if (!Number.isInteger(maxObjects) || maxObjects < 1 || maxObjects > 1_000_000) {
      throw new Error(`audit.backfillMaxObjects must be an integer from 1 to 1000000, not ${maxObjects}`);
    }

    const sampleBytes = props.verifySampleBytes ?? 4 * 1024 ** 3;
    if (!Number.isInteger(sampleBytes) || sampleBytes < 0 || sampleBytes > 1024 ** 4) {
      throw new Error(`audit.verifySampleBytes must be an integer from 0 to 1 TiB (1099511627776), not ${sampleBytes}`);
    }
    const sampleObjects = props.verifySampleObjects ?? 10_000;
    if (!Number.isInteger(sampleObjects) || sampleObjects < 0 || sampleObjects > 1_000_000) {
      throw new Error(`audit.verifySampleObjects must be an integer from 0 to 1000000, not ${sampleObjects}`);
    }
    const readBack = sampleBytes > 0 && sampleObjects > 0;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Compares one S3 bucket with its Azure copy',
    });
    // Listing only, under the prefix when there is one: the audit reads no object of the bucket.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: [props.sourceBucket.bucketArn],
      conditions: props.prefix ? { StringLike: { 's3:prefix': [`${props.prefix}*`] } } : undefined,
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetBucketVersioning'],
      resources: [props.sourceBucket.bucketArn],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [props.reportBucket.arnForObjects(`${AUDIT_REPORT_PREFIX}*`)],
    }));
    if (readBack) {
      // The read-back goes on from where the last report says it stopped: the only object the audit reads.
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.reportBucket.arnForObjects(`${AUDIT_REPORT_PREFIX}latest.json`)],
      }));
    }
    if (backfill) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [props.queue.queueArn],
      }));
    }
    props.configureRole(this.role);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, 'Function', {
      description: 'Compares the S3 bucket with its Azure copy: report, metrics, backfill',
      runtime: props.runtime,
      code: props.code,
      handler: AUDIT_HANDLER,
      memorySize: props.memorySize ?? 1024,
      timeout: Duration.minutes(15),
      role: this.role,
      environment: {
        ...props.environment,
        SOURCE_BUCKET: props.sourceBucket.bucketName,
        ...(props.prefix ? { SOURCE_PREFIX: props.prefix } : {}),
        ...(props.suffix ? { SOURCE_SUFFIX: props.suffix } : {}),
        REPORT_BUCKET: props.reportBucket.bucketName,
        REPORT_PREFIX: AUDIT_REPORT_PREFIX,
        ...(backfill ? { BACKFILL_QUEUE_URL: props.queue.queueUrl, BACKFILL_MAX_OBJECTS: String(maxObjects) } : {}),
        VERIFY_SAMPLE_BYTES: String(sampleBytes),
        VERIFY_SAMPLE_OBJECTS: String(sampleObjects),
      },
      // The next scheduled run is the retry; a failed run is reported by its metric.
      retryAttempts: 0,
      logGroup,
      ...props.network,
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the completeness audit of the S3 to Azure backup',
      schedule: events.Schedule.rate(every),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    // One data point per run: the alarms look at the run of each period, and a period without a run is not a breach
    // (a run that could not finish is the failure alarm's).
    const period = every.toSeconds() > 86400 ? Duration.days(1) : every;
    const auditMetric = (metricName: string, statistic: string, metricPeriod: Duration) => new cloudwatch.Metric({
      namespace: AUDIT_METRICS.namespace,
      metricName,
      dimensionsMap: {
        [AUDIT_METRICS.entryPointDimension]: AUDIT_METRICS.entryPoint,
        [AUDIT_METRICS.functionDimension]: this.function.functionName,
      },
      statistic,
      period: metricPeriod,
    });
    const maxAge = props.maxUnreplicatedAge ?? Duration.hours(6);
    this.unreplicatedAgeAlarm = auditMetric('OldestUnreplicatedAge', cloudwatch.Stats.MAXIMUM, period)
      .createAlarm(this, 'UnreplicatedAgeAlarm', {
        alarmDescription: `The audit found an S3 object that has waited more than ${maxAge.toHumanString()} for its `
          + 'copy to Azure (missing or stale): see its report in the report bucket under audit/',
        threshold: maxAge.toSeconds(),
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.corruptCopiesAlarm = auditMetric('Corrupt', cloudwatch.Stats.MAXIMUM, period)
      .createAlarm(this, 'CorruptCopiesAlarm', {
        alarmDescription: 'The audit found copies in Azure whose size or MD5 is not that of the S3 version they '
          + 'record, or whose bytes read back do not match their record: see the report\'s "corrupt" list',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const fiveMinutes = Duration.minutes(5);
    this.auditFailedAlarm = new cloudwatch.MathExpression({
      // A run has either a failure data point or none; an invocation without an answer counts in Errors.
      expression: 'FILL(failures, 0) + FILL(errors, 0)',
      usingMetrics: {
        failures: auditMetric('AuditFailures', cloudwatch.Stats.SUM, fiveMinutes),
        errors: this.function.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      },
      label: 'AuditFailures',
      period: fiveMinutes,
    }).createAlarm(this, 'AuditFailedAlarm', {
      alarmDescription: 'The completeness audit did not finish: the reason is in its log',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [this.unreplicatedAgeAlarm, this.corruptCopiesAlarm, this.auditFailedAlarm];
  }
}
