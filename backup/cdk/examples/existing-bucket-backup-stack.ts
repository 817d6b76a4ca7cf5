// The props form of the L3 with a bucket and a container that already exist, one prefix only, deletes mirrored.
import { Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AzureBlobContainer, S3ToAzureBackupService } from '../src';
import { stringParameter } from './stack-parameters';

export class ExistingBucketBackupStack extends Stack {
  public readonly backupService: S3ToAzureBackupService;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const parameter = (name: string, description: string) => stringParameter(this, name, description);

    this.backupService = new S3ToAzureBackupService(this, 'Backup', {
      azureApp: {
        tenantId: parameter('AzureTenantId', 'Entra ID tenant (directory) ID'),
        clientId: parameter('AzureClientId', 'Entra ID application (client) ID'),
        clientSecret: secretsmanager.Secret.fromSecretCompleteArn(this, 'AzureClientSecret',
          parameter('AzureCredentialsArn', 'Full ARN of the Secrets Manager secret with the app\'s client secret')),
      },
      sourceBucket: s3.Bucket.fromBucketName(this, 'SourceBucket', parameter('SourceBucketName', 'Bucket to back up')),
      container: AzureBlobContainer.fromContainerUrl(this, 'Container',
        parameter('ContainerUrl', 'https://{account}.blob.core.windows.net/{container}')),
      prefix: 'exports/',
      mirrorDeletes: true,
    });
  }
}
