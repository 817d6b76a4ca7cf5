// L1 for the registry type Azure::BlobStorage::Account, in the shape cdklabs/cdk-cloudformation (cdk-import)
// generates for third-party types. Kept by hand; test/l1-schema.test.ts fails when it and the schema,
// ../../storage-account/azure-blobstorage-account.json, disagree.
import * as cdk from 'aws-cdk-lib';
import * as constructs from 'constructs';
import { Authentication, AzureCloud } from './azure-blobstorage-container';

/**
 * An Azure storage account (general-purpose v2) for Blob Storage, managed through Azure Resource Manager: created in
 * the stack's jurisdiction, hardened by default, and kept from deletion while it holds containers. The handlers sign
 * in as an Entra ID application with a client secret kept in AWS Secrets Manager or, with no secret at all, with a
 * web identity token AWS signs for the execution role.
 *
 * @schema CfnAccountProps
 */
export interface CfnAccountProps {
  /**
   * The ID of the Azure subscription that holds the account, a GUID.
   *
   * @schema CfnAccountProps#SubscriptionId
   */
  readonly subscriptionId: string;

  /**
   * The resource group of the account. It must exist, unless CreateResourceGroup is true.
   *
   * @schema CfnAccountProps#ResourceGroupName
   */
  readonly resourceGroupName: string;

  /**
   * Create the resource group when it does not exist (and delete it after the account, if empty).
   *
   * @schema CfnAccountProps#CreateResourceGroup
   */
  readonly createResourceGroup?: boolean;

  /**
   * The Azure region of the account. When omitted: the region in the same country as the stack's AWS Region.
   *
   * @schema CfnAccountProps#Location
   */
  readonly location?: string;

  /**
   * Where the account's data must stay: an ISO 3166 country code, or EU.
   *
   * @schema CfnAccountProps#Jurisdiction
   */
  readonly jurisdiction?: string;

  /**
   * The account's name: 3-24 lowercase letters and digits. When omitted, a name is generated.
   *
   * @schema CfnAccountProps#AccountName
   */
  readonly accountName?: string;

  /**
   * Redundancy and performance.
   *
   * @schema CfnAccountProps#Sku
   */
  readonly sku?: CfnAccountPropsSku;

  /**
   * The kind of account: StorageV2.
   *
   * @schema CfnAccountProps#Kind
   */
  readonly kind?: CfnAccountPropsKind;

  /**
   * The default access tier of blobs.
   *
   * @schema CfnAccountProps#AccessTier
   */
  readonly accessTier?: CfnAccountPropsAccessTier;

  /**
   * The oldest TLS version the account accepts.
   *
   * @schema CfnAccountProps#MinimumTlsVersion
   */
  readonly minimumTlsVersion?: CfnAccountPropsMinimumTlsVersion;

  /**
   * Whether containers of the account may allow anonymous read access.
   *
   * @schema CfnAccountProps#AllowBlobPublicAccess
   */
  readonly allowBlobPublicAccess?: boolean;

  /**
   * Whether requests may be signed with the account's access keys.
   *
   * @schema CfnAccountProps#AllowSharedKeyAccess
   */
  readonly allowSharedKeyAccess?: boolean;

  /**
   * Whether the account's endpoints accept traffic from public networks.
   *
   * @schema CfnAccountProps#PublicNetworkAccess
   */
  readonly publicNetworkAccess?: CfnAccountPropsPublicNetworkAccess;

  /**
   * The account's firewall: which public networks may reach it.
   *
   * @schema CfnAccountProps#NetworkRules
   */
  readonly networkRules?: NetworkRules;

  /**
   * Encrypt the data a second time at the infrastructure level. Only when the account is created.
   *
   * @schema CfnAccountProps#RequireInfrastructureEncryption
   */
  readonly requireInfrastructureEncryption?: boolean;

  /**
   * Keep previous versions of blobs when they are overwritten or deleted.
   *
   * @schema CfnAccountProps#BlobVersioning
   */
  readonly blobVersioning?: boolean;

  /**
   * Record every change to blobs and their metadata in the account's change feed.
   *
   * @schema CfnAccountProps#ChangeFeed
   */
  readonly changeFeed?: boolean;

  /**
   * Days deleted blobs, versions and snapshots can be restored: 1-365, or 0 for off.
   *
   * @schema CfnAccountProps#BlobSoftDeleteRetentionDays
   */
  readonly blobSoftDeleteRetentionDays?: number;

  /**
   * Days deleted containers can be restored: 1-365, or 0 for off.
   *
   * @schema CfnAccountProps#ContainerSoftDeleteRetentionDays
   */
  readonly containerSoftDeleteRetentionDays?: number;

  /**
   * Version-level immutability (WORM) support on the account. Only when the account is created; irreversible.
   *
   * @schema CfnAccountProps#VersionLevelImmutability
   */
  readonly versionLevelImmutability?: boolean;

