// The example app synthesizes without AWS credentials or a built jar: the blog's stack as the blog writes it, and the
// props form's two stacks.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnAccount, CfnContainer, SQS_COPY_HANDLER } from '../src';
import { ExistingBucketBackupStack } from '../examples/existing-bucket-backup-stack';
import { LockedDownBackupStack } from '../examples/locked-down-backup-stack';
import { MultiCloudBackupCdkStack } from '../examples/multi-cloud-backup-cdk-stack';
import { appWithStandInJar, expectNoSecretValue } from './support';

const AWS_ENVIRONMENT = Object.keys(process.env).filter((name) => /^(AWS_|CDK_DEFAULT_)/.test(name));
const STACKS = ['MultiCloudBackupCdkStack', 'ExistingBucketBackupStack', 'LockedDownBackupStack'];

function synthExampleApp() {
  const saved = Object.fromEntries(AWS_ENVIRONMENT.map((name) => [name, process.env[name]]));
  AWS_ENVIRONMENT.forEach((name) => delete process.env[name]);
  try {
    const app = appWithStandInJar({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'example-app-')) });
    new MultiCloudBackupCdkStack(app, 'MultiCloudBackupCdkStack');
    new ExistingBucketBackupStack(app, 'ExistingBucketBackupStack');
    new LockedDownBackupStack(app, 'LockedDownBackupStack');
    return app.synth();
  } finally {
    Object.assign(process.env, saved);
  }
}

function resourcesOfType(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter((r) => r.Type === type);
}

function copyFunction(template: any): any {
  return resourcesOfType(template, 'AWS::Lambda::Function').find((f) => f.Properties.Handler === SQS_COPY_HANDLER);
}

describe('example app', () => {
  const assembly = synthExampleApp();
  const template = (name: string) => assembly.getStackByName(name).template;

  test('every stack is environment-agnostic and carries no secret value', () => {
    for (const name of STACKS) {
      const stack = assembly.getStackByName(name);
      expect(stack.environment.account).toBe('unknown-account');
      expect(stack.environment.region).toBe('unknown-region');
      expectNoSecretValue(stack.template);
    }
  });

  test('MultiCloudBackupCdkStack (the blog\'s): a new bucket, account and container; the secret named, the blog\'s exports', () => {
    const blogStack = template('MultiCloudBackupCdkStack');
    expect(resourcesOfType(blogStack, 'AWS::S3::Bucket')).toHaveLength(3); // source, Batch Operations reports, access logs
    expect(resourcesOfType(blogStack, CfnAccount.CFN_RESOURCE_TYPE_NAME)).toHaveLength(1);
    expect(resourcesOfType(blogStack, CfnContainer.CFN_RESOURCE_TYPE_NAME)).toHaveLength(1);
    expect(copyFunction(blogStack).Properties.Environment.Variables.AZURE_CLIENT_SECRET_NAME)
      .toBe('s3toazurebackupservice/azureclientsecret');
    expect(Object.values<any>(blogStack.Outputs).flatMap((o) => (o.Export ? [o.Export.Name] : [])))
      .toEqual(['sourceBucketArn', 'azureBlobContainerUrl']);
  });

  test('ExistingBucketBackupStack: no account or container made, the given URL used, deletes mirrored', () => {
    const existingStack = template('ExistingBucketBackupStack');
    expect(resourcesOfType(existingStack, CfnContainer.CFN_RESOURCE_TYPE_NAME)).toHaveLength(0);
    expect(resourcesOfType(existingStack, CfnAccount.CFN_RESOURCE_TYPE_NAME)).toHaveLength(0);
    expect(copyFunction(existingStack).Properties.Environment.Variables).toMatchObject({
      CONTAINER_URL: { Ref: 'ContainerUrl' },
      MIRROR_DELETES: 'true',
    });
  });

  test('LockedDownBackupStack: the account allows the NAT gateway\'s Elastic IP alone, a year of immutability', () => {
    const lockedDown = template('LockedDownBackupStack');
    const [account] = resourcesOfType(lockedDown, CfnAccount.CFN_RESOURCE_TYPE_NAME);
    expect(account.Properties.NetworkRules).toMatchObject({ DefaultAction: 'Deny', IpRules: [{ 'Fn::GetAtt': [expect.any(String), 'PublicIp'] }] });
    const [container] = resourcesOfType(lockedDown, CfnContainer.CFN_RESOURCE_TYPE_NAME);
    expect(container.Properties.ImmutabilityPolicy).toEqual({ RetentionDays: 365 });
    expect(copyFunction(lockedDown).Properties.VpcConfig).toBeDefined();
  });
});
