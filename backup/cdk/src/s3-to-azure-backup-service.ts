// L3: an S3 bucket backed up into an Azure Blob container. S3 event notifications go through SQS (a failed copy is
// retried, then parked in a dead-letter queue, never lost); S3 Batch Operations backfills what existed before.
import * as fs from 'fs';
import * as path from 'path';
import { CfnOutput, Duration, Stack, cx_api as cxapi } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  AwsWebIdentitySignIn, AzureBlobContainer, AzureBlobContainerProps, AzureCredentials,
  DEFAULT_AZURE_WEB_IDENTITY_AUDIENCE, IAzureBlobContainer, secretIdentifier,
} from './azure-blob-container';
import { NetworkRulesDefaultAction } from './azure-blobstorage-account';
import { Authentication } from './azure-blobstorage-container';
import { AzureBackupStorage, AzureBackupStorageProps } from './azure-backup-storage';
import { AzureStorageAccount } from './azure-storage-account';
import { CompletenessAudit, CompletenessAuditOptions } from './audit';
import { addRestore, AzureRestoreOptions, RESTORE_HANDLER } from './restore';

export type { AzureRestoreOptions } from './restore';
export { RESTORE_HANDLER } from './restore';

/**
 * The copy service's jar inside this package: `npm pack` copies it there from the copy service's Maven build
 * (scripts/bundle-copy-service-jar.js), so an installed package needs no Java build.
 */
export const COPY_SERVICE_JAR = path.resolve(__dirname, '../assets/copy-service.jar');

/** Entry point for S3 event notifications delivered through SQS (partial batch responses). */
export const SQS_COPY_HANDLER = 'io.cfnazure.backup.SqsCopyHandler::handleRequest';
/** Entry point for S3 Batch Operations LambdaInvoke tasks (invocation schema 1.0 and 2.0). */
export const BATCH_OPERATIONS_HANDLER = 'io.cfnazure.backup.BatchOperationsHandler::handleRequest';

/**
 * The copy service's batch metrics (BatchMetrics, embedded metric format): namespace, the dimension that names the
 * entry point, with its values (SqsCopyHandler, BatchOperationsHandler), and the one that names the function.
 */
const COPY_SERVICE_METRICS = {
  namespace: 'CfnAzure/S3ToAzureBackup',
  entryPointDimension: 'EntryPoint',
  functionDimension: 'FunctionName',
  sqsEntryPoint: 'sqs',
  batchOperationsEntryPoint: 'batch-operations',
  restoreEntryPoint: 'restore',
};

/** How long the access logs of the buckets this construct makes are kept. */
const ACCESS_LOG_RETENTION_DAYS = 365;

/** The range of ASSUMED_THROUGHPUT_MIB_PER_SECOND the copy service accepts (CopyServiceConfig). */
const THROUGHPUT_MIB_PER_SECOND = { min: 1, max: 10_000 };

/** The copy service's code from its built jar; fails with what to do when the jar has not been built. */
export function copyServiceCode(jarPath: string = COPY_SERVICE_JAR): lambda.Code {
  if (!fs.existsSync(jarPath)) {
    throw new Error(`The copy service jar ${jarPath} does not exist: in the repository, build it at the root with `
      + '`mvn -B -f all package -pl :copy-service -am -DskipTests` and run `npm run bundle-jar` here; or pass `code` '
      + 'to S3ToAzureBackupService');
  }
  return lambda.Code.fromAsset(jarPath);
}

/** The Entra ID app the copy service signs in as, and how: exactly one of `clientSecret` and `awsWebIdentity`. */
export interface AzureAppRegistration {
  /** The directory (tenant) ID, a GUID. */
  readonly tenantId: string;
  /** The application (client) ID, a GUID. */
  readonly clientId: string;
  /**
   * Sign in with the app's client secret in Secrets Manager: the secret alone, or JSON
   * {"clientSecret","tenantId","clientId"}. Only its ARN or name reaches the template and the function; the function
   * reads the value at run time.
   * @default - none: `awsWebIdentity` must be given
   */
  readonly clientSecret?: secretsmanager.ISecret;
  /**
   * Sign in without a secret: the functions ask AWS STS for a token of their role (IAM outbound identity federation),
   * which a federated identity credential on the app (subject: `functionRole`'s ARN) trusts. `{}` for the default
   * audience.
   * @default - none: `clientSecret` must be given
   */
  readonly awsWebIdentity?: AwsWebIdentitySignIn;
}

export interface S3ToAzureBackupServiceProps {
  /**
   * The identity that writes blobs: it needs a role on the container that writes blobs (and deletes them with
   * `mirrorDeletes`); the README's "The Azure role that writes copies" defines one.
   */
  readonly azureApp: AzureAppRegistration;

