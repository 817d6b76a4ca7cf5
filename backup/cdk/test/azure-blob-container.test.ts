import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AzureBlobContainer, AzureCloud, AzureCredentials, BlobPublicAccess, CfnContainer,
} from '../src';
import { CLIENT_ID, expectNoSecretValue, SECRET_ARN, TENANT_ID, trappedSecret } from './support';

const TYPE = CfnContainer.CFN_RESOURCE_TYPE_NAME;

function newStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function onlyContainer(stack: Stack): any {
  const resources = Object.values<any>(Template.fromStack(stack).findResources(TYPE));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('AzureBlobContainer (L2)', () => {
  test('intent-based props become the type\'s properties; credentials are the secret\'s ARN and the app IDs', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', {
      storageAccountName: 'drstorage01',
      containerName: 'dr-copy',
      cloud: AzureCloud.AZURE_PUBLIC_CLOUD,
      credentials: AzureCredentials.fromSecret(trappedSecret(stack, 'Secret'), { tenantId: TENANT_ID, clientId: CLIENT_ID }),
      publicAccess: BlobPublicAccess.NONE,
      metadata: { purpose: 'dr', source_bucket: 'photos' },
      encryptionScope: 'dr-scope',
      enforceEncryptionScope: true,
    });

    const container = onlyContainer(stack);
    expect(container.Properties).toEqual({
      StorageAccountName: 'drstorage01',
      ContainerName: 'dr-copy',
      AzureCloud: 'AzurePublicCloud',
      AzureTenantId: TENANT_ID,
      AzureClientId: CLIENT_ID,
      AzureAuthentication: 'ClientSecret',
      AzureClientSecretName: SECRET_ARN,
      PublicAccess: 'None',
      Metadata: { purpose: 'dr', source_bucket: 'photos' },
      DefaultEncryptionScope: 'dr-scope',
      DenyEncryptionScopeOverride: true,
    });
    expectNoSecretValue(Template.fromStack(stack).toJSON());
  });

  test('by default: private, retained with the stack\'s deletion, non-empty container never deleted', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', { storageAccountName: 'drstorage01' });

    const container = onlyContainer(stack);
    expect(container.Properties.PublicAccess).toBe('None');
    expect(container.Properties.AutoDeleteBlobs).toBeUndefined();
    expect(container.DeletionPolicy).toBe('Retain');
    expect(container.UpdateReplacePolicy).toBe('Retain');
  });

  test('without credentials, the template names none: the type configuration holds them', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', {
      storageAccountName: 'drstorage01',
      credentials: AzureCredentials.fromTypeConfiguration(),
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      AzureAuthentication: Match.absent(),
      AzureTenantId: Match.absent(),
      AzureClientId: Match.absent(),
      AzureClientSecretName: Match.absent(),
    });
  });

  test('AWS web identity: no secret named at all, the audience passed on', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', {
      storageAccountName: 'drstorage01',
      credentials: AzureCredentials.fromAwsWebIdentity({ tenantId: TENANT_ID, clientId: CLIENT_ID, audience: 'api://dr' }),
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      AzureAuthentication: 'AwsWebIdentity',
      AzureWebIdentityAudience: 'api://dr',
      AzureTenantId: TENANT_ID,
      AzureClientId: CLIENT_ID,
      AzureClientSecretName: Match.absent(),
    });
  });

  test('a secret imported by name is named by name; IDs left out come from the secret\'s JSON', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', {
      storageAccountName: 'drstorage01',
      credentials: AzureCredentials.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'azure/backup')),
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      AzureClientSecretName: 'azure/backup',
      AzureTenantId: Match.absent(),
      AzureClientId: Match.absent(),
    });
  });

  test('removalPolicy DESTROY with autoDeleteBlobs lets a stack deletion delete a non-empty container', () => {
    const stack = newStack();
    new AzureBlobContainer(stack, 'Backup', {
      storageAccountName: 'drstorage01',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteBlobs: true,
    });
    const container = onlyContainer(stack);
    expect(container.DeletionPolicy).toBe('Delete');
    expect(container.Properties.AutoDeleteBlobs).toBe(true);
  });

  test('autoDeleteBlobs on a retained container, or a SNAPSHOT policy, is refused at synth', () => {
    expect(() => new AzureBlobContainer(newStack(), 'Backup', { storageAccountName: 'drstorage01', autoDeleteBlobs: true }))
      .toThrow(/autoDeleteBlobs needs removalPolicy/);
    expect(() => new AzureBlobContainer(newStack(), 'Backup', {
      storageAccountName: 'drstorage01', removalPolicy: RemovalPolicy.SNAPSHOT,
    })).toThrow(/no snapshot/);
  });

  test('containerUrl is the type\'s ContainerUrl; containerName is the given name or the URL\'s last segment', () => {
    const stack = newStack();
    const named = new AzureBlobContainer(stack, 'Named', { storageAccountName: 'drstorage01', containerName: 'dr-copy' });
    const generated = new AzureBlobContainer(stack, 'Generated', { storageAccountName: 'drstorage01' });

    const getAtt = (c: AzureBlobContainer) => ({ 'Fn::GetAtt': [stack.getLogicalId(c.resource), 'ContainerUrl'] });
    expect(stack.resolve(named.containerUrl)).toEqual(getAtt(named));
    expect(named.containerName).toBe('dr-copy');
    expect(stack.resolve(generated.containerName))
      .toEqual({ 'Fn::Select': [3, { 'Fn::Split': ['/', getAtt(generated)] }] });
  });

  test('fromContainerUrl: the name from a literal URL, a token split at deploy time, a malformed URL refused', () => {
    const stack = newStack();
    const literal = AzureBlobContainer.fromContainerUrl(stack, 'Literal', 'https://drstorage01.blob.core.windows.net/dr-copy');
    expect(literal.containerName).toBe('dr-copy');
    expect(literal.containerUrl).toBe('https://drstorage01.blob.core.windows.net/dr-copy');

    const other = new AzureBlobContainer(stack, 'Other', { storageAccountName: 'drstorage01' });
    const fromToken = AzureBlobContainer.fromContainerUrl(stack, 'FromToken', other.containerUrl);
    expect(stack.resolve(fromToken.containerName)).toEqual(stack.resolve(other.containerName));

    for (const bad of ['drstorage01.blob.core.windows.net/dr-copy', 'http://drstorage01.blob.core.windows.net/dr-copy',
      'https://drstorage01.blob.core.windows.net/', 'https://drstorage01.blob.core.windows.net/dr-copy?sv=2024']) {
      expect(() => AzureBlobContainer.fromContainerUrl(newStack(), 'Bad', bad)).toThrow(/Not a container URL/);
    }
  });

  test('the secret scan catches a construct that reads the secret\'s value (as the blog\'s L1 did)', () => {
    const stack = newStack();
    const secret = trappedSecret(stack, 'Secret');
    new CfnResource(stack, 'Leaky', { type: TYPE, properties: { AzureClientSecret: secret.secretValue.unsafeUnwrap() } });
    expect(() => expectNoSecretValue(Template.fromStack(stack).toJSON())).toThrow();
  });

  describe('through Azure Resource Manager (storageAccountId)', () => {
    const ACCOUNT_ID = '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourceGroups/rg-dr/providers/'
      + 'Microsoft.Storage/storageAccounts/drstorage01';

    test('the account\'s ID, version-level immutability, a retention policy and legal holds pass through', () => {
      const stack = newStack();
      new AzureBlobContainer(stack, 'Worm', {
        storageAccountId: ACCOUNT_ID,
        versionLevelImmutability: true,
        immutabilityPolicy: { retentionDays: 90, allowProtectedAppendWrites: false, locked: true },
      });
      new AzureBlobContainer(stack, 'Held', { storageAccountId: ACCOUNT_ID, legalHoldTags: ['case2026', 'audit'] });

      const containers = Object.values<any>(Template.fromStack(stack).findResources(TYPE)).map((c) => c.Properties);
      expect(containers).toEqual([
        {
          StorageAccountId: ACCOUNT_ID,
          PublicAccess: 'None',
          VersionLevelImmutability: true,
          ImmutabilityPolicy: { RetentionDays: 90, AllowProtectedAppendWrites: false, Locked: true },
        },
        { StorageAccountId: ACCOUNT_ID, PublicAccess: 'None', LegalHoldTags: ['case2026', 'audit'] },
      ]);
    });

    test('refused at synth: both or neither account, WORM settings through the blob service, holds with WORM', () => {
      expect(() => new AzureBlobContainer(newStack(), 'C', {})).toThrow(/exactly one of `storageAccountName`/);
      expect(() => new AzureBlobContainer(newStack(), 'C', { storageAccountName: 'drstorage01', storageAccountId: ACCOUNT_ID }))
        .toThrow(/exactly one of `storageAccountName`/);
      expect(() => new AzureBlobContainer(newStack(), 'C', {
        storageAccountName: 'drstorage01', versionLevelImmutability: true, immutabilityPolicy: { retentionDays: 7 },
      })).toThrow(/^versionLevelImmutability, immutabilityPolicy: only through Azure Resource Manager, give `storageAccountId`/);
      expect(() => new AzureBlobContainer(newStack(), 'C', {
        storageAccountId: ACCOUNT_ID, versionLevelImmutability: true, legalHoldTags: ['case2026'],
      })).toThrow(/legal holds on blob versions/);
    });
  });
});