  /**
   * Azure tags of the account.
   *
   * @schema CfnAccountProps#Tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * Delete an account that still holds containers, and every blob in them.
   *
   * @schema CfnAccountProps#AutoDeleteBlobs
   */
  readonly autoDeleteBlobs?: boolean;

  /**
   * The Azure cloud of the subscription.
   *
   * @schema CfnAccountProps#AzureCloud
   */
  readonly azureCloud?: AzureCloud;

  /**
   * The Entra ID (Azure AD) tenant (directory) ID, a GUID.
   *
   * @schema CfnAccountProps#AzureTenantId
   */
  readonly azureTenantId?: string;

  /**
   * The application (client) ID of the Entra ID app registration, a GUID.
   *
   * @schema CfnAccountProps#AzureClientId
   */
  readonly azureClientId?: string;

  /**
   * Name or ARN of the AWS Secrets Manager secret that holds the app's client secret.
   *
   * @schema CfnAccountProps#AzureClientSecretName
   */
  readonly azureClientSecretName?: string;

  /**
   * How the handler signs in to Entra ID.
   *
   * @schema CfnAccountProps#AzureAuthentication
   */
  readonly azureAuthentication?: Authentication;

  /**
   * With AwsWebIdentity: the audience of the AWS token.
   *
   * @schema CfnAccountProps#AzureWebIdentityAudience
   */
  readonly azureWebIdentityAudience?: string;
}

/**
 * Converts an object of type 'CfnAccountProps' to JSON representation.
 */
/* eslint-disable max-len, quote-props */
export function toJson_CfnAccountProps(obj: CfnAccountProps | undefined): Record<string, any> | undefined {
  if (obj === undefined) { return undefined; }
  const result = {
    'SubscriptionId': obj.subscriptionId,
    'ResourceGroupName': obj.resourceGroupName,
    'CreateResourceGroup': obj.createResourceGroup,
    'Location': obj.location,
    'Jurisdiction': obj.jurisdiction,
    'AccountName': obj.accountName,
    'Sku': obj.sku,
    'Kind': obj.kind,
    'AccessTier': obj.accessTier,
    'MinimumTlsVersion': obj.minimumTlsVersion,
    'AllowBlobPublicAccess': obj.allowBlobPublicAccess,
    'AllowSharedKeyAccess': obj.allowSharedKeyAccess,
    'PublicNetworkAccess': obj.publicNetworkAccess,
    'NetworkRules': toJson_NetworkRules(obj.networkRules),
    'RequireInfrastructureEncryption': obj.requireInfrastructureEncryption,
    'BlobVersioning': obj.blobVersioning,
    'ChangeFeed': obj.changeFeed,
    'BlobSoftDeleteRetentionDays': obj.blobSoftDeleteRetentionDays,
    'ContainerSoftDeleteRetentionDays': obj.containerSoftDeleteRetentionDays,
    'VersionLevelImmutability': obj.versionLevelImmutability,
    'Tags': ((obj.tags) === undefined) ? undefined : (Object.entries(obj.tags).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})),
    'AutoDeleteBlobs': obj.autoDeleteBlobs,
    'AzureCloud': obj.azureCloud,
    'AzureTenantId': obj.azureTenantId,
    'AzureClientId': obj.azureClientId,
    'AzureClientSecretName': obj.azureClientSecretName,
    'AzureAuthentication': obj.azureAuthentication,
    'AzureWebIdentityAudience': obj.azureWebIdentityAudience,
  };
  // filter undefined values
  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
}
/* eslint-enable max-len, quote-props */

/**
 * Redundancy and performance.
 *
 * @schema CfnAccountPropsSku
 */
export enum CfnAccountPropsSku {
  /** Standard_LRS */
  STANDARD_LRS = 'Standard_LRS',
  /** Standard_ZRS */
  STANDARD_ZRS = 'Standard_ZRS',
  /** Standard_GRS */
  STANDARD_GRS = 'Standard_GRS',
  /** Standard_RAGRS */
  STANDARD_RAGRS = 'Standard_RAGRS',
  /** Standard_GZRS */
  STANDARD_GZRS = 'Standard_GZRS',
  /** Standard_RAGZRS */
  STANDARD_RAGZRS = 'Standard_RAGZRS',
  /** Premium_LRS */
  PREMIUM_LRS = 'Premium_LRS',
  /** Premium_ZRS */
  PREMIUM_ZRS = 'Premium_ZRS',
}

/**
 * The kind of account.
 *
 * @schema CfnAccountPropsKind
 */
export enum CfnAccountPropsKind {
  /** StorageV2 */
  STORAGE_V2 = 'StorageV2',
}

/**
 * The default access tier of blobs.
 *
 * @schema CfnAccountPropsAccessTier
 */
export enum CfnAccountPropsAccessTier {
  /** Hot */
  HOT = 'Hot',
  /** Cool */
  COOL = 'Cool',
  /** Cold */
  COLD = 'Cold',
}