  /** The bucket to back up. @default - a new versioned, encrypted, private bucket that is retained on deletion */
  readonly sourceBucket?: s3.IBucket;

  /**
   * An existing container, e.g. `AzureBlobContainer.fromContainerUrl(...)` or an L2 made elsewhere in the app.
   * Give exactly one of `container`, `newContainer` and `newStorageAccount`.
   * @default - none
   */
  readonly container?: IAzureBlobContainer;
  /**
   * A new container in an existing account, made with the L2. Its `credentials` default to `azureApp`'s IDs and
   * sign-in method (with `awsWebIdentity`, the registry type's execution role then needs a federated credential of its
   * own); pass `AzureCredentials.fromTypeConfiguration()` to let the registry type use its own (e.g. a more
   * privileged) app.
   * @default - none
   */
  readonly newContainer?: AzureBlobContainerProps;
  /**
   * A new storage account and a container in it (`AzureBackupStorage`): blob versioning, 14 days of soft delete,
   * version-level immutability with each version kept 30 days, in the Azure region of the stack's country. Its
   * `credentials` default as `newContainer`'s do.
   * @default - none
   */
  readonly newStorageAccount?: AzureBackupStorageProps;
  /**
   * Let only the copy service reach the new storage account: the functions run in a new VPC whose one NAT gateway has
   * one Elastic IP, and the account denies every other public network (its NetworkRules allow that IP alone). The
   * container is managed through Azure Resource Manager, which the firewall does not block. Costs a NAT gateway
   * (hourly, and per GB copied) and a public IPv4 address. Needs `newStorageAccount`.
   * @default false
   */
  readonly lockDownNetwork?: boolean;

  /** Back up only keys that start with this. Also limits the function's read access. @default - every key */
  readonly prefix?: string;
  /** Back up only keys that end with this. @default - every key */
  readonly suffix?: string;
  /**
   * Delete a blob when its object is deleted in S3. A backup that follows deletes does not protect against them.
   * @default false
   */
  readonly mirrorDeletes?: boolean;

  /**
   * The copy service's code.
   * @default - the file the context value `s3-to-azure-backup-cdk:copyServiceJar` names, else the jar in this package
   */
  readonly code?: lambda.Code;
  /** A Java runtime, 17 or later (the copy service is built for Java 17). @default Runtime.JAVA_21 */
  readonly runtime?: lambda.Runtime;
  /** Function memory in MB; it also sets the function's CPU share and network bandwidth. @default 1024 */
  readonly memorySize?: number;
  /**
   * The functions' timeout. It bounds the largest object one invocation copies: the copy service stops 10 % before it,
   * so 15 minutes copy about 19.8 GiB at the default assumed 25 MiB/s. The queue's visibility timeout is six times
   * this, and applies only to a batch whose invocation ended without an answer (timed out, crashed).
   * @default 15 minutes
   */
  readonly timeout?: Duration;
  /** Block size of the Azure block blob upload, in bytes. @default - the copy service's default */
  readonly blockSizeBytes?: number;
  /**
   * The copy rate between S3 and Azure the copy service assumes, in MiB/s (a whole number, 1 to 10,000): it refuses,
   * before writing anything, an object larger than this rate × the time one invocation has. Measure it with one large
   * object from this Region to the storage account's.
   * @default - the copy service's default, 25
   */
  readonly assumedThroughputMiBPerSecond?: number;

  /**
   * S3 events per invocation (1 to 10,000). Larger batches copy small objects faster: the copy service copies the
   * items of a batch at once (`concurrentCopies`), and each batch waits for its slowest object (the copy service's
   * README, Benchmark). Above 10, Lambda gathers a batch for up to `maxBatchingWindow`.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long Lambda gathers events into a batch larger than 10 (at most 5 minutes): the most a copy can wait for its
   * batch to fill.
   * @default - 1 second when batchSize is above 10, none otherwise
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Items of one batch the copy service copies at once (1 to 64): the `CONCURRENT_COPIES` setting, never more than
   * the function's memory holds blocks.
   * @default - the copy service's default, 16
   */
  readonly concurrentCopies?: number;
  /** Most concurrent copies from the queue (2-1000), to spare the storage account's limits. @default - no limit */
  readonly maxConcurrency?: number;
  /**
   * Receives before an event goes to the dead-letter queue. With the copy service's back-off a transient failure (an
   * Azure outage) is retried for about an hour with 15; a permanent one reaches the dead-letter queue within minutes
   * whatever the count.
   * @default 15
   */
  readonly maxReceiveCount?: number;
  /** Alarm when the oldest event waiting in the queue is older than this. @default 1 hour */
  readonly maxMessageAge?: Duration;
  /**
   * An SNS topic every alarm notifies. Give this or `createAlarmTopic`, not both.
   * @default - none
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Create an SNS topic that every alarm notifies (`alarmTopic` on the construct), to subscribe to.
   * @default false
   */
  readonly createAlarmTopic?: boolean;
  /**
   * Another action every alarm takes, e.g. a Systems Manager OpsItem; with a topic it takes both.
   * @default - none: without a topic either, the alarms only change state
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
  /** How long the functions' logs are kept. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;

  /** Where Batch Operations writes its manifests and completion reports. @default - a new private bucket */
  readonly reportBucket?: s3.IBucket;
  /**
   * The scheduled completeness audit (daily by default): its report goes to the report bucket under `audit/`, what
   * is missing goes to the copy queue ([Audit](../copy-service/README.md#audit)).
   * @default daily, with backfill
   */
  readonly audit?: CompletenessAuditOptions;
  /**
   * Deploy the restore (Azure → S3): a function that S3 Batch Operations jobs invoke for each blob of a manifest the
   * `restore` command writes (backup/copy-service/README.md, "Restore").
   * @default - no restore function
   */
  readonly restore?: AzureRestoreOptions;

