import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  AzureBackupStorage, AzureCredentials, AzureStorageAccount, CfnAccount, CfnAccountPropsSku, CfnContainer,
  NetworkRulesDefaultAction,
} from '../src';
import { CLIENT_ID, expectNoSecretValue, SECRET_ARN, TENANT_ID, trappedSecret } from './support';

const SUBSCRIPTION_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function newStack(): Stack {
  return new Stack(new App(), 'PhotosBackup');
}

function only(stack: Stack, type: string): any {
  const resources = Object.values<any>(Template.fromStack(stack).findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('AzureStorageAccount (L2)', () => {
  test('by default: hardened, versioned, 14 days of soft delete, version-level immutability, a new resource group '
    + 'named after the stack, the type choosing region and name; retained', () => {
    const stack = newStack();
    new AzureStorageAccount(stack, 'Account', { subscriptionId: SUBSCRIPTION_ID });

    const account = only(stack, CfnAccount.CFN_RESOURCE_TYPE_NAME);
    expect(account.Properties).toEqual({
      SubscriptionId: SUBSCRIPTION_ID,
      ResourceGroupName: 'rg-PhotosBackup',
      CreateResourceGroup: true,
      MinimumTlsVersion: 'TLS1_2',
      AllowBlobPublicAccess: false,
      AllowSharedKeyAccess: false,
      BlobVersioning: true,
      BlobSoftDeleteRetentionDays: 14,
      ContainerSoftDeleteRetentionDays: 14,
      VersionLevelImmutability: true,
    });
    expect(account.DeletionPolicy).toBe('Retain');
    expect(account.UpdateReplacePolicy).toBe('Retain');
  });

  test('given settings and credentials reach the type; the template names the secret, never its value', () => {
    const stack = newStack();
    new AzureStorageAccount(stack, 'Account', {
      subscriptionId: SUBSCRIPTION_ID,
      resourceGroupName: 'rg-dr',
      createResourceGroup: false,
      location: 'germanywestcentral',
      jurisdiction: 'DE',
      accountName: 'drstorage01',
      sku: CfnAccountPropsSku.STANDARD_ZRS,
      credentials: AzureCredentials.fromSecret(trappedSecret(stack, 'Secret'), { tenantId: TENANT_ID, clientId: CLIENT_ID }),
      versionLevelImmutability: false,
      softDeleteRetentionDays: 30,
      networkRules: { defaultAction: NetworkRulesDefaultAction.DENY, ipRules: ['203.0.113.0/24'] },
      tags: { costcenter: 'dr' },
    });
    expect(only(stack, CfnAccount.CFN_RESOURCE_TYPE_NAME).Properties).toMatchObject({
      ResourceGroupName: 'rg-dr',
      CreateResourceGroup: false,
      Location: 'germanywestcentral',
      Jurisdiction: 'DE',
      AccountName: 'drstorage01',
      Sku: 'Standard_ZRS',
      AzureAuthentication: 'ClientSecret',
      AzureClientSecretName: SECRET_ARN,
      AzureTenantId: TENANT_ID,
      AzureClientId: CLIENT_ID,
      VersionLevelImmutability: false,
      BlobSoftDeleteRetentionDays: 30,
      ContainerSoftDeleteRetentionDays: 30,
      NetworkRules: { DefaultAction: 'Deny', IpRules: ['203.0.113.0/24'] },
      Tags: { costcenter: 'dr' },
    });
    expectNoSecretValue(Template.fromStack(stack).toJSON());
  });

  test('accountId is the Ref (the ARM ID); accountName its last segment, or the given name', () => {
    const stack = newStack();
    const generated = new AzureStorageAccount(stack, 'Generated', { subscriptionId: SUBSCRIPTION_ID });
    const named = new AzureStorageAccount(stack, 'Named', { subscriptionId: SUBSCRIPTION_ID, accountName: 'drstorage01' });

    const ref = { Ref: stack.getLogicalId(generated.resource) };
    expect(stack.resolve(generated.accountId)).toEqual(ref);
    expect(stack.resolve(generated.accountName)).toEqual({ 'Fn::Select': [8, { 'Fn::Split': ['/', ref] }] });
    expect(named.accountName).toBe('drstorage01');
    expect(stack.resolve(generated.blobEndpoint))
      .toEqual({ 'Fn::GetAtt': [stack.getLogicalId(generated.resource), 'BlobEndpoint'] });
  });

  test('refused at synth: a soft delete retention outside 0-365, a SNAPSHOT policy', () => {
    for (const days of [-1, 366, 1.5]) {
      expect(() => new AzureStorageAccount(newStack(), 'A', { subscriptionId: SUBSCRIPTION_ID, softDeleteRetentionDays: days }))
        .toThrow(`softDeleteRetentionDays must be a whole number from 0 to 365, not ${days}`);
    }
    expect(() => new AzureStorageAccount(newStack(), 'A', { subscriptionId: SUBSCRIPTION_ID, removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/no snapshot/);
  });
});

describe('AzureBackupStorage', () => {
  test('a container in the new account through Azure Resource Manager, each blob version immutable for 30 days', () => {
    const stack = newStack();
    const storage = new AzureBackupStorage(stack, 'Storage', {
      subscriptionId: SUBSCRIPTION_ID,
      credentials: AzureCredentials.fromSecret(trappedSecret(stack, 'Secret'), { tenantId: TENANT_ID, clientId: CLIENT_ID }),
    });

    const container = only(stack, CfnContainer.CFN_RESOURCE_TYPE_NAME);
    expect(container.Properties).toEqual({
      StorageAccountId: { Ref: stack.getLogicalId(storage.account.resource) },
      AzureAuthentication: 'ClientSecret',
      AzureClientSecretName: SECRET_ARN,
      AzureTenantId: TENANT_ID,
      AzureClientId: CLIENT_ID,
      PublicAccess: 'None',
      VersionLevelImmutability: true,
      ImmutabilityPolicy: { RetentionDays: 30 },
    });
    expect(container.DeletionPolicy).toBe('Retain');
    expect(only(stack, CfnAccount.CFN_RESOURCE_TYPE_NAME).Properties.VersionLevelImmutability).toBe(true);
    expect(stack.resolve(storage.containerUrl)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(storage.container.resource), 'ContainerUrl'] });
  });

  test('retention days and the lock are props; removalPolicy applies to the account and the container', () => {
    const stack = newStack();
    new AzureBackupStorage(stack, 'Storage', {
      subscriptionId: SUBSCRIPTION_ID,
      immutabilityRetentionDays: 365,
      lockImmutabilityPolicy: true,
      containerName: 'photos-dr',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const container = only(stack, CfnContainer.CFN_RESOURCE_TYPE_NAME);
    expect(container.Properties).toMatchObject({
      ContainerName: 'photos-dr',
      ImmutabilityPolicy: { RetentionDays: 365, Locked: true },
    });
    expect(container.DeletionPolicy).toBe('Delete');
    expect(only(stack, CfnAccount.CFN_RESOURCE_TYPE_NAME).DeletionPolicy).toBe('Delete');
  });

  test('without version-level immutability: no policy, and asking for one is refused', () => {
    const stack = newStack();
    new AzureBackupStorage(stack, 'Storage', { subscriptionId: SUBSCRIPTION_ID, versionLevelImmutability: false });
    Template.fromStack(stack).hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, {
      VersionLevelImmutability: Match.absent(),
      ImmutabilityPolicy: Match.absent(),
    });
    expect(() => new AzureBackupStorage(newStack(), 'S', {
      subscriptionId: SUBSCRIPTION_ID, versionLevelImmutability: false, immutabilityRetentionDays: 7,
    })).toThrow(/need versionLevelImmutability/);
    for (const days of [0, 146_001, 2.5]) {
      expect(() => new AzureBackupStorage(newStack(), 'S', { subscriptionId: SUBSCRIPTION_ID, immutabilityRetentionDays: days }))
        .toThrow(`immutabilityRetentionDays must be a whole number from 1 to 146000, not ${days}`);
    }
  });
});
