// The blog's MultiCloudBackupCdkStack, rebuilt on this project's constructs. The blog's stack read the Azure IDs from
// existing SSM parameters and put the client secret's value into the template; this one takes them as stack
// parameters and hands only the secret's name to the registry type and the copy function.
import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { S3ToAzureBackupService } from '../src';
import { exampleCode, ExampleStackProps, stringParameter } from './example-stack-props';

export class MultiCloudBackupCdkStack extends Stack {
  public readonly backupService: S3ToAzureBackupService;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);

    const parameter = (name: string, description: string, defaultValue?: string) =>
      stringParameter(this, name, description, defaultValue);
    const storageAccountName = parameter('StorageAccountName', 'Existing Azure storage account for the copies');
    const tenantId = parameter('AzureTenantId', 'Entra ID tenant (directory) ID');
    const clientId = parameter('AzureClientId', 'Entra ID application (client) ID');
    const clientSecretName = parameter('AzureCredentialsName',
      'Name of the Secrets Manager secret with the app\'s client secret', 's3toazurebackupservice/azureclientsecret');

    this.backupService = new S3ToAzureBackupService(this, 'MyMultiCloudBackupService', {
      azureApp: {
        tenantId,
        clientId,
        clientSecret: secretsmanager.Secret.fromSecretNameV2(this, 'AzureClientSecret', clientSecretName),
      },
      newContainer: { storageAccountName },
      code: exampleCode(props),
    });
  }
}