  /**
   * Prefix of the SSM parameters that hold the Azure IDs and the container URL.
   * @default /s3toazurebackupservice/{stack name}/{construct id}
   */
  readonly parameterPrefix?: string;
  /**
   * Write the tenant and client IDs to SSM parameters (`{parameterPrefix}/azuretenantid`, `.../azureclientid`).
   * Turn off when they already are, e.g. the parameters the IDs are read from.
   * @default true
   */
  readonly appIdParameters?: boolean;
}

/** kms:Decrypt on a key, only when the call comes through the given AWS service in the given Region. */
function allowDecryptVia(role: iam.IRole, key: kms.IKey, service: string, region: string): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
  }));
}

/** The ARN that matches the secret in a policy: an ARN known only by name has a 6-character suffix. */
function secretArnForPolicies(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

/** How the functions sign in as the app: what their role may do, what they are told, and the container's default. */
interface AppSignIn {
  readonly environment: Record<string, string>;
  readonly containerCredentials: AzureCredentials;
  grantTo(role: iam.IRole): void;
}

function appSignIn(app: AzureAppRegistration): AppSignIn {
  const { tenantId, clientId, clientSecret, awsWebIdentity } = app;
  if (clientSecret && awsWebIdentity) {
    throw new Error('azureApp signs in one way: give either `clientSecret` or `awsWebIdentity`, not both');
  }
  if (clientSecret) {
    return {
      environment: { AZURE_CLIENT_SECRET_NAME: secretIdentifier(clientSecret) },
      containerCredentials: AzureCredentials.fromSecret(clientSecret, { tenantId, clientId }),
      grantTo: (role) => {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secretArnForPolicies(clientSecret)],
        }));
        if (clientSecret.encryptionKey) {
          allowDecryptVia(role, clientSecret.encryptionKey, 'secretsmanager', clientSecret.env.region);
        }
      },
    };
  }
  if (awsWebIdentity) {
    const audience = awsWebIdentity.audience ?? DEFAULT_AZURE_WEB_IDENTITY_AUDIENCE;
    if (audience === '') {
      throw new Error('azureApp.awsWebIdentity.audience must not be empty: leave it out for '
        + DEFAULT_AZURE_WEB_IDENTITY_AUDIENCE);
    }
    return {
      // The audience is always set, so the function asks for exactly the one its policy allows.
      environment: { AZURE_AUTHENTICATION: Authentication.AWS_WEB_IDENTITY, AZURE_WEB_IDENTITY_AUDIENCE: audience },
      // The audience as given: left out, the type uses its own default, the same one.
      containerCredentials: AzureCredentials.fromAwsWebIdentity({
        tenantId, clientId, audience: awsWebIdentity.audience,
      }),
      grantTo: (role) => role.addToPrincipalPolicy(new iam.PolicyStatement({
        // The action has no resource type. The conditions allow only what the copy service asks for (as the
        // registry type's execution-role.yaml does): tokens for this audience, RS256, valid at most 5 minutes.
        actions: ['sts:GetWebIdentityToken'],
        resources: ['*'],
        conditions: {
          'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': audience },
          'StringEquals': { 'sts:SigningAlgorithm': 'RS256' },
          'NumericLessThanEquals': { 'sts:DurationSeconds': 300 },
        },
      })),
    };
  }
  throw new Error('azureApp needs a way to sign in: give `clientSecret` (a Secrets Manager secret with the app\'s '
    + 'client secret) or `awsWebIdentity` (no secret, e.g. `awsWebIdentity: {}`)');
}

