// L1 for the registry type Azure::BlobStorage::Container, in the shape cdklabs/cdk-cloudformation (cdk-import)
// generates for third-party types. Kept by hand; test/l1-schema.test.ts fails when it and the schema,
// ../../azure-blobstorage-container.json, disagree.
import * as cdk from 'aws-cdk-lib';
import * as constructs from 'constructs';

/**
 * An Azure Blob Storage container, managed as an Entra ID application that signs in with a client secret kept in AWS
 * Secrets Manager or, with no secret at all, with a web identity token AWS signs for the execution role.
 *
 * @schema CfnContainerProps
 */
export interface CfnContainerProps {
  /**
   * The name of the existing Azure storage account that holds the container: 3-24 lowercase letters and digits. The
   * container is then managed through the blob service (the data plane). Give this or StorageAccountId.
   *
   * @schema CfnContainerProps#StorageAccountName
   */
  readonly storageAccountName?: string;

  /**
   * The Azure Resource Manager ID of the storage account that holds the container
   * (/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{name}), for
   * example the Ref of an Azure::BlobStorage::Account. The container is then managed through Azure Resource Manager
   * (the management plane), which works behind the account's firewall.
   *
   * @schema CfnContainerProps#StorageAccountId
   */
  readonly storageAccountId?: string;

  /**
   * Where the storage account's data must stay: an ISO 3166 country code, or EU for Microsoft's EU Data Boundary. With
   * StorageAccountId, the type refuses an account whose primary or secondary location is outside it.
   *
   * @schema CfnContainerProps#Jurisdiction
   */
  readonly jurisdiction?: string;

  /**
   * The container's name: 3-63 characters of lowercase letters, digits and single hyphens, starting and ending with
   * a letter or digit. When omitted, a unique name is generated from the stack and logical resource ID.
   *
   * @schema CfnContainerProps#ContainerName
   */
  readonly containerName?: string;

  /**
   * The Azure cloud of the storage account. When omitted: the type configuration's AzureCloud, else AzurePublicCloud.
   *
   * @schema CfnContainerProps#AzureCloud
   */
  readonly azureCloud?: AzureCloud;

  /**
   * The Entra ID (Azure AD) tenant (directory) ID, a GUID.
   *
   * @schema CfnContainerProps#AzureTenantId
   */
  readonly azureTenantId?: string;

  /**
   * The application (client) ID of the Entra ID app registration, a GUID.
   *
   * @schema CfnContainerProps#AzureClientId
   */
  readonly azureClientId?: string;

  /**
   * Name or ARN of the AWS Secrets Manager secret that holds the app's client secret: either the secret itself, or
   * JSON with a clientSecret key (and optionally tenantId and clientId). For ClientSecret sign-in only; unused with
   * AwsWebIdentity, which has no secret.
   *
   * @schema CfnContainerProps#AzureClientSecretName
   */
  readonly azureClientSecretName?: string;

  /**
   * How the handler signs in to Entra ID: ClientSecret (the app's client secret from AWS Secrets Manager, named by
   * AzureClientSecretName) or AwsWebIdentity (no secret: an AWS-signed token of the execution role, trusted by a
   * federated identity credential on the app). When omitted: the type configuration's, else ClientSecret.
   *
   * @schema CfnContainerProps#AzureAuthentication
   */
  readonly azureAuthentication?: Authentication;

  /**
   * With AwsWebIdentity: the audience of the AWS token, as the app's federated identity credential names it. When
   * omitted: the type configuration's, else api://AzureADTokenExchange.
   *
   * @schema CfnContainerProps#AzureWebIdentityAudience
   */
  readonly azureWebIdentityAudience?: string;

  /**
   * Anonymous read access: None (private, the default), Blob (anonymous read of blobs) or Container (anonymous read
   * and listing of blobs).
   *
   * @schema CfnContainerProps#PublicAccess
   */
  readonly publicAccess?: CfnContainerPropsPublicAccess;

  /**
   * Name-value pairs stored on the container.
   *
   * @schema CfnContainerProps#Metadata
   */
  readonly metadata?: { [key: string]: string };

  /**
   * The encryption scope the container applies to new blobs.
   *
   * @schema CfnContainerProps#DefaultEncryptionScope
   */
  readonly defaultEncryptionScope?: string;

  /**
   * When true, blobs cannot pick an encryption scope other than DefaultEncryptionScope.
   *
   * @schema CfnContainerProps#DenyEncryptionScopeOverride
   */
  readonly denyEncryptionScopeOverride?: boolean;

  /**
   * The container's default time-based retention policy for blob versions (with VersionLevelImmutability) or for the
   * container. Management plane (StorageAccountId) only.
   *
   * @schema CfnContainerProps#ImmutabilityPolicy
   */
  readonly immutabilityPolicy?: ImmutabilityPolicy;

  /**
   * Legal hold tags on the container: 1-10 tags of 3-23 letters and digits. Not allowed with
   * VersionLevelImmutability. Management plane (StorageAccountId) only.
   *
   * @schema CfnContainerProps#LegalHoldTags
   */
  readonly legalHoldTags?: string[];

  /**
   * Version-level immutability (WORM) on the container, set when it is created; needs blob versioning on the account.
   * Management plane (StorageAccountId) only.
   *
   * @schema CfnContainerProps#VersionLevelImmutability
   */
  readonly versionLevelImmutability?: boolean;

  /**
   * Delete a container that still holds blobs, blobs included. Default false: deleting a container that is not empty
   * fails and nothing is lost.
   *
   * @schema CfnContainerProps#AutoDeleteBlobs
   */
  readonly autoDeleteBlobs?: boolean;
}

