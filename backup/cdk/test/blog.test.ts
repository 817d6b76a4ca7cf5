// The blog's constructs, called as the blog calls them (positional arguments, a secret's name), do what the blog's
// did, on this package's types: a new storage account and container, the copy path, its outputs and parameter.
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { blog, CfnAccount, CfnContainer, SQS_COPY_HANDLER } from '../src';
import { appWithStandInJar, CLIENT_ID, expectNoSecretValue, TENANT_ID } from './support';

const SUBSCRIPTION_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const SECRET_NAME = 's3toazurebackupservice/azureclientsecret';

function newStack(): Stack {
  return new Stack(appWithStandInJar(), 'MultiCloudBackupCdkStack');
}

function only(template: Template, type: string): [string, any] {
  const resources = Object.entries<any>(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('blog.CfnAzureBlobStorage (the blog\'s L1)', () => {
  const stack = newStack();
  const l1 = new blog.CfnAzureBlobStorage(stack, 'Blob', {
    subscriptionId: SUBSCRIPTION_ID, clientId: CLIENT_ID, tenantId: TENANT_ID, clientSecretName: SECRET_NAME,
  });
  const template = Template.fromStack(stack);
  const [accountId, account] = only(template, CfnAccount.CFN_RESOURCE_TYPE_NAME);
  const [containerId, container] = only(template, CfnContainer.CFN_RESOURCE_TYPE_NAME);

  test('ref is the container\'s URL: the Ref of the container type, whose primary identifier it is', () => {
    expect(stack.resolve(l1.ref)).toEqual({ Ref: containerId });
  });

  test('a storage account in the subscription, the type choosing its region (the stack\'s country) and name', () => {
    expect(account.Properties).toMatchObject({
      SubscriptionId: SUBSCRIPTION_ID,
      ResourceGroupName: 'rg-MultiCloudBackupCdkStack',
      CreateResourceGroup: true,
      MinimumTlsVersion: 'TLS1_2',
      AllowBlobPublicAccess: false,
      AllowSharedKeyAccess: false,
      BlobVersioning: true,
      VersionLevelImmutability: true,
    });
    expect(account.Properties.Location).toBeUndefined();
    expect(account.Properties.AccountName).toBeUndefined();
  });

  test('a container in it, through Azure Resource Manager, with immutable blob versions', () => {
    expect(container.Properties).toMatchObject({
      StorageAccountId: { Ref: accountId },
      VersionLevelImmutability: true,
      ImmutabilityPolicy: { RetentionDays: 30 },
      PublicAccess: 'None',
    });
  });

  test('both sign in as the app with the secret\'s name: the name reaches the template, never the value', () => {
    for (const resource of [account, container]) {
      expect(resource.Properties).toMatchObject({
        AzureAuthentication: 'ClientSecret',
        AzureClientSecretName: SECRET_NAME,
        AzureTenantId: TENANT_ID,
        AzureClientId: CLIENT_ID,
      });
    }
    expectNoSecretValue(template.toJSON());
  });
});

describe('blog.AzureBlobStorage (the blog\'s L2)', () => {
  test('positional arguments; blobContainerUrl is its L1\'s ref', () => {
    const stack = newStack();
    const l2 = new blog.AzureBlobStorage(stack, 'MyCustomAzureBlobStorage', SUBSCRIPTION_ID, CLIENT_ID, TENANT_ID, SECRET_NAME);
    const [containerId] = only(Template.fromStack(stack), CfnContainer.CFN_RESOURCE_TYPE_NAME);
    expect(stack.resolve(l2.blobContainerUrl)).toEqual({ Ref: containerId });
    expect(stack.resolve(l2.containerUrl)).toEqual({ Ref: containerId });
    expect(stack.resolve(l2.blobContainerUrl)).toEqual(stack.resolve(l2.resource.ref));
  });
});

describe('blog.S3ToAzureBackupService (the blog\'s L3)', () => {
  const stack = newStack();
  const service = new blog.S3ToAzureBackupService(stack, 'MyMultiCloudBackupService',
    '/s3toazurebackupservice/azuresubscriptionid',
    '/s3toazurebackupservice/azureclientid',
    '/s3toazurebackupservice/azuretenantid',
    SECRET_NAME);
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  /** The stack parameter through which CloudFormation reads the existing SSM parameter of that name. */
  const ssmParameter = (name: string) => {
    const found = Object.entries<any>(json.Parameters)
      .filter(([, p]) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default === name);
    expect(found).toHaveLength(1);
    return { Ref: found[0][0] };
  };

  test('reads the three existing SSM parameters at deploy time, and creates none of them', () => {
    const [, account] = only(template, CfnAccount.CFN_RESOURCE_TYPE_NAME);
    expect(account.Properties).toMatchObject({
      SubscriptionId: ssmParameter('/s3toazurebackupservice/azuresubscriptionid'),
      AzureClientId: ssmParameter('/s3toazurebackupservice/azureclientid'),
      AzureTenantId: ssmParameter('/s3toazurebackupservice/azuretenantid'),
      AzureClientSecretName: SECRET_NAME,
    });
    const written = Object.values<any>(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name);
    expect(written).toEqual(['/s3toazurebackupservice/azureblobcontainerurl']);
  });

  test('the copy function: the container URL, the IDs from the parameters, the secret by name only', () => {
    const [, copy] = Object.entries<any>(template.findResources('AWS::Lambda::Function', {
      Properties: { Handler: SQS_COPY_HANDLER },
    }))[0];
    expect(copy.Properties.Environment.Variables).toMatchObject({
      CONTAINER_URL: stack.resolve(service.service.container.containerUrl),
      AZURE_TENANT_ID: ssmParameter('/s3toazurebackupservice/azuretenantid'),
      AZURE_CLIENT_ID: ssmParameter('/s3toazurebackupservice/azureclientid'),
      AZURE_CLIENT_SECRET_NAME: SECRET_NAME,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'secretsmanager:GetSecretValue',
          Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`:secret:${SECRET_NAME}-??????`])] }),
        })]),
      },
    });
    expectNoSecretValue(json);
  });

  test('a new source bucket, a new account and a container with immutable versions', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    template.resourceCountIs(CfnAccount.CFN_RESOURCE_TYPE_NAME, 1);
    template.hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, { ImmutabilityPolicy: { RetentionDays: 30 } });
  });

  test('exports sourceBucketArn and azureBlobContainerUrl, as the blog\'s stack does', () => {
    const exported = Object.values<any>(json.Outputs).filter((o) => o.Export);
    expect(exported.map((o) => [o.Export.Name, o.Value])).toEqual([
      ['sourceBucketArn', stack.resolve(service.service.sourceBucket.bucketArn)],
      ['azureBlobContainerUrl', stack.resolve(service.service.container.containerUrl)],
    ]);
  });
});