function javaRuntime(runtime: lambda.Runtime): lambda.Runtime {
  const version = /^java(\d+)/.exec(runtime.name);
  if (runtime.family !== lambda.RuntimeFamily.JAVA || !version || Number(version[1]) < 17) {
    throw new Error(`The copy service needs a Java 17 or later runtime, not ${runtime.name}`);
  }
  return runtime;
}

function defaultParameterPrefix(scope: Construct): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `/s3toazurebackupservice/${safe(Stack.of(scope).stackName)}/${safe(scope.node.id)}`;
}

/**
 * Backs an S3 bucket up into an Azure Blob container: S3 → SQS → copy function, a dead-letter queue with alarms,
 * least-privilege IAM, SSM parameters with the Azure IDs and container URL, and what an S3 Batch Operations backfill
 * needs. The name is the blog's.
 */
export class S3ToAzureBackupService extends Construct {
  /**
   * The context key (`cdk synth -c s3-to-azure-backup-cdk:copyServiceJar=PATH`, or `cdk.json`) of a file to deploy as
   * the copy service instead of the jar in this package, e.g. a build of one's own, when `code` is not given.
   */
  public static readonly COPY_SERVICE_JAR_CONTEXT = 's3-to-azure-backup-cdk:copyServiceJar';

  public readonly sourceBucket: s3.IBucket;
  public readonly container: IAzureBlobContainer;
  /** The account made for `newStorageAccount`. */
  public readonly storageAccount?: AzureStorageAccount;
  /** With `lockDownNetwork`: the functions' VPC. */
  public readonly vpc?: ec2.Vpc;
  /** With `lockDownNetwork`: the Elastic IP all the functions' traffic leaves from, the one the account allows. */
  public readonly egressIp?: string;
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  /** Copies objects on S3 events from the queue. */
  public readonly copyFunction: lambda.Function;
  /** Copies objects for S3 Batch Operations jobs (Batch Operations needs a function that returns results). */
  public readonly backfillFunction: lambda.Function;
  /** With `restore`: restores blobs into S3 for S3 Batch Operations jobs, with a role of its own. */
  public readonly restoreFunction?: lambda.Function;
  /** The execution role of both copy functions. */
  public readonly functionRole: iam.Role;
  /** The role a Batch Operations job runs as. */
  public readonly batchOperationsRole: iam.Role;
  public readonly reportBucket: s3.IBucket;
  /** Compares the bucket with the container on a schedule, or when invoked. */
  public readonly auditFunction: lambda.Function;
  /** The audit function's own role: it lists, reports and enqueues, and reads no object of the bucket. */
  public readonly auditRole: iam.Role;
  /** The EventBridge rule that runs the audit. */
  public readonly auditSchedule: events.Rule;
  /** Server access logs of the source and report buckets, unless both were given. */
  public readonly accessLogsBucket?: s3.Bucket;
  public readonly deadLetterQueueDepthAlarm: cloudwatch.Alarm;
  public readonly oldestMessageAgeAlarm: cloudwatch.Alarm;
  /** Invocations of the copy function that ended without an answer (timed out, crashed). */
  public readonly copyFunctionErrorsAlarm: cloudwatch.Alarm;
  /** Invocations of the backfill function that ended without an answer. */
  public readonly backfillFunctionErrorsAlarm: cloudwatch.Alarm;
  /** With `restore`: invocations of the restore function that ended without an answer. */
  public readonly restoreFunctionErrorsAlarm?: cloudwatch.Alarm;
  /** Batches the copy function could not take because Lambda throttled it. */
  public readonly copyFunctionThrottlesAlarm: cloudwatch.Alarm;
  /** Objects the copy service failed to copy for good (its PermanentFailures metric of every function). */
  public readonly permanentFailuresAlarm: cloudwatch.Alarm;
  /** Every alarm above, for actions or composite alarms of one's own. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The topic every alarm notifies: `alarmTopic`, or the one `createAlarmTopic` created. */
  public readonly alarmTopic?: sns.ITopic;
  /** Unless `appIdParameters` is false. */
  public readonly tenantIdParameter?: ssm.StringParameter;
  /** Unless `appIdParameters` is false. */
  public readonly clientIdParameter?: ssm.StringParameter;
  public readonly containerUrlParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: S3ToAzureBackupServiceProps) {
    super(scope, id);
    // Server access logs are let in by a bucket policy, not by ACLs, whatever the app's feature flags say (the flag
    // applies to this construct's children only).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    const { azureApp } = props;
    const signIn = appSignIn(azureApp);
    const mirrorDeletes = props.mirrorDeletes ?? false;
    const timeout = props.timeout ?? Duration.minutes(15);
    const maxReceiveCount = props.maxReceiveCount ?? 15;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`maxReceiveCount must be an integer from 1 to 1000, not ${maxReceiveCount}`);
    }
    if (props.blockSizeBytes !== undefined && !(Number.isInteger(props.blockSizeBytes) && props.blockSizeBytes > 0)) {
      throw new Error(`blockSizeBytes must be a positive integer, not ${props.blockSizeBytes}`);
    }
    const throughput = props.assumedThroughputMiBPerSecond;
    if (throughput !== undefined && !(Number.isInteger(throughput)
      && throughput >= THROUGHPUT_MIB_PER_SECOND.min && throughput <= THROUGHPUT_MIB_PER_SECOND.max)) {
      throw new Error('assumedThroughputMiBPerSecond must be a whole number from '
        + `${THROUGHPUT_MIB_PER_SECOND.min} to ${THROUGHPUT_MIB_PER_SECOND.max}, not ${throughput}`);
    }
    const batchSize = props.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
      throw new Error(`batchSize must be an integer from 1 to 10000, not ${batchSize}`);
    }
    // Lambda takes a batch above 10 only with a batching window.
    const batchingWindow = props.maxBatchingWindow ?? Duration.seconds(batchSize > 10 ? 1 : 0);
    const concurrentCopies = props.concurrentCopies;
    if (concurrentCopies !== undefined && !(Number.isInteger(concurrentCopies) && concurrentCopies >= 1
      && concurrentCopies <= 64)) {
      throw new Error(`concurrentCopies must be an integer from 1 to 64, not ${concurrentCopies}`);
    }
    if (props.alarmTopic && props.createAlarmTopic) {
      throw new Error('Give either `alarmTopic` (an existing topic) or `createAlarmTopic`, not both');
    }

    // The buckets this construct makes log their requests here: who read or changed what, for an audit of the copy.
    const privateBucket = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    };
    const makesBucket = props.sourceBucket === undefined || props.reportBucket === undefined;
    this.accessLogsBucket = !makesBucket ? undefined : new s3.Bucket(this, 'AccessLogsBucket', {
      ...privateBucket,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
    });
    this.sourceBucket = props.sourceBucket ?? new s3.Bucket(this, 'SourceBucket', {
      ...privateBucket,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'source/',
    });
    if (props.lockDownNetwork) {
      if (!props.newStorageAccount) {
        throw new Error('lockDownNetwork needs newStorageAccount: only an account this stack makes gets the firewall');
      }
      if (props.newStorageAccount.networkRules) {
        throw new Error('lockDownNetwork writes the account\'s networkRules itself (the functions\' Elastic IP alone): '
          + 'leave newStorageAccount.networkRules out');
      }
      const egress = new ec2.CfnEIP(this, 'EgressElasticIp', { domain: 'vpc' });
      this.egressIp = egress.attrPublicIp;
      this.vpc = new ec2.Vpc(this, 'Vpc', {
        maxAzs: 2,
        natGateways: 1,
        natGatewayProvider: ec2.NatProvider.gateway({ eipAllocationIds: [egress.attrAllocationId] }),
        subnetConfiguration: [
          { name: 'Egress', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 28 },
          { name: 'Functions', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        ],
        // S3 reads go through the gateway endpoint: free, where the NAT gateway would charge for every GB twice.
        gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      });
    }
    this.container = this.resolveContainer(props, signIn.containerCredentials);
    this.storageAccount = this.container instanceof AzureBackupStorage ? this.container.account : undefined;

    // --- the functions and their one role ---------------------------------------------------------------------
    this.functionRole = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies objects of one S3 bucket into one Azure container',
    });
    const readableObjects = this.sourceBucket.arnForObjects(`${props.prefix ?? ''}*`);
    // The copy GETs exactly the version its event names (GetObjectVersion), and asks for the part sizes of a
    // multipart object to verify its ETag (GetObjectAttributes; GetObjectVersionAttributes for a version).
    this.functionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes'],
      resources: [readableObjects],
    }));
    // Without s3:ListBucket, S3 answers 403 instead of 404 for a key that does not exist: a mirrored delete could
    // not tell that the object is gone, and a copy of a deleted object would fail as "access denied". No s3:prefix
    // condition: GetObject and HeadObject requests carry no prefix, so such a condition would never match them.
    this.functionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.sourceBucket.bucketArn],
    }));
    if (this.sourceBucket.encryptionKey) {
      allowDecryptVia(this.functionRole, this.sourceBucket.encryptionKey, 's3', this.sourceBucket.env.region);
    }
    // Signing in to Azure and, in a VPC, what Lambda needs to attach a function to its subnets (the EC2 actions of
    // AWS's AWSLambdaVPCAccessExecutionRole). Lambda calls them on network interfaces it creates: there is no ARN.
    const reachAzure = (role: iam.Role) => {
      signIn.grantTo(role);
      if (this.vpc) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          resources: ['*'],
        }));
      }
    };
    reachAzure(this.functionRole);

    const environment: Record<string, string> = {
      CONTAINER_URL: this.container.containerUrl,
      AZURE_TENANT_ID: azureApp.tenantId,
      AZURE_CLIENT_ID: azureApp.clientId,
      ...signIn.environment,
      MIRROR_DELETES: String(mirrorDeletes),
      ...(props.blockSizeBytes === undefined ? {} : { BLOCK_SIZE_BYTES: String(props.blockSizeBytes) }),
      ...(throughput === undefined ? {} : { ASSUMED_THROUGHPUT_MIB_PER_SECOND: String(throughput) }),
      ...(concurrentCopies === undefined ? {} : { CONCURRENT_COPIES: String(concurrentCopies) }),
    };
    const code = props.code
      ?? copyServiceCode(this.node.tryGetContext(S3ToAzureBackupService.COPY_SERVICE_JAR_CONTEXT) ?? COPY_SERVICE_JAR);
    const runtime = javaRuntime(props.runtime ?? lambda.Runtime.JAVA_21);
    const network = this.vpc && {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
        vpc: this.vpc,
        description: 'Copy functions: outbound only (Azure through the NAT gateway, S3 through its endpoint)',
      })],
    };
    const copyServiceFunction = (functionId: string, handler: string, description: string,
      role: iam.Role = this.functionRole) => {
      const logGroup = new logs.LogGroup(this, `${functionId}Logs`, {
        retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      });
      logGroup.grantWrite(role);
      return new lambda.Function(this, functionId, {
        description,
        runtime,
        code,
        handler,
        memorySize: props.memorySize ?? 1024,
        timeout,
        role,
        environment,
        logGroup,
        ...network,
      });
    };
    this.copyFunction = copyServiceFunction('CopyFunction', SQS_COPY_HANDLER,
      'Copies S3 objects into Azure Blob Storage on S3 events from SQS');
    this.backfillFunction = copyServiceFunction('BackfillFunction', BATCH_OPERATIONS_HANDLER,
      'Copies S3 objects into Azure Blob Storage for S3 Batch Operations jobs');

    // --- S3 → SQS → copy function, dead-letter queue ----------------------------------------------------------
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // AWS's advice for a Lambda event source: visibility timeout at least six times the function timeout plus the
    // batching window, so a message is not handed out again while its batch is still being gathered or retried. It applies only to a batch whose
    // invocation ended without an answer: the copy service sets each failed message's own visibility (back-off for a
    // transient failure, none for a permanent one) with sqs:ChangeMessageVisibility, which the event source's grant
    // (grantConsumeMessages) gives the role.
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    // S3 refuses a filter that names neither a prefix nor a suffix.
    const keyFilters: s3.NotificationKeyFilter[] = props.prefix !== undefined || props.suffix !== undefined
      ? [{ prefix: props.prefix, suffix: props.suffix }] : [];
    const destination = new s3n.SqsDestination(this.queue);
    this.sourceBucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, ...keyFilters);
    if (mirrorDeletes) {
      this.sourceBucket.addEventNotification(s3.EventType.OBJECT_REMOVED, destination, ...keyFilters);
    }
    this.copyFunction.addEventSource(new SqsEventSource(this.queue, {
      batchSize,
      maxBatchingWindow: batchingWindow.toSeconds() > 0 ? batchingWindow : undefined,
      reportBatchItemFailures: true,
      maxConcurrency: props.maxConcurrency,
    }));

    // --- alarms ----------------------------------------------------------------------------------------------
    const atLeastOnce = (metric: cloudwatch.IMetric, id: string, alarmDescription: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const fiveMinuteSum = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    this.deadLetterQueueDepthAlarm = atLeastOnce(this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    }), 'DeadLetterQueueDepthAlarm', 'S3 objects whose copy to Azure failed for good: see the messages in the '
      + 'dead-letter queue');
    const maxMessageAge = props.maxMessageAge ?? Duration.hours(1);
    this.oldestMessageAgeAlarm = this.queue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }).createAlarm(this, 'OldestMessageAgeAlarm', {
      alarmDescription: `S3 events wait more than ${maxMessageAge.toHumanString()} for their copy to Azure`,
      threshold: maxMessageAge.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const withoutAnswer = 'ended without an answer (timed out, ran out of memory or failed to start): see its log';
    this.copyFunctionErrorsAlarm = atLeastOnce(this.copyFunction.metricErrors(fiveMinuteSum),
      'CopyFunctionErrorsAlarm', `An invocation of the copy function ${withoutAnswer}. Its batch is retried only `
        + `after the queue's visibility timeout (${timeout.toSeconds() * 6} s)`);
    this.backfillFunctionErrorsAlarm = atLeastOnce(this.backfillFunction.metricErrors(fiveMinuteSum),
      'BackfillFunctionErrorsAlarm', `An invocation of the backfill function ${withoutAnswer}. Batch Operations `
        + 'reports its tasks as failed');
    this.copyFunctionThrottlesAlarm = atLeastOnce(this.copyFunction.metricThrottles(fiveMinuteSum),
      'CopyFunctionThrottlesAlarm', 'Lambda throttled the copy function: S3 events wait. Check the function\'s '
        + 'reserved concurrency and the account\'s concurrency limit');
    // This construct's functions only: other backups in the account and Region publish the same metric.
    const permanentFailures = (entryPoint: string, fn: lambda.IFunction) => new cloudwatch.Metric({
      namespace: COPY_SERVICE_METRICS.namespace,
      metricName: 'PermanentFailures',
      dimensionsMap: {
        [COPY_SERVICE_METRICS.entryPointDimension]: entryPoint,
        [COPY_SERVICE_METRICS.functionDimension]: fn.functionName,
      },
      ...fiveMinuteSum,
    });
    this.alarms = [this.deadLetterQueueDepthAlarm, this.oldestMessageAgeAlarm, this.copyFunctionErrorsAlarm,
      this.backfillFunctionErrorsAlarm, this.copyFunctionThrottlesAlarm];
    this.alarmTopic = props.createAlarmTopic
      ? new sns.Topic(this, 'AlarmTopic', { displayName: 'S3 to Azure backup alarms', enforceSSL: true })
      : props.alarmTopic;
    const alarmActions = [
      ...(this.alarmTopic ? [new cloudwatchActions.SnsAction(this.alarmTopic)] : []),
      ...(props.alarmAction ? [props.alarmAction] : []),
    ];
    for (const alarm of this.alarms) alarm.addAlarmAction(...alarmActions);

    // --- S3 Batch Operations backfill ------------------------------------------------------------------------
    this.reportBucket = props.reportBucket ?? new s3.Bucket(this, 'ReportBucket', {
      ...privateBucket,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'reports/',
    });
    this.batchOperationsRole = new iam.Role(this, 'BatchOperationsRole', {
      assumedBy: new iam.ServicePrincipal('batchoperations.s3.amazonaws.com'),
      description: 'S3 Batch Operations jobs that backfill the Azure container',
    });
    this.backfillFunction.grantInvoke(this.batchOperationsRole);
    const audit = new CompletenessAudit(this, 'Audit', {
      ...props.audit,
      sourceBucket: this.sourceBucket,
      prefix: props.prefix,
      suffix: props.suffix,
      reportBucket: this.reportBucket,
      queue: this.queue,
      environment,
      configureRole: reachAzure,
      code,
      runtime,
      memorySize: props.memorySize,
      logRetention: props.logRetention,
      network,
    });
    this.auditFunction = audit.function;
    this.auditRole = audit.role;
    this.auditSchedule = audit.schedule;
    for (const alarm of audit.alarms) alarm.addAlarmAction(...alarmActions);
    this.alarms.push(...audit.alarms);
    // The job's manifest generator lists the source bucket; jobs read manifests from and write reports to the
    // report bucket.
    this.batchOperationsRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.sourceBucket.bucketArn],
    }));
    this.batchOperationsRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      resources: [this.reportBucket.arnForObjects('*')],
    }));
    this.batchOperationsRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation'],
      resources: [this.reportBucket.bucketArn],
    }));

    if (props.restore) {
      this.restoreFunction = addRestore(this, {
        options: props.restore, sourceBucket: this.sourceBucket, reportBucket: this.reportBucket,
        batchOperationsRole: this.batchOperationsRole,
        grantAzureAccess: reachAzure,
        webIdentity: azureApp.awsWebIdentity !== undefined,
        makeFunction: (role) => copyServiceFunction('RestoreFunction', RESTORE_HANDLER,
          'Restores blobs of the Azure container into S3 for S3 Batch Operations jobs', role),
      }).fn;
    }
    const failureMetrics: Record<string, cloudwatch.IMetric> = {
      sqs: permanentFailures(COPY_SERVICE_METRICS.sqsEntryPoint, this.copyFunction),
      backfill: permanentFailures(COPY_SERVICE_METRICS.batchOperationsEntryPoint, this.backfillFunction),
    };
    if (this.restoreFunction) {
      failureMetrics.restore = permanentFailures(COPY_SERVICE_METRICS.restoreEntryPoint, this.restoreFunction);
      this.restoreFunctionErrorsAlarm = atLeastOnce(this.restoreFunction.metricErrors(fiveMinuteSum),
        'RestoreFunctionErrorsAlarm', `An invocation of the restore function ${withoutAnswer}. Batch Operations `
          + 'reports its tasks as failed');
      this.alarms.push(this.restoreFunctionErrorsAlarm);
      this.restoreFunctionErrorsAlarm.addAlarmAction(...alarmActions);
    }
    this.permanentFailuresAlarm = atLeastOnce(new cloudwatch.MathExpression({
      // An entry point without a batch in the period has no data point: count it as none.
      expression: Object.keys(failureMetrics).map((name) => `FILL(${name}, 0)`).join(' + '),
      usingMetrics: failureMetrics,
      label: 'PermanentFailures',
      period: fiveMinuteSum.period,
    }), 'PermanentFailuresAlarm', 'The copy service failed to copy S3 objects for good (the reasons are in the '
      + 'functions\' logs): events go to the dead-letter queue, backfill and restore tasks are '
      + 'PermanentFailure in the job\'s report');
    this.alarms.push(this.permanentFailuresAlarm);
    this.permanentFailuresAlarm.addAlarmAction(...alarmActions);

    // --- SSM parameters, as the blog keeps them ---------------------------------------------------------------
    const parameterPrefix = props.parameterPrefix ?? defaultParameterPrefix(this);
    const parameter = (parameterId: string, name: string, value: string, description: string) =>
      new ssm.StringParameter(this, parameterId, {
        parameterName: `${parameterPrefix}/${name}`, stringValue: value, description,
      });
    if (props.appIdParameters ?? true) {
      this.tenantIdParameter = parameter('AzureTenantIdParameter', 'azuretenantid', azureApp.tenantId,
        'Entra ID tenant of the app that writes the backup');
      this.clientIdParameter = parameter('AzureClientIdParameter', 'azureclientid', azureApp.clientId,
        'Entra ID application (client) ID that writes the backup');
    }
    this.containerUrlParameter = parameter('AzureBlobContainerUrlParameter', 'azureblobcontainerurl',
      this.container.containerUrl, 'Azure Blob container that holds the backup');

    // --- outputs ---------------------------------------------------------------------------------------------
    const output = (outputId: string, value: string, description: string) =>
      new CfnOutput(this, outputId, { value, description });
    output('SourceBucketName', this.sourceBucket.bucketName, 'The bucket that is backed up');
    output('ContainerUrl', this.container.containerUrl, 'The Azure container that holds the backup');
    output('QueueUrl', this.queue.queueUrl, 'S3 events waiting for their copy');
    output('DeadLetterQueueUrl', this.deadLetterQueue.queueUrl, 'S3 events whose copy failed for good');
    output('CopyFunctionName', this.copyFunction.functionName, 'Copies on S3 events');
    output('BackfillFunctionArn', this.backfillFunction.functionArn, 'LambdaInvoke FunctionArn of a backfill job');
    output('BatchOperationsRoleArn', this.batchOperationsRole.roleArn, '--role-arn of a backfill job');
    output('ReportBucketName', this.reportBucket.bucketName, 'Manifests and completion reports of backfill jobs; '
      + 'audit reports under audit/');
    output('AuditFunctionName', this.auditFunction.functionName, 'Run the completeness audit: aws lambda invoke');
    if (azureApp.awsWebIdentity) {
      output('FunctionRoleArn', this.functionRole.roleArn,
        'Subject of the Entra ID federated identity credential that lets the functions sign in');
      output('AuditFunctionRoleArn', this.auditRole.roleArn,
        'Subject of a second federated identity credential, for the audit function');
    }
    if (this.egressIp) {
      output('EgressIp', this.egressIp,
        'The one public IP address the storage account accepts: the functions\' egress');
    }
  }

  private resolveContainer(props: S3ToAzureBackupServiceProps, appCredentials: AzureCredentials): IAzureBlobContainer {
    const given = [props.container, props.newContainer, props.newStorageAccount].filter((c) => c !== undefined);
    if (given.length !== 1) {
      throw new Error('Give exactly one of `container` (an existing one), `newContainer` (in an existing account) and '
        + '`newStorageAccount`');
    }
    if (props.container) {
      return props.container;
    }
    if (props.newContainer) {
      return new AzureBlobContainer(this, 'Container', {
        ...props.newContainer,
        credentials: props.newContainer.credentials ?? appCredentials,
      });
    }
    return new AzureBackupStorage(this, 'Storage', {
      ...props.newStorageAccount!,
      credentials: props.newStorageAccount!.credentials ?? appCredentials,
      networkRules: this.egressIp === undefined ? props.newStorageAccount!.networkRules : {
        defaultAction: NetworkRulesDefaultAction.DENY,
        bypass: [],
        ipRules: [this.egressIp],
      },
    });
  }
}
