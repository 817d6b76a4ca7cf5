// The example app synthesizes without AWS credentials or a built jar, and the blog's stack comes out rebuilt.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CfnContainer, SQS_COPY_HANDLER } from '../src';
import { ExistingBucketBackupStack } from '../examples/existing-bucket-backup-stack';
import { MultiCloudBackupCdkStack } from '../examples/multi-cloud-backup-cdk-stack';
import { expectNoSecretValue } from './support';

const AWS_ENVIRONMENT = Object.keys(process.env).filter((name) => /^(AWS_|CDK_DEFAULT_)/.test(name));

function synthExampleApp() {
  const saved = Object.fromEntries(AWS_ENVIRONMENT.map((name) => [name, process.env[name]]));
  AWS_ENVIRONMENT.forEach((name) => delete process.env[name]);
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-app-'));
    const copyServiceJar = path.join(dir, 'copy-service.jar');
    fs.writeFileSync(copyServiceJar, 'stand-in for the copy service jar');
    const app = new App({ outdir: path.join(dir, 'cdk.out') });
    new MultiCloudBackupCdkStack(app, 'MultiCloudBackupCdkStack', { copyServiceJar });
    new ExistingBucketBackupStack(app, 'ExistingBucketBackupStack', { copyServiceJar });
    return app.synth();
  } finally {
    Object.assign(process.env, saved);
  }
}

function resourcesOfType(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter((r) => r.Type === type);
}

describe('example app', () => {
  const assembly = synthExampleApp();
  const blogStack = assembly.getStackByName('MultiCloudBackupCdkStack').template;
  const existingStack = assembly.getStackByName('ExistingBucketBackupStack').template;

  test('both stacks are environment-agnostic and carry no secret value', () => {
    for (const name of ['MultiCloudBackupCdkStack', 'ExistingBucketBackupStack']) {
      const stack = assembly.getStackByName(name);
      expect(stack.environment.account).toBe('unknown-account');
      expect(stack.environment.region).toBe('unknown-region');
      expectNoSecretValue(stack.template);
    }
  });

  test('MultiCloudBackupCdkStack: a new bucket and container, the copy function told the secret\'s name only', () => {
    expect(resourcesOfType(blogStack, 'AWS::S3::Bucket')).toHaveLength(2); // source and Batch Operations reports
    const [container] = resourcesOfType(blogStack, CfnContainer.CFN_RESOURCE_TYPE_NAME);
    expect(container.Properties).toMatchObject({
      StorageAccountName: { Ref: 'StorageAccountName' },
      AzureTenantId: { Ref: 'AzureTenantId' },
      AzureClientId: { Ref: 'AzureClientId' },
      AzureClientSecretName: { Ref: 'AzureCredentialsName' },
    });
    const copy = resourcesOfType(blogStack, 'AWS::Lambda::Function').find((f) => f.Properties.Handler === SQS_COPY_HANDLER);
    expect(copy.Properties.Environment.Variables.AZURE_CLIENT_SECRET_NAME).toEqual({ Ref: 'AzureCredentialsName' });
    expect(blogStack.Parameters.AzureCredentialsName.Default).toBe('s3toazurebackupservice/azureclientsecret');
  });

  test('ExistingBucketBackupStack: no container made, the given URL used, deletes mirrored', () => {
    expect(resourcesOfType(existingStack, CfnContainer.CFN_RESOURCE_TYPE_NAME)).toHaveLength(0);
    const copy = resourcesOfType(existingStack, 'AWS::Lambda::Function').find((f) => f.Properties.Handler === SQS_COPY_HANDLER);
    expect(copy.Properties.Environment.Variables).toMatchObject({
      CONTAINER_URL: { Ref: 'ContainerUrl' },
      MIRROR_DELETES: 'true',
    });
  });
});
