import { Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IAzureBlobContainer } from '../azure-blob-container';
import { CfnAzureBlobStorage } from './cfn-azure-blob-storage';

/**
 * The blog's L2, with its positional signature: a new storage account and a container in it (see
 * `CfnAzureBlobStorage`). The root's `AzureBlobContainer` is the props-object form.
 */
export class AzureBlobStorage extends Resource implements IAzureBlobContainer {
  /** The container's URL, https://{account}.blob.core.windows.net/{container}. */
  public readonly blobContainerUrl: string;
  /** The same URL, by the name the other constructs of this package use. */
  public readonly containerUrl: string;
  public readonly containerName: string;
  /** The L1 underneath. */
  public readonly resource: CfnAzureBlobStorage;

  constructor(
    scope: Construct,
    id: string,
    subscriptionId: string,
    clientId: string,
    tenantId: string,
    clientSecretName: string,
  ) {
    super(scope, id);

    this.resource = new CfnAzureBlobStorage(this, 'CfnAzureBlobStorage', {
      subscriptionId, clientId, tenantId, clientSecretName,
    });
    this.blobContainerUrl = this.resource.ref;
    this.containerUrl = this.resource.ref;
    this.containerName = this.resource.storage.containerName;
  }
}
