// The props form of the L3 with a new storage account that only the copy functions' Elastic IP may reach, signing in
// without a secret, with a year of immutability on every blob version.
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { S3ToAzureBackupService } from '../src';
import { stringParameter } from './stack-parameters';

export class LockedDownBackupStack extends Stack {
  public readonly backupService: S3ToAzureBackupService;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const parameter = (name: string, description: string) => stringParameter(this, name, description);

    this.backupService = new S3ToAzureBackupService(this, 'Backup', {
      azureApp: {
        tenantId: parameter('AzureTenantId', 'Entra ID tenant (directory) ID'),
        clientId: parameter('AzureClientId', 'Entra ID application (client) ID'),
        awsWebIdentity: {},
      },
      newStorageAccount: {
        subscriptionId: parameter('AzureSubscriptionId', 'Azure subscription of the new storage account'),
        immutabilityRetentionDays: 365,
      },
      lockDownNetwork: true,
      createAlarmTopic: true,
    });
  }
}
