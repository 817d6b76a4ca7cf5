import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AzureBackupStorage } from '../azure-backup-storage';
import { AzureCredentials } from '../azure-blob-container';

/** The blog's L1 props: the Azure subscription, and the Entra ID app that creates the account and container. */
export interface CfnAzureBlobStorageProps {
  /** The Azure subscription that holds the new storage account, a GUID. */
  readonly subscriptionId: string;
  /** The application (client) ID of the Entra ID app, a GUID. */
  readonly clientId: string;
  /** The Entra ID tenant (directory) ID, a GUID. */
  readonly tenantId: string;
  /**
   * The name of the Secrets Manager secret that holds the app's client secret. Only the name reaches the template;
   * the registry types' handlers read the value.
   */
  readonly clientSecretName: string;
}

/**
 * The blog's L1: a new storage account (in the Azure region of the stack's country, name generated, with
 * `AzureBackupStorage`'s defaults) and a container in it. `ref` is the container's URL.
 */
export class CfnAzureBlobStorage extends Construct {
  /** The container's URL, https://{account}.blob.core.windows.net/{container} (its `Ref`). */
  public readonly ref: string;
  /** The account and container underneath. */
  public readonly storage: AzureBackupStorage;

  constructor(scope: Construct, id: string, props: CfnAzureBlobStorageProps) {
    super(scope, id);

    const secret = secretsmanager.Secret.fromSecretNameV2(this, 'AzureClientSecret', props.clientSecretName);
    this.storage = new AzureBackupStorage(this, 'Storage', {
      subscriptionId: props.subscriptionId,
      credentials: AzureCredentials.fromSecret(secret, { tenantId: props.tenantId, clientId: props.clientId }),
    });
    this.ref = this.storage.container.resource.ref;
  }
}