/**
 * Converts an object of type 'CfnContainerProps' to JSON representation.
 */
/* eslint-disable max-len, quote-props */
export function toJson_CfnContainerProps(obj: CfnContainerProps | undefined): Record<string, any> | undefined {
  if (obj === undefined) { return undefined; }
  const result = {
    'StorageAccountName': obj.storageAccountName,
    'StorageAccountId': obj.storageAccountId,
    'Jurisdiction': obj.jurisdiction,
    'ContainerName': obj.containerName,
    'AzureCloud': obj.azureCloud,
    'AzureTenantId': obj.azureTenantId,
    'AzureClientId': obj.azureClientId,
    'AzureClientSecretName': obj.azureClientSecretName,
    'AzureAuthentication': obj.azureAuthentication,
    'AzureWebIdentityAudience': obj.azureWebIdentityAudience,
    'PublicAccess': obj.publicAccess,
    'Metadata': ((obj.metadata) === undefined) ? undefined : (Object.entries(obj.metadata).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})),
    'DefaultEncryptionScope': obj.defaultEncryptionScope,
    'DenyEncryptionScopeOverride': obj.denyEncryptionScopeOverride,
    'ImmutabilityPolicy': toJson_ImmutabilityPolicy(obj.immutabilityPolicy),
    'LegalHoldTags': obj.legalHoldTags?.map(y => y),
    'VersionLevelImmutability': obj.versionLevelImmutability,
    'AutoDeleteBlobs': obj.autoDeleteBlobs,
  };
  // filter undefined values
  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
}
/* eslint-enable max-len, quote-props */

/**
 * A time-based retention policy: blob versions (or the container's blobs) cannot be deleted or overwritten until they
 * are this many days old.
 *
 * @schema ImmutabilityPolicy
 */
export interface ImmutabilityPolicy {
  /**
   * Days since creation during which a blob version cannot be deleted or changed: 1-146000.
   *
   * @schema ImmutabilityPolicy#RetentionDays
   */
  readonly retentionDays: number;

  /**
   * Allow new blocks to be appended to append blobs under the policy.
   *
   * @schema ImmutabilityPolicy#AllowProtectedAppendWrites
   */
  readonly allowProtectedAppendWrites?: boolean;

  /**
   * Lock the policy: it can then only be extended (at most 5 times), never shortened or removed. Irreversible.
   *
   * @schema ImmutabilityPolicy#Locked
   */
  readonly locked?: boolean;
}

/**
 * Converts an object of type 'ImmutabilityPolicy' to JSON representation.
 */
/* eslint-disable max-len, quote-props */
export function toJson_ImmutabilityPolicy(obj: ImmutabilityPolicy | undefined): Record<string, any> | undefined {
  if (obj === undefined) { return undefined; }
  const result = {
    'RetentionDays': obj.retentionDays,
    'AllowProtectedAppendWrites': obj.allowProtectedAppendWrites,
    'Locked': obj.locked,
  };
  // filter undefined values
  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
}
/* eslint-enable max-len, quote-props */

/**
 * The Azure cloud that hosts the storage account. It selects the blob endpoint suffix and the Entra ID authority.
 *
 * @schema AzureCloud
 */
export enum AzureCloud {
  /** AzurePublicCloud */
  AZURE_PUBLIC_CLOUD = 'AzurePublicCloud',
  /** AzureChinaCloud */
  AZURE_CHINA_CLOUD = 'AzureChinaCloud',
  /** AzureUSGovernment */
  AZURE_US_GOVERNMENT = 'AzureUSGovernment',
}

/**
 * How the handler signs in to Entra ID. ClientSecret: with the app's client secret, read from AWS Secrets Manager.
 * AwsWebIdentity: with no secret at all, presenting a short-lived token that AWS STS signs for the execution role (IAM
 * outbound identity federation), which a federated identity credential on the app trusts.
 *
 * @schema Authentication
 */
export enum Authentication {
  /** ClientSecret */
  CLIENT_SECRET = 'ClientSecret',
  /** AwsWebIdentity */
  AWS_WEB_IDENTITY = 'AwsWebIdentity',
}

/**
 * Anonymous read access.
 *
 * @schema CfnContainerPropsPublicAccess
 */
export enum CfnContainerPropsPublicAccess {
  /** None */
  NONE = 'None',
  /** Blob */
  BLOB = 'Blob',
  /** Container */
  CONTAINER = 'Container',
}

/**
 * A CloudFormation `Azure::BlobStorage::Container`
 *
 * @cloudformationResource Azure::BlobStorage::Container
 * @stability external
 * @link https://github.com/cfnazure/azure-blobstorage-container
 */
export class CfnContainer extends cdk.CfnResource {
  /**
  * The CloudFormation resource type name for this resource class.
  */
  public static readonly CFN_RESOURCE_TYPE_NAME = 'Azure::BlobStorage::Container';

  /**
   * Resource props.
   */
  public readonly props: CfnContainerProps;

  /**
   * Attribute `Azure::BlobStorage::Container.ContainerUrl`
   * @link https://github.com/cfnazure/azure-blobstorage-container
   */
  public readonly attrContainerUrl: string;

  /**
   * Create a new `Azure::BlobStorage::Container`.
   *
   * @param scope - scope in which this resource is defined
   * @param id    - scoped id of the resource
   * @param props - resource properties
   */
  constructor(scope: constructs.Construct, id: string, props: CfnContainerProps) {
    super(scope, id, { type: CfnContainer.CFN_RESOURCE_TYPE_NAME, properties: toJson_CfnContainerProps(props)! });

    this.props = props;

    this.attrContainerUrl = cdk.Token.asString(this.getAtt('ContainerUrl'));
  }
}
