// The restore option of the L3: a function of the copy service's jar that S3 Batch Operations invokes for each blob
// of a manifest, writing the object back into S3 (backup/copy-service/README.md, "Restore").
import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Entry point of the restore for S3 Batch Operations LambdaInvoke tasks (invocation schema 1.0 and 2.0). */
export const RESTORE_HANDLER = 'io.cfnazure.backup.restore.RestoreHandler::handleRequest';

/** The restore of the backup into S3 (Azure → S3), started as an S3 Batch Operations job. */
export interface AzureRestoreOptions {
  /**
   * The buckets the restore may write into: the restore function may create and replace objects there (never
   * delete), and reads their objects' ETags and dates to leave newer ones alone.
   * @default - the source bucket
   */
  readonly targetBuckets?: s3.IBucket[];
}

/** What the L3 gives the restore: how to make a function of the jar with a role, and what the jobs use. */
export interface RestoreWiring {
  readonly options: AzureRestoreOptions;
  readonly sourceBucket: s3.IBucket;
  readonly reportBucket: s3.IBucket;
  readonly batchOperationsRole: iam.Role;
  readonly makeFunction: (role: iam.Role) => lambda.Function;
  /** Lets the role sign in as the app and, with `lockDownNetwork`, run in the functions' VPC. */
  readonly grantAzureAccess: (role: iam.Role) => void;
  /** Whether the app signs in without a secret: the restore role then needs its own federated credential. */
  readonly webIdentity: boolean;
}

/** The restore function, its role and outputs; the function is the L3's `restoreFunction`. */
export function addRestore(scope: Construct, wiring: RestoreWiring): { fn: lambda.Function; role: iam.Role } {
  const targets = wiring.options.targetBuckets ?? [wiring.sourceBucket];
  if (targets.length === 0) {
    throw new Error('restore.targetBuckets is empty: name at least one bucket to restore into, or leave it out to '
      + 'restore into the source bucket');
  }
  // Its own role: the copy functions never get to write into S3, the restore never reads the source's versions.
  const role = new iam.Role(scope, 'RestoreFunctionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Restores blobs of the Azure container into S3 for S3 Batch Operations jobs',
  });
  // PutObject (and the multipart upload it may be, aborted on failure); GetObject for the HEAD that decides whether
  // the target holds a newer object; ListBucket so that HEAD answers 404, not 403, for an absent key.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
    resources: targets.map((bucket) => bucket.arnForObjects('*')),
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: targets.map((bucket) => bucket.bucketArn),
  }));
  for (const bucket of targets) {
    // Writing into an SSE-KMS bucket needs a data key; a multipart upload decrypts it again.
    bucket.encryptionKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
  wiring.grantAzureAccess(role);
  const fn = wiring.makeFunction(role);
  // The jobs read the manifest from the report bucket and write their completion report there (the L3 grants that
  // to the Batch Operations role), and invoke this function.
  fn.grantInvoke(wiring.batchOperationsRole);

  const output = (id: string, value: string, description: string) => new CfnOutput(scope, id, { value, description });
  output('RestoreFunctionArn', fn.functionArn, 'LambdaInvoke FunctionArn of a restore job');
  output('RestoreTargetBuckets', Fn.join(',', targets.map((bucket) => bucket.bucketName)),
    'Buckets the restore may write into');
  output('RestoreCommand', Fn.join('', ['backup/copy-service/restore --bucket TARGET_BUCKET --work s3://',
    wiring.reportBucket.bucketName, '/restore/JOB_NAME --function-arn ', fn.functionArn, ' --role-arn ',
    wiring.batchOperationsRole.roleArn, ' --account-id ', fn.env.account, ' [--prefix P] [--as-of T] [--dry-run]']),
  'Plans a restore, writes its manifest and prints the create-job command (run with the functions\' settings)');
  if (wiring.webIdentity) {
    output('RestoreFunctionRoleArn', role.roleArn,
      'Subject of a second Entra ID federated identity credential: the restore function signs in with its own role');
  }
  return { fn, role };
}
