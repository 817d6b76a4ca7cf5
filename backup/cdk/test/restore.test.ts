import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { RESTORE_HANDLER, S3ToAzureBackupService, S3ToAzureBackupServiceProps } from '../src';
import { CLIENT_ID, standInCode, TENANT_ID, trappedSecret } from './support';

interface Built { stack: Stack; service: S3ToAzureBackupService; template: Template }

function build(props: Partial<S3ToAzureBackupServiceProps> = {}, webIdentity = false): Built {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111122223333', region: 'eu-central-1' } });
  const service = new S3ToAzureBackupService(stack, 'Backup', {
    azureApp: webIdentity
      ? { tenantId: TENANT_ID, clientId: CLIENT_ID, awsWebIdentity: {} }
      : { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: trappedSecret(stack, 'Secret') },
    newContainer: { storageAccountName: 'drstorage01' },
    code: standInCode(),
    ...props,
  });
  return { stack, service, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/** Statements of every IAM policy attached to the role. */
function statementsOf(template: Template, roleLogicalId: string): any[] {
  return Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: any[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

function restoreRoleId(template: Template): string {
  const fns = Object.values<any>(template.findResources('AWS::Lambda::Function', {
    Properties: { Handler: RESTORE_HANDLER },
  }));
  expect(fns).toHaveLength(1);
  return fns[0].Properties.Role['Fn::GetAtt'][0];
}

describe('S3ToAzureBackupService restore option', () => {
  test('without it, no restore function, and only Batch Operations and the audit (their reports) may write into S3', () => {
    const { stack, template, service } = build();
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: RESTORE_HANDLER }, 0);
    expect(service.restoreFunction).toBeUndefined();
    const writers = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .filter((p) => actionsOf(p.Properties.PolicyDocument.Statement).includes('s3:PutObject'))
      .flatMap((p) => p.Properties.Roles);
    expect(writers).toEqual([{ Ref: logicalId(stack, service.batchOperationsRole) },
      { Ref: logicalId(stack, service.auditRole) }]);
  });

  describe('restoring into the source bucket', () => {
    const { stack, service, template } = build({ restore: {} });
    const roleId = restoreRoleId(template);
    const bucket = logicalId(stack, service.sourceBucket);

    test('a function of the same jar with a role of its own, not the copy functions\'', () => {
      expect(roleId).not.toEqual(logicalId(stack, service.functionRole));
      expect(actionsOf(statementsOf(template, logicalId(stack, service.functionRole)))).not.toContain('s3:PutObject');
    });

    test('its role writes and reads the target\'s objects and lists the bucket, nothing more of S3', () => {
      const s3Statements = statementsOf(template, roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
      expect(s3Statements).toEqual([
        expect.objectContaining({
          Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] },
        }),
        expect.objectContaining({ Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } }),
      ]);
      expect(actionsOf(statementsOf(template, roleId))).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
      expect(actionsOf(statementsOf(template, roleId)).filter((a) => /Delete|Version|Retention|LegalHold/.test(a)))
        .toEqual([]);
    });

    test('Batch Operations jobs may invoke it, and the outputs say how to start one', () => {
      const invoke = statementsOf(template, logicalId(stack, service.batchOperationsRole))
        .filter((s) => actionsOf([s]).includes('lambda:InvokeFunction'))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(invoke).toContainEqual({ 'Fn::GetAtt': [logicalId(stack, service.restoreFunction!), 'Arn'] });
      const outputs = template.toJSON().Outputs;
      const output = (name: string) => Object.entries<any>(outputs).find(([id]) => id.includes(name))?.[1];
      expect(output('RestoreFunctionArn').Value).toEqual({
        'Fn::GetAtt': [logicalId(stack, service.restoreFunction!), 'Arn'],
      });
      expect(JSON.stringify(output('RestoreCommand').Value)).toContain('--role-arn');
      expect(output('RestoreFunctionRoleArn')).toBeUndefined();
    });
  });

  test('other target buckets replace the source bucket; an SSE-KMS one lets the role make data keys', () => {
    const stack = new Stack(new App(), 'Targets');
    const key = new kms.Key(stack, 'Key');
    const target = new s3.Bucket(stack, 'Target', { encryptionKey: key });
    const service = new S3ToAzureBackupService(stack, 'Backup', {
      azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: trappedSecret(stack, 'Secret') },
      newContainer: { storageAccountName: 'drstorage01' },
      code: standInCode(),
      restore: { targetBuckets: [target] },
    });
    const template = Template.fromStack(stack);
    const statements = statementsOf(template, restoreRoleId(template));
    const resources = JSON.stringify(statements.filter((s) => actionsOf([s]).includes('s3:PutObject')));
    expect(resources).toContain(logicalId(stack, target));
    expect(resources).not.toContain(logicalId(stack, service.sourceBucket));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
    expect(() => build({ restore: { targetBuckets: [] } })).toThrow(/targetBuckets is empty/);
  });

  test('with it, the restore function has an errors alarm and its PermanentFailures count in the alarm', () => {
    const { stack, service, template } = build({ restore: {} });
    const restoreFunction = { Ref: logicalId(stack, service.restoreFunction!) };
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors'
      && a.Dimensions?.some((d: any) => JSON.stringify(d.Value) === JSON.stringify(restoreFunction)))).toHaveLength(1);
    const failures = alarms.filter((a) => a.Metrics?.some((m: any) => m.MetricStat?.Metric.MetricName
      === 'PermanentFailures'));
    expect(failures).toHaveLength(1);
    expect(failures[0].Metrics.find((m: any) => m.Expression).Expression)
      .toBe('FILL(sqs, 0) + FILL(backfill, 0) + FILL(restore, 0)');
    expect(failures[0].Metrics.find((m: any) => m.Id === 'restore').MetricStat.Metric.Dimensions).toContainEqual(
      { Name: 'FunctionName', Value: restoreFunction });
    expect(service.alarms).toContain(service.restoreFunctionErrorsAlarm);
  });

  test('signing in without a secret, the restore role may get a web identity token and is output as a subject', () => {
    const { template } = build({ restore: {} }, true);
    expect(actionsOf(statementsOf(template, restoreRoleId(template)))).toContain('sts:GetWebIdentityToken');
    expect(Object.keys(template.toJSON().Outputs).some((id) => id.includes('RestoreFunctionRoleArn'))).toBe(true);
  });
});