/**
 * The oldest TLS version the account accepts.
 *
 * @schema CfnAccountPropsMinimumTlsVersion
 */
export enum CfnAccountPropsMinimumTlsVersion {
  /** TLS1_2 */
  TLS1_2 = 'TLS1_2',
  /** TLS1_3 */
  TLS1_3 = 'TLS1_3',
}

/**
 * Whether the account's endpoints accept traffic from public networks.
 *
 * @schema CfnAccountPropsPublicNetworkAccess
 */
export enum CfnAccountPropsPublicNetworkAccess {
  /** Enabled */
  ENABLED = 'Enabled',
  /** Disabled */
  DISABLED = 'Disabled',
  /** SecuredByPerimeter */
  SECURED_BY_PERIMETER = 'SecuredByPerimeter',
}

/**
 * The account's firewall: which public networks may reach it.
 *
 * @schema NetworkRules
 */
export interface NetworkRules {
  /**
   * What happens to traffic no rule allows.
   *
   * @schema NetworkRules#DefaultAction
   */
  readonly defaultAction?: NetworkRulesDefaultAction;

  /**
   * Traffic let through whatever the rules say.
   *
   * @schema NetworkRules#Bypass
   */
  readonly bypass?: NetworkRulesBypass[];

  /**
   * Public IPv4 addresses or ranges in CIDR notation that may reach the account when DefaultAction is Deny.
   *
   * @schema NetworkRules#IpRules
   */
  readonly ipRules?: string[];

  /**
   * Resource IDs of virtual network subnets that may reach the account when DefaultAction is Deny.
   *
   * @schema NetworkRules#VirtualNetworkRules
   */
  readonly virtualNetworkRules?: string[];
}

/**
 * Converts an object of type 'NetworkRules' to JSON representation.
 */
/* eslint-disable max-len, quote-props */
export function toJson_NetworkRules(obj: NetworkRules | undefined): Record<string, any> | undefined {
  if (obj === undefined) { return undefined; }
  const result = {
    'DefaultAction': obj.defaultAction,
    'Bypass': obj.bypass?.map(y => y),
    'IpRules': obj.ipRules?.map(y => y),
    'VirtualNetworkRules': obj.virtualNetworkRules?.map(y => y),
  };
  // filter undefined values
  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
}
/* eslint-enable max-len, quote-props */

/**
 * What happens to traffic no rule allows.
 *
 * @schema NetworkRulesDefaultAction
 */
export enum NetworkRulesDefaultAction {
  /** Allow */
  ALLOW = 'Allow',
  /** Deny */
  DENY = 'Deny',
}

/**
 * Traffic let through whatever the rules say.
 *
 * @schema NetworkRulesBypass
 */
export enum NetworkRulesBypass {
  /** AzureServices */
  AZURE_SERVICES = 'AzureServices',
  /** Logging */
  LOGGING = 'Logging',
  /** Metrics */
  METRICS = 'Metrics',
}

/**
 * A CloudFormation `Azure::BlobStorage::Account`
 *
 * @cloudformationResource Azure::BlobStorage::Account
 * @stability external
 * @link https://github.com/cfnazure/azure-blobstorage-container
 */
export class CfnAccount extends cdk.CfnResource {
  /**
  * The CloudFormation resource type name for this resource class.
  */
  public static readonly CFN_RESOURCE_TYPE_NAME = 'Azure::BlobStorage::Account';

  /**
   * Resource props.
   */
  public readonly props: CfnAccountProps;

  /**
   * Attribute `Azure::BlobStorage::Account.Id`: the account's Azure Resource Manager resource ID, which Ref returns too.
   */
  public readonly attrId: string;

  /**
   * Attribute `Azure::BlobStorage::Account.BlobEndpoint`
   */
  public readonly attrBlobEndpoint: string;

  /**
   * Attribute `Azure::BlobStorage::Account.PrimaryLocation`
   */
  public readonly attrPrimaryLocation: string;

  /**
   * Attribute `Azure::BlobStorage::Account.SecondaryLocation`
   */
  public readonly attrSecondaryLocation: string;

  /**
   * Create a new `Azure::BlobStorage::Account`.
   *
   * @param scope - scope in which this resource is defined
   * @param id    - scoped id of the resource
   * @param props - resource properties
   */
  constructor(scope: constructs.Construct, id: string, props: CfnAccountProps) {
    super(scope, id, { type: CfnAccount.CFN_RESOURCE_TYPE_NAME, properties: toJson_CfnAccountProps(props)! });

    this.props = props;

    this.attrId = cdk.Token.asString(this.getAtt('Id'));
    this.attrBlobEndpoint = cdk.Token.asString(this.getAtt('BlobEndpoint'));
    this.attrPrimaryLocation = cdk.Token.asString(this.getAtt('PrimaryLocation'));
    this.attrSecondaryLocation = cdk.Token.asString(this.getAtt('SecondaryLocation'));
  }
}
