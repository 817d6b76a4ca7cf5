import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { AUDIT_HANDLER } from '../src/audit';
import { S3ToAzureBackupService } from '../src';
import { build, CLIENT_ID, logicalId, SECRET_ARN, standInCode, statementsOf, TENANT_ID } from './support';

function auditFunction(template: Template): any {
  const fns = Object.values<any>(template.findResources('AWS::Lambda::Function', { Properties: { Handler: AUDIT_HANDLER } }));
  expect(fns).toHaveLength(1);
  return fns[0].Properties;
}

function alarmOn(template: Template, metricName: string): any {
  const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'))
    .filter((a) => a.Properties.MetricName === metricName
      || (a.Properties.Metrics ?? []).some((m: any) => m.MetricStat?.Metric.MetricName === metricName));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

describe('the L3\'s completeness audit', () => {
  describe('with its defaults', () => {
    const { stack, service, template } = build();
    const role = logicalId(stack, service.auditRole);
    const statements = statementsOf(template, role);
    const actions = statements.flatMap((s) => [s.Action].flat());

    test('a function of the copy service\'s jar with the copy\'s Azure settings and what to compare, 15 minutes, no '
      + 'retry of a scheduled run', () => {
      const fn = auditFunction(template);
      expect(fn.Role).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
      expect(fn.Timeout).toBe(900);
      expect(fn.Environment.Variables).toMatchObject({
        CONTAINER_URL: { 'Fn::GetAtt': [logicalId(stack, service.container as unknown as IConstruct), 'ContainerUrl'] },
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET_NAME: SECRET_ARN,
        SOURCE_BUCKET: { Ref: logicalId(stack, service.sourceBucket) },
        REPORT_BUCKET: { Ref: logicalId(stack, service.reportBucket) },
        REPORT_PREFIX: 'audit/',
        BACKFILL_QUEUE_URL: { Ref: logicalId(stack, service.queue) },
        BACKFILL_MAX_OBJECTS: '10000',
        VERIFY_SAMPLE_BYTES: String(4 * 1024 ** 3),
        VERIFY_SAMPLE_OBJECTS: '10000',
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    });

    test('run daily by EventBridge', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 day)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack, service.auditFunction), 'Arn'] } })],
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalId(stack, service.auditFunction), 'Arn'] },
      });
    });

    test('its own role lists the bucket, writes reports under audit/ and reads the last one (where the read-back '
      + 'stopped), sends to the copy queue, reads the secret: it reads and writes no object of the bucket and deletes '
      + 'nothing', () => {
      const bucketArn = { 'Fn::GetAtt': [logicalId(stack, service.sourceBucket), 'Arn'] };
      expect(statements).toEqual(expect.arrayContaining([
        expect.objectContaining({ Action: ['s3:ListBucket', 's3:ListBucketVersions'], Resource: bucketArn }),
        expect.objectContaining({ Action: 's3:GetBucketVersioning', Resource: bucketArn }),
        expect.objectContaining({
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, service.reportBucket), 'Arn'] }, '/audit/*']] },
        }),
        expect.objectContaining({
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, service.reportBucket), 'Arn'] },
            '/audit/latest.json']] },
        }),
        expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(stack, service.queue), 'Arn'] } }),
        expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }),
      ]));
      expect(actions.filter((a) => !['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning',
        's3:PutObject', 's3:GetObject', 'sqs:SendMessage', 'secretsmanager:GetSecretValue', 'logs:CreateLogStream',
        'logs:PutLogEvents'].includes(a))).toEqual([]);
      expect(service.auditRole).not.toBe(service.functionRole);
    });

    test('alarms: an object waiting more than 6 hours, a corrupt copy, a failed run; with the L3\'s other alarms', () => {
      const functionName = { Ref: logicalId(stack, service.auditFunction) };
      expect(alarmOn(template, 'OldestUnreplicatedAge')).toMatchObject({
        Namespace: 'CfnAzure/S3ToAzureBackup',
        Dimensions: expect.arrayContaining([{ Name: 'EntryPoint', Value: 'audit' }, { Name: 'FunctionName', Value: functionName }]),
        Statistic: 'Maximum',
        Period: 86400,
        Threshold: 6 * 3600,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(alarmOn(template, 'Corrupt')).toMatchObject({ Threshold: 1, Period: 86400 });
      const failed = alarmOn(template, 'AuditFailures');
      expect(failed.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(failures, 0) + FILL(errors, 0)');
      expect(failed.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean))
        .toEqual(expect.arrayContaining(['AuditFailures', 'Errors']));
      expect(service.alarms).toHaveLength(9);
    });

    test('outputs the function to invoke on demand', () => {
      template.hasOutput('*', { Value: { Ref: logicalId(stack, service.auditFunction) } });
    });
  });

  test('a prefix limits the listing and is the audit\'s; without backfill the role may not send to the queue', () => {
    const { stack, service, template } = build({ prefix: 'photos/', suffix: '.jpg', audit: { backfill: false } });
    const statements = statementsOf(template, logicalId(stack, service.auditRole));
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({
      Action: ['s3:ListBucket', 's3:ListBucketVersions'],
      Condition: { StringLike: { 's3:prefix': ['photos/*'] } },
    })]));
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('sqs:SendMessage');
    const variables = auditFunction(template).Environment.Variables;
    expect(variables).toMatchObject({ SOURCE_PREFIX: 'photos/', SOURCE_SUFFIX: '.jpg' });
    expect(variables.BACKFILL_QUEUE_URL).toBeUndefined();
  });

  test('the schedule, the backfill\'s limit and the alarm\'s age are settings; alarms notify the L3\'s topic', () => {
    const { stack, template } = build({
      createAlarmTopic: true,
      audit: { every: Duration.hours(6), maxUnreplicatedAge: Duration.hours(2), backfillMaxObjects: 500 },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
    expect(auditFunction(template).Environment.Variables.BACKFILL_MAX_OBJECTS).toBe('500');
    const age = alarmOn(template, 'OldestUnreplicatedAge');
    expect(age).toMatchObject({ Period: 6 * 3600, Threshold: 7200 });
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(age.AlarmActions).toEqual([{ Ref: topics[0] }]);
    expect(stack).toBeDefined();
  });

  test('the read-back\'s bounds are settings; 0 switches it off, and then the role reads no report', () => {
    const bounded = auditFunction(build({ audit: { verifySampleBytes: 1024 ** 3, verifySampleObjects: 500 } })
      .template).Environment.Variables;
    expect(bounded).toMatchObject({ VERIFY_SAMPLE_BYTES: String(1024 ** 3), VERIFY_SAMPLE_OBJECTS: '500' });
    const { stack, service, template } = build({ audit: { verifySampleBytes: 0 } });
    expect(auditFunction(template).Environment.Variables.VERIFY_SAMPLE_BYTES).toBe('0');
    const actions = statementsOf(template, logicalId(stack, service.auditRole)).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('s3:PutObject');
    expect(actions).not.toContain('s3:GetObject');
    expect(() => build({ audit: { verifySampleBytes: -1 } })).toThrow(/verifySampleBytes must be an integer/);
    expect(() => build({ audit: { verifySampleObjects: 1.5 } })).toThrow(/verifySampleObjects must be an integer/);
  });

  test('a schedule under an hour or over a week, or a backfill limit out of range, is refused', () => {
    expect(() => build({ audit: { every: Duration.minutes(30) } })).toThrow(/audit.every must be from 1 hour to 7 days/);
    expect(() => build({ audit: { every: Duration.days(8) } })).toThrow(/audit.every/);
    expect(() => build({ audit: { backfillMaxObjects: 0 } })).toThrow(/backfillMaxObjects must be an integer/);
  });

  test('signing in without a secret: the audit role gets its own web identity grant and output', () => {
    const stack = new Stack(new App(), 'Stack');
    const service = new S3ToAzureBackupService(stack, 'Backup', {
      azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, awsWebIdentity: {} },
      newContainer: { storageAccountName: 'drstorage01' },
      code: standInCode(),
      alarmTopic: new sns.Topic(stack, 'Topic'),
    });
    const template = Template.fromStack(stack);
    const actions = statementsOf(template, logicalId(stack, service.auditRole)).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('sts:GetWebIdentityToken');
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [logicalId(stack, service.auditRole), 'Arn'] } });
  });
});
