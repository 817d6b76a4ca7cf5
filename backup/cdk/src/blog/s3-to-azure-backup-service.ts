import { CfnOutput } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import * as root from '../s3-to-azure-backup-service';

/**
 * The blog's L3, with its positional signature: reads the Azure subscription, client and tenant IDs from existing SSM
 * parameters and names an existing secret, then deploys the root's `S3ToAzureBackupService` with a new source bucket
 * and a new storage account and container (`newStorageAccount`, with its defaults). Like the blog's, it writes the
 * container URL to `/s3toazurebackupservice/azureblobcontainerurl` and exports the outputs `sourceBucketArn` and
 * `azureBlobContainerUrl`.
 */
export class S3ToAzureBackupService extends Construct {
  /** The blog's SSM parameter path prefix. */
  public static readonly PARAMETER_PREFIX = '/s3toazurebackupservice';

  /** The service underneath (its id is `Default`, so its resources keep the logical IDs of a direct child). */
  public readonly service: root.S3ToAzureBackupService;

  constructor(
    scope: Construct,
    id: string,
    azureSubscriptionIdParamName: string,
    azureClientIdParamName: string,
    azureTenantIdParamName: string,
    azureClientSecretName: string,
  ) {
    super(scope, id);

    const parameterValue = (name: string) => ssm.StringParameter.valueForStringParameter(this, name);
    this.service = new root.S3ToAzureBackupService(this, 'Default', {
      azureApp: {
        tenantId: parameterValue(azureTenantIdParamName),
        clientId: parameterValue(azureClientIdParamName),
        clientSecret: secretsmanager.Secret.fromSecretNameV2(this, 'AzureClientSecret', azureClientSecretName),
      },
      newStorageAccount: { subscriptionId: parameterValue(azureSubscriptionIdParamName) },
      parameterPrefix: S3ToAzureBackupService.PARAMETER_PREFIX,
      // The IDs already are in SSM parameters: the ones read above.
      appIdParameters: false,
    });

    new CfnOutput(this, 'sourceBucketArn', {
      value: this.service.sourceBucket.bucketArn,
      exportName: 'sourceBucketArn',
    });
    new CfnOutput(this, 'azureBlobContainerUrl', {
      value: this.service.container.containerUrl,
      exportName: 'azureBlobContainerUrl',
    });
  }
}
