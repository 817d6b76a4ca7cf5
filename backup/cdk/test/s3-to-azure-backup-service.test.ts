import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import {
  AzureBlobContainer, AzureCredentials, BATCH_OPERATIONS_HANDLER, CfnAccount, CfnContainer, COPY_SERVICE_JAR,
  copyServiceCode, NetworkRulesDefaultAction, S3ToAzureBackupService, S3ToAzureBackupServiceProps, SQS_COPY_HANDLER,
} from '../src';
import {
  appWithStandInJar, build, CLIENT_ID, expectNoSecretValue, KEY_ARN, logicalId, SECRET_ARN, standInCode, statementsOf,
  TENANT_ID, trappedSecret,
} from './support';

const EXISTING_CONTAINER_URL = 'https://drstorage01.blob.core.windows.net/dr-copy';
const SUBSCRIPTION_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
/** What the functions may do with the source bucket's objects. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes'];

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

function functionProps(template: Template, handler: string): any {
  const fns = Object.values<any>(template.findResources('AWS::Lambda::Function', { Properties: { Handler: handler } }));
  expect(fns).toHaveLength(1);
  return fns[0].Properties;
}

/** The metrics (namespace, name, dimensions) of the alarm that watches the copy service's PermanentFailures. */
function permanentFailureMetrics(template: Template): any[] {
  return Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'))
    .flatMap((a) => a.Properties.Metrics ?? [])
    .filter((m: any) => m.MetricStat?.Metric.MetricName === 'PermanentFailures')
    .map((m: any) => m.MetricStat.Metric);
}

function queueConfigurations(template: Template): any[] {
  const notifications = Object.values<any>(template.findResources('Custom::S3BucketNotifications'));
  expect(notifications).toHaveLength(1);
  return notifications[0].Properties.NotificationConfiguration.QueueConfigurations;
}

describe('S3ToAzureBackupService (L3)', () => {
  describe('with its defaults', () => {
    const { stack, service, template } = build();
    const bucketArn = { 'Fn::GetAtt': [logicalId(stack, service.sourceBucket), 'Arn'] };
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, service.queue), 'Arn'] };

    test('a new container through the L2, signed in with the app\'s secret ARN and IDs', () => {
      template.resourceCountIs(CfnContainer.CFN_RESOURCE_TYPE_NAME, 1);
      template.hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, {
        StorageAccountName: 'drstorage01',
        AzureTenantId: TENANT_ID,
        AzureClientId: CLIENT_ID,
        AzureClientSecretName: SECRET_ARN,
        PublicAccess: 'None',
      });
    });

    test('a new source bucket: versioned, encrypted, private, TLS only, retained', () => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
          },
        },
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(stack, service.sourceBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    });

    test('the new buckets log their requests to a bucket of access logs, kept a year, written by S3 under a bucket '
      + 'policy (no ACLs)', () => {
      const logs = logicalId(stack, service.accessLogsBucket!);
      for (const [bucket, prefix] of [[service.sourceBucket, 'source/'], [service.reportBucket, 'reports/']] as const) {
        template.hasResourceProperties('AWS::S3::Bucket', Match.objectLike({
          LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: prefix },
        }));
        template.hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: logs },
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack, bucket), 'Arn'] } } }),
            })]),
          },
        });
      }
      const logsBucket = template.toJSON().Resources[logs];
      expect(logsBucket.Properties).toMatchObject({
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, Status: 'Enabled' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      expect(logsBucket.Properties.AccessControl).toBeUndefined();
    });

    test('the copy function: Java 21, 1024 MB, 15 minutes, the SQS handler and exactly the copy service\'s settings', () => {
      const fn = functionProps(template, SQS_COPY_HANDLER);
      expect(fn.Runtime).toBe('java21');
      expect(fn.MemorySize).toBe(1024);
      expect(fn.Timeout).toBe(900);
      expect(fn.Environment.Variables).toEqual({
        CONTAINER_URL: { 'Fn::GetAtt': [logicalId(stack, (service.container as AzureBlobContainer).resource), 'ContainerUrl'] },
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET_NAME: SECRET_ARN,
        MIRROR_DELETES: 'false',
      });
    });

    test('the backfill function: same code, settings and role, the Batch Operations handler', () => {
      const copy = functionProps(template, SQS_COPY_HANDLER);
      const backfill = functionProps(template, BATCH_OPERATIONS_HANDLER);
      for (const key of ['Code', 'Runtime', 'MemorySize', 'Timeout', 'Role', 'Environment']) {
        expect(backfill[key]).toEqual(copy[key]);
      }
    });

    test('only ObjectCreated events reach the queue: deletes are not mirrored by default', () => {
      expect(queueConfigurations(template)).toEqual([{ Events: ['s3:ObjectCreated:*'], QueueArn: queueArn }]);
    });

    test('the queue feeds the copy function with partial batch responses', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: queueArn,
        FunctionName: { Ref: logicalId(stack, service.copyFunction) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 1,
      });
    });

    test('after 15 receives an event goes to the dead-letter queue; events outlive a long outage (14 days)', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, service.deadLetterQueue), 'Arn'] }, maxReceiveCount: 15 },
        VisibilityTimeout: 6 * 900 + 1, // six function timeouts plus the batching window
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    });

    test('alarms: a dead letter, an event older than an hour, the functions\' errors, throttles, permanent failures', () => {
      const alarms = template.findResources('AWS::CloudWatch::Alarm');
      // every alarm is exposed, for actions and composite alarms of one's own
      expect(service.alarms.map((a) => logicalId(stack, a)).sort()).toEqual(Object.keys(alarms).sort());
      expect(service.alarms).toHaveLength(9); // and the audit's three (audit.test.ts)
      // without a topic or an action the alarms only change state
      for (const alarm of Object.values<any>(alarms)) expect(alarm.Properties.AlarmActions).toBeUndefined();
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, service.deadLetterQueue), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, service.queue), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 3600,
      });
      // an invocation that ended without an answer (timeout, crash): its batch waits the queue's visibility timeout
      const anyInFiveMinutes = { Statistic: 'Sum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };
      const ofFunction = (fn: IConstruct) => [{ Name: 'FunctionName', Value: { Ref: logicalId(stack, fn) } }];
      for (const [fn, metricName] of [[service.copyFunction, 'Errors'], [service.backfillFunction, 'Errors'],
        [service.copyFunction, 'Throttles']] as const) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: ofFunction(fn), ...anyInFiveMinutes,
        });
      }
      // the copy service's own metric, of both entry points, of this construct's functions only
      expect(permanentFailureMetrics(template)).toEqual([
        {
          Namespace: 'CfnAzure/S3ToAzureBackup', MetricName: 'PermanentFailures',
          Dimensions: [{ Name: 'EntryPoint', Value: 'sqs' }, ...ofFunction(service.copyFunction)],
        },
        {
          Namespace: 'CfnAzure/S3ToAzureBackup', MetricName: 'PermanentFailures',
          Dimensions: [{ Name: 'EntryPoint', Value: 'batch-operations' }, ...ofFunction(service.backfillFunction)],
        },
      ]);
      const permanent = Object.values<any>(alarms).find((a) => a.Properties.Metrics
        ?.some((m: any) => m.MetricStat?.Metric.MetricName === 'PermanentFailures')).Properties;
      expect(permanent.Metrics.filter((m: any) => m.ReturnData !== false).map((m: any) => m.Expression))
        .toEqual(['FILL(sqs, 0) + FILL(backfill, 0)']);
      expect([permanent.Threshold, permanent.ComparisonOperator, permanent.EvaluationPeriods])
        .toEqual([1, 'GreaterThanOrEqualToThreshold', 1]);
      for (const m of permanent.Metrics.filter((x: any) => x.MetricStat)) expect([m.MetricStat.Stat, m.MetricStat.Period]).toEqual(['Sum', 300]);
    });

    test('the role may set a failed message\'s visibility on that queue: the copy service\'s back-off', () => {
      const changers = statementsOf(template, logicalId(stack, service.functionRole))
        .filter((s) => asList<string>(s.Action).includes('sqs:ChangeMessageVisibility'));
      expect(changers.map((s) => s.Resource)).toEqual([queueArn]);
    });

    test('the functions\' role: read that bucket, read that secret, consume that queue, write its logs; nothing else', () => {
      const role = logicalId(stack, service.functionRole);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
        ManagedPolicyArns: Match.absent(),
      });
      const statements = statementsOf(template, role);
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(asList(s.Resource)).not.toContain('*');
        for (const action of asList<string>(s.Action)) expect(action).not.toMatch(/\*/);
      }
      const byService = (prefix: string) => statements.filter((s) => asList<string>(s.Action).some((a) => a.startsWith(prefix)));
      expect(byService('s3:')).toEqual([
        // GetObjectVersion: the copy GETs exactly the version its event names; the attributes: the multipart part
        // sizes its ETag check needs
        { Effect: 'Allow', Action: READ_ACTIONS, Resource: { 'Fn::Join': ['', [bucketArn, '/*']] } },
        // so that a missing key answers 404, not 403 (delete mirroring, "object gone" failures)
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      ]);
      expect(byService('secretsmanager:')).toEqual([{
        Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN,
      }]);
      expect(byService('kms:')).toEqual([]);
      expect(byService('sqs:').map((s) => s.Resource)).toEqual([queueArn]);
      const logGroups = byService('logs:').flatMap((s) => asList(s.Resource));
      expect(logGroups).toHaveLength(2);
      expect(new Set(statements.flatMap((s) => asList<string>(s.Action)))).toEqual(new Set([
        ...READ_ACTIONS, 's3:ListBucket', 'secretsmanager:GetSecretValue',
        'logs:CreateLogStream', 'logs:PutLogEvents',
        'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
      ]));
    });

    test('Batch Operations: a role it assumes may invoke the backfill function, list the bucket, use the report bucket', () => {
      const role = logicalId(stack, service.batchOperationsRole);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'batchoperations.s3.amazonaws.com' } })],
        },
      });
      const backfillArn = { 'Fn::GetAtt': [logicalId(stack, service.backfillFunction), 'Arn'] };
      const reportArn = { 'Fn::GetAtt': [logicalId(stack, service.reportBucket), 'Arn'] };
      expect(statementsOf(template, role)).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [backfillArn, { 'Fn::Join': ['', [backfillArn, ':*']] }] },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: { 'Fn::Join': ['', [reportArn, '/*']] } },
        { Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: reportArn },
      ]);
    });

    test('SSM parameters hold the tenant ID, client ID and container URL (no secret)', () => {
      const containerUrl = stack.resolve(service.container.containerUrl);
      const parameters = Object.values<any>(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties);
      expect(parameters.map((p) => [p.Name, p.Type, p.Value])).toEqual([
        ['/s3toazurebackupservice/Stack/Backup/azuretenantid', 'String', TENANT_ID],
        ['/s3toazurebackupservice/Stack/Backup/azureclientid', 'String', CLIENT_ID],
        ['/s3toazurebackupservice/Stack/Backup/azureblobcontainerurl', 'String', containerUrl],
      ]);
    });

    test('outputs name what an operator and a backfill job need', () => {
      const outputs = Object.keys(template.findOutputs('*'));
      for (const name of ['SourceBucketName', 'ContainerUrl', 'QueueUrl', 'DeadLetterQueueUrl', 'CopyFunctionName',
        'BackfillFunctionArn', 'BatchOperationsRoleArn', 'ReportBucketName']) {
        expect(outputs.some((o) => o.startsWith(`Backup${name}`))).toBe(true);
      }
      // only a federated credential needs the role's ARN
      expect(outputs.some((o) => o.startsWith('BackupFunctionRoleArn'))).toBe(false);
    });

    test('no secret value anywhere in the template', () => {
      expectNoSecretValue(template.toJSON());
    });
  });

  describe('signing in without a secret (awsWebIdentity)', () => {
    const webIdentityApp = (audience?: string) => ({
      tenantId: TENANT_ID, clientId: CLIENT_ID, awsWebIdentity: audience === undefined ? {} : { audience },
    });
    const { stack, service, template } = build({ azureApp: webIdentityApp() });
    const roleArn = { 'Fn::GetAtt': [logicalId(stack, service.functionRole), 'Arn'] };

    /** The role's statements that allow signing a web identity token. */
    const tokenStatements = (t: Template, s: Stack, role: IConstruct) => statementsOf(t, logicalId(s, role))
      .filter((st) => asList<string>(st.Action).some((a) => a.startsWith('sts:')));

    test('the role may get a token only for the audience, with RS256, for at most 5 minutes, and read no secret', () => {
      expect(tokenStatements(template, stack, service.functionRole)).toEqual([{
        Effect: 'Allow',
        Action: 'sts:GetWebIdentityToken',
        Resource: '*',
        Condition: {
          'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': 'api://AzureADTokenExchange' },
          'StringEquals': { 'sts:SigningAlgorithm': 'RS256' },
          'NumericLessThanEquals': { 'sts:DurationSeconds': 300 },
        },
      }]);
      const statements = statementsOf(template, logicalId(stack, service.functionRole));
      // the token statement is the only one on every resource
      expect(statements.filter((st) => asList(st.Resource).includes('*'))).toHaveLength(1);
      expect(new Set(statements.flatMap((st) => asList<string>(st.Action)))).toEqual(new Set([
        ...READ_ACTIONS, 's3:ListBucket', 'sts:GetWebIdentityToken',
        'logs:CreateLogStream', 'logs:PutLogEvents',
        'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
      ]));
    });

    test('both functions are told the method and the audience, and no secret name', () => {
      const expected = {
        CONTAINER_URL: { 'Fn::GetAtt': [logicalId(stack, (service.container as AzureBlobContainer).resource), 'ContainerUrl'] },
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_AUTHENTICATION: 'AwsWebIdentity',
        AZURE_WEB_IDENTITY_AUDIENCE: 'api://AzureADTokenExchange',
        MIRROR_DELETES: 'false',
      };
      expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables).toEqual(expected);
      expect(functionProps(template, BATCH_OPERATIONS_HANDLER).Environment.Variables).toEqual(expected);
    });

    test('the new container signs in the same way, with the same IDs (the type\'s default audience)', () => {
      const container = Object.values<any>(template.findResources(CfnContainer.CFN_RESOURCE_TYPE_NAME));
      expect(container).toHaveLength(1);
      expect(container[0].Properties).toEqual({
        StorageAccountName: 'drstorage01',
        AzureTenantId: TENANT_ID,
        AzureClientId: CLIENT_ID,
        AzureAuthentication: 'AwsWebIdentity',
        PublicAccess: 'None',
      });
    });

    test('an output gives the role ARN, the subject of the app\'s federated credential', () => {
      const outputs = Object.entries<any>(template.findOutputs('*')).filter(([key]) => key.startsWith('BackupFunctionRoleArn'));
      expect(outputs.map(([, o]) => o.Value)).toEqual([roleArn]);
    });

    test('an audience of one\'s own is the same in the policy, the functions\' settings and the container', () => {
      const audience = 'api://dr-backup';
      const custom = build({ azureApp: webIdentityApp(audience) });
      const [statement] = tokenStatements(custom.template, custom.stack, custom.service.functionRole);
      expect(statement.Condition['ForAllValues:StringEquals']).toEqual({ 'sts:IdentityTokenAudience': audience });
      expect(functionProps(custom.template, SQS_COPY_HANDLER).Environment.Variables.AZURE_WEB_IDENTITY_AUDIENCE).toBe(audience);
      custom.template.hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, {
        AzureAuthentication: 'AwsWebIdentity', AzureWebIdentityAudience: audience,
      });
    });

    test('refused at synth: no sign-in method, both methods, an empty audience', () => {
      expect(() => build({ azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID } }))
        .toThrow(/azureApp needs a way to sign in: give `clientSecret`.* or `awsWebIdentity`/);
      expect(() => build({
        azureApp: { ...webIdentityApp(), clientSecret: secretsmanager.Secret.fromSecretCompleteArn(new Stack(), 'S', SECRET_ARN) },
      })).toThrow(/either `clientSecret` or `awsWebIdentity`, not both/);
      expect(() => build({ azureApp: webIdentityApp('') })).toThrow(/audience must not be empty/);
    });
  });

  test('prefix and suffix filter the events and narrow the read permission to the prefix', () => {
    const { stack, service, template } = build({ prefix: 'exports/', suffix: '.parquet' });
    expect(queueConfigurations(template)).toEqual([{
      Events: ['s3:ObjectCreated:*'],
      Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.parquet' }, { Name: 'prefix', Value: 'exports/' }] } },
      QueueArn: { 'Fn::GetAtt': [logicalId(stack, service.queue), 'Arn'] },
    }]);
    const s3Read = statementsOf(template, logicalId(stack, service.functionRole)).filter((s) => s.Action[0] === 's3:GetObject');
    expect(s3Read[0].Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, service.sourceBucket), 'Arn'] }, '/exports/*']] });
  });

  test('mirrorDeletes: ObjectRemoved events too, with the same filter, and the function is told', () => {
    const { template } = build({ mirrorDeletes: true, prefix: 'exports/' });
    const configurations = queueConfigurations(template);
    expect(configurations.map((c) => c.Events)).toEqual([['s3:ObjectCreated:*'], ['s3:ObjectRemoved:*']]);
    expect(configurations[1].Filter).toEqual(configurations[0].Filter);
    expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.MIRROR_DELETES).toBe('true');
  });

  test('an existing bucket and an existing container URL: no new bucket to back up, no new container', () => {
    const stack = new Stack(new App(), 'Stack');
    const service = new S3ToAzureBackupService(stack, 'Backup', {
      azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: trappedSecret(stack, 'Secret') },
      sourceBucket: s3.Bucket.fromBucketName(stack, 'Photos', 'photos-prod'),
      container: AzureBlobContainer.fromContainerUrl(stack, 'Container', EXISTING_CONTAINER_URL),
      code: standInCode(),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs(CfnContainer.CFN_RESOURCE_TYPE_NAME, 0);
    template.resourceCountIs('AWS::S3::Bucket', 2); // the report bucket and its access logs
    expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.CONTAINER_URL).toBe(EXISTING_CONTAINER_URL);
    template.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: 'photos-prod', Managed: false });
    const s3Read = statementsOf(template, logicalId(stack, service.functionRole)).filter((s) => s.Action[0] === 's3:GetObject');
    expect(s3Read).toEqual([{
      Effect: 'Allow',
      Action: READ_ACTIONS,
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::photos-prod/*']] },
    }]);
    expectNoSecretValue(template.toJSON());
  });

  test('both buckets given: no bucket made, not even for access logs', () => {
    const stack = new Stack(new App(), 'Stack');
    const { service, template } = build({
      sourceBucket: s3.Bucket.fromBucketName(stack, 'Photos', 'photos-prod'),
      reportBucket: s3.Bucket.fromBucketName(stack, 'Reports', 'backfill-reports'),
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(service.accessLogsBucket).toBeUndefined();
  });

  test('keys: the secret\'s and the bucket\'s may only be used for decryption through Secrets Manager and S3', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucketKey = new kms.Key(stack, 'BucketKey');
    const service = new S3ToAzureBackupService(stack, 'Backup', {
      azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: trappedSecret(stack, 'Secret', { encrypted: true }) },
      sourceBucket: new s3.Bucket(stack, 'Source', { encryptionKey: bucketKey }),
      newContainer: { storageAccountName: 'drstorage01' },
      code: standInCode(),
    });
    const template = Template.fromStack(stack);
    const kmsStatements = statementsOf(template, logicalId(stack, service.functionRole))
      .filter((s) => asList<string>(s.Action).some((a) => a.startsWith('kms:')));
    expect(kmsStatements).toEqual([
      {
        Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(stack, bucketKey), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      },
      {
        Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
      },
    ]);
    expectNoSecretValue(template.toJSON());
  });

  test('a secret imported by name is granted with the 6-character suffix wildcard and named by name', () => {
    const stack = new Stack(new App(), 'Stack');
    const service = new S3ToAzureBackupService(stack, 'Backup', {
      azureApp: {
        tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'azure/backup'),
      },
      newContainer: { storageAccountName: 'drstorage01' },
      code: standInCode(),
    });
    const template = Template.fromStack(stack);
    const secretStatements = statementsOf(template, logicalId(stack, service.functionRole))
      .filter((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(secretStatements).toHaveLength(1);
    expect(JSON.stringify(secretStatements[0].Resource)).toMatch(/:secret:azure\/backup-\?\?\?\?\?\?"/);
    expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.AZURE_CLIENT_SECRET_NAME).toBe('azure/backup');
  });

  test('settings: runtime, memory, timeout, block size, batch, concurrency, receives, alarms, prefix of parameters', () => {
    const topicArn = 'arn:aws:sns:eu-central-1:111122223333:dr-alerts';
    const topic = sns.Topic.fromTopicArn(new Stack(), 'Alerts', topicArn);
    const { template } = build({
      runtime: lambda.Runtime.JAVA_17,
      memorySize: 2048,
      timeout: Duration.minutes(5),
      blockSizeBytes: 8 * 1024 * 1024,
      batchSize: 4,
      concurrentCopies: 8,
      maxConcurrency: 20,
      maxReceiveCount: 3,
      maxMessageAge: Duration.minutes(30),
      alarmAction: new cloudwatchActions.SnsAction(topic),
      parameterPrefix: '/dr/photos',
    });
    const fn = functionProps(template, SQS_COPY_HANDLER);
    expect([fn.Runtime, fn.MemorySize, fn.Timeout]).toEqual(['java17', 2048, 300]);
    expect(fn.Environment.Variables.BLOCK_SIZE_BYTES).toBe(String(8 * 1024 * 1024));
    expect(fn.Environment.Variables.CONCURRENT_COPIES).toBe('8');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 4, ScalingConfig: { MaximumConcurrency: 20 } });
    const mapping = Object.values<any>(template.findResources('AWS::Lambda::EventSourceMapping'))[0].Properties;
    expect(mapping.MaximumBatchingWindowInSeconds).toBeUndefined();
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 6 * 300, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1800 });
    const alarmActions = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmActions);
    expect(alarmActions).toHaveLength(9);
    for (const actions of alarmActions) expect(actions).toEqual([topicArn]);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/dr/photos/azureclientid' });
  });

  test('batchSize and concurrentCopies out of range are refused before synthesis', () => {
    expect(() => build({ batchSize: 10001 })).toThrow('batchSize must be an integer from 1 to 10000, not 10001');
    expect(() => build({ concurrentCopies: 65 })).toThrow('concurrentCopies must be an integer from 1 to 64, not 65');
  });

  describe('where the alarms notify', () => {
    const alarmActionsOf = (template: Template) =>
      Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmActions);

    test('alarmTopic: every alarm notifies the given topic, and no topic is created', () => {
      const topicArn = 'arn:aws:sns:eu-central-1:111122223333:dr-alerts';
      const topic = sns.Topic.fromTopicArn(new Stack(), 'Alerts', topicArn);
      const { service, template } = build({ alarmTopic: topic });
      expect(alarmActionsOf(template)).toEqual(Array(9).fill([topicArn]));
      expect(service.alarmTopic).toBe(topic);
      template.resourceCountIs('AWS::SNS::Topic', 0);
    });

    test('createAlarmTopic: a new topic, exposed to subscribe to, that every alarm notifies', () => {
      const { stack, service, template } = build({ createAlarmTopic: true });
      template.resourceCountIs('AWS::SNS::Topic', 1);
      expect(service.alarmTopic).toBeDefined();
      expect(alarmActionsOf(template)).toEqual(Array(9).fill([{ Ref: logicalId(stack, service.alarmTopic!) }]));
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
        },
      });
    });

    test('a topic and another action: every alarm does both', () => {
      const stack = new Stack();
      const topic = sns.Topic.fromTopicArn(stack, 'Alerts', 'arn:aws:sns:eu-central-1:111122223333:dr-alerts');
      const pager = sns.Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:eu-central-1:111122223333:pager');
      const { template } = build({ alarmTopic: topic, alarmAction: new cloudwatchActions.SnsAction(pager) });
      expect(alarmActionsOf(template)).toEqual(Array(9).fill([topic.topicArn, pager.topicArn]));
    });

    test('refused at synth: a topic given and one to create', () => {
      const topic = sns.Topic.fromTopicArn(new Stack(), 'Alerts', 'arn:aws:sns:eu-central-1:111122223333:dr-alerts');
      expect(() => build({ alarmTopic: topic, createAlarmTopic: true })).toThrow(/either `alarmTopic`.* or `createAlarmTopic`, not both/);
    });
  });

  test('assumedThroughputMiBPerSecond: both functions are told, as ASSUMED_THROUGHPUT_MIB_PER_SECOND', () => {
    const { template } = build({ assumedThroughputMiBPerSecond: 60 });
    expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.ASSUMED_THROUGHPUT_MIB_PER_SECOND).toBe('60');
    expect(functionProps(template, BATCH_OPERATIONS_HANDLER).Environment.Variables.ASSUMED_THROUGHPUT_MIB_PER_SECOND).toBe('60');
    for (const wrong of [0, 2.5, 10_001, Number.NaN]) {
      expect(() => build({ assumedThroughputMiBPerSecond: wrong }))
        .toThrow(new RegExp(`assumedThroughputMiBPerSecond must be a whole number from 1 to 10000, not ${wrong}`));
    }
  });

  describe('agrees with the copy service\'s code (backup/copy-service)', () => {
    const javaSources = path.resolve(__dirname, '../../copy-service/src/main/java/io/cfnazure/backup');
    /** The first group of `pattern` in one of the copy service's Java files; fails when the code no longer has it. */
    const fromJava = (file: string, pattern: RegExp): string => {
      const match = pattern.exec(fs.readFileSync(path.join(javaSources, file), 'utf8'));
      if (!match) throw new Error(`${file} no longer matches ${pattern}: update the construct and this test`);
      return match[1];
    };

    test('the permanent failure alarm reads the namespace, metric, dimensions and entry points it publishes', () => {
      const namespace = fromJava('BatchMetrics.java', /NAMESPACE\s*=\s*"([^"]+)"/);
      // the metrics' dimensions: the entry point and the function's name, which Lambda's context gives
      fromJava('BatchMetrics.java', /(DimensionSet\.of\(ENTRY_POINT_DIMENSION, entryPoint, FUNCTION_DIMENSION, functionName\))/);
      fromJava('CopyFunction.java', /metrics\.publish\(entryPoint, (invocation\.getFunctionName\(\))/);
      const entryPointDimension = fromJava('BatchMetrics.java', /ENTRY_POINT_DIMENSION\s*=\s*"([^"]+)"/);
      const functionDimension = fromJava('BatchMetrics.java', /FUNCTION_DIMENSION\s*=\s*"([^"]+)"/);
      const metric = fromJava('BatchMetrics.java', /putMetric\("(PermanentFailures)"/);
      const [sqsEntryPoint, batchEntryPoint] = ['SqsCopyHandler.java', 'BatchOperationsHandler.java']
        .map((file) => fromJava(file, /ENTRY_POINT\s*=\s*"([^"]+)"/));
      const { stack, service, template } = build();
      const published = (entryPoint: string, fn: IConstruct) => ({
        Namespace: namespace,
        MetricName: metric,
        Dimensions: [
          { Name: entryPointDimension, Value: entryPoint },
          { Name: functionDimension, Value: { Ref: logicalId(stack, fn) } },
        ],
      });
      expect(permanentFailureMetrics(template)).toEqual([
        published(sqsEntryPoint, service.copyFunction), published(batchEntryPoint, service.backfillFunction),
      ]);
    });

    test('the default maxReceiveCount retries a transient failure for about an hour with the copy service\'s back-off', () => {
      const firstRetrySeconds = Number(fromJava('SqsRedelivery.java', /FIRST_RETRY\s*=\s*Duration\.ofSeconds\((\d+)\)/));
      const maxBackoffSeconds = 60 * Number(fromJava('SqsRedelivery.java', /MAX_BACKOFF\s*=\s*Duration\.ofMinutes\((\d+)\)/));
      const queues = Object.values<any>(build().template.findResources('AWS::SQS::Queue'))
        .filter((q) => q.Properties.RedrivePolicy);
      expect(queues).toHaveLength(1);
      const receives: number = queues[0].Properties.RedrivePolicy.maxReceiveCount;
      // SqsRedelivery.delay after each failed receive: 30 s doubled per receive, at most 5 minutes; when the last one
      // ends, SQS moves the message to the dead-letter queue
      let backoffSeconds = 0;
      for (let receive = 1; receive <= receives; receive++) {
        backoffSeconds += Math.min(firstRetrySeconds * 2 ** (receive - 1), maxBackoffSeconds);
      }
      expect(backoffSeconds / 60).toBeGreaterThanOrEqual(55);
      expect(backoffSeconds / 60).toBeLessThanOrEqual(65);
    });

    test('assumedThroughputMiBPerSecond sets the variable it reads and takes the range it accepts', () => {
      const [, name, min, max] = /number\(environment,\s*"(ASSUMED_THROUGHPUT[A-Z_]*)",\s*\w+,\s*([\d_]+),\s*([\d_]+)\)/
        .exec(fs.readFileSync(path.join(javaSources, 'CopyServiceConfig.java'), 'utf8')) ?? [];
      expect(name).toBeDefined();
      const [lowest, highest] = [min, max].map((n) => Number(n.replace(/_/g, '')));
      for (const accepted of [lowest, highest]) {
        const variables = functionProps(build({ assumedThroughputMiBPerSecond: accepted }).template, SQS_COPY_HANDLER)
          .Environment.Variables;
        expect(variables[name]).toBe(String(accepted));
      }
      for (const refused of [lowest - 1, highest + 1]) {
        expect(() => build({ assumedThroughputMiBPerSecond: refused })).toThrow(/assumedThroughputMiBPerSecond/);
      }
    });
  });

  test('a new container may use the type configuration\'s credentials while the function uses the app\'s', () => {
    const { template } = build({
      newContainer: { storageAccountName: 'drstorage01', credentials: AzureCredentials.fromTypeConfiguration() },
    });
    template.hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, { AzureClientSecretName: Match.absent() });
    expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.AZURE_CLIENT_SECRET_NAME).toBe(SECRET_ARN);
  });

  test('refused at synth: a non-Java or pre-17 runtime, both or neither container, an unbounded receive count', () => {
    expect(() => build({ runtime: lambda.Runtime.JAVA_11 })).toThrow(/Java 17 or later/);
    expect(() => build({ runtime: lambda.Runtime.NODEJS_22_X })).toThrow(/Java 17 or later/);
    expect(() => build({ newContainer: undefined })).toThrow(/exactly one of/);
    expect(() => build({
      container: AzureBlobContainer.fromContainerUrl(new Stack(), 'C', EXISTING_CONTAINER_URL),
      newContainer: { storageAccountName: 'drstorage01' },
    })).toThrow(/exactly one of/);
    expect(() => build({
      newContainer: { storageAccountName: 'drstorage01' },
      newStorageAccount: { subscriptionId: SUBSCRIPTION_ID },
    })).toThrow(/exactly one of `container` \(an existing one\), `newContainer` \(in an existing account\) and `newStorageAccount`/);
    expect(() => build({ maxReceiveCount: 0 })).toThrow(/maxReceiveCount/);
    expect(() => build({ blockSizeBytes: 1.5 })).toThrow(/blockSizeBytes/);
  });

  describe('the copy service\'s code', () => {
    const codeOf = (stack: Stack) => functionProps(Template.fromStack(stack), SQS_COPY_HANDLER).Code;

    test('by default the jar inside the package, else the file the context names; a missing jar says what to do', () => {
      expect(COPY_SERVICE_JAR).toBe(path.resolve(__dirname, '../assets/copy-service.jar'));
      const missing = path.join(os.tmpdir(), 'no-such-dir', 'copy-service.jar');
      expect(() => copyServiceCode(missing))
        .toThrow(/`mvn -B -f all package -pl :copy-service -am -DskipTests` and run `npm run bundle-jar` here; or pass `code`/);

      const stack = new Stack(new App({ context: { [S3ToAzureBackupService.COPY_SERVICE_JAR_CONTEXT]: missing } }), 'Stack');
      expect(() => new S3ToAzureBackupService(stack, 'Backup', {
        azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, awsWebIdentity: {} },
        newContainer: { storageAccountName: 'drstorage01' },
      })).toThrow(missing);
    });

    test('the context\'s file is deployed when `code` is not given, and `code` wins over it', () => {
      const props: S3ToAzureBackupServiceProps = {
        azureApp: { tenantId: TENANT_ID, clientId: CLIENT_ID, awsWebIdentity: {} },
        newContainer: { storageAccountName: 'drstorage01' },
      };
      const jar = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'own-build-')), 'copy-service.jar');
      fs.writeFileSync(jar, 'a copy service built by the user');
      const stackWith = (app: App, code?: lambda.Code) => {
        const stack = new Stack(app, 'Stack');
        new S3ToAzureBackupService(stack, 'Backup', { ...props, code });
        return stack;
      };
      const contextNamingJar = () => new App({ context: { [S3ToAzureBackupService.COPY_SERVICE_JAR_CONTEXT]: jar } });

      const fromContext = codeOf(stackWith(contextNamingJar()));
      expect(fromContext).toEqual(codeOf(stackWith(new App(), lambda.Code.fromAsset(jar))));
      expect(codeOf(stackWith(appWithStandInJar()))).not.toEqual(fromContext); // another file, another asset
      expect(codeOf(stackWith(contextNamingJar(), standInCode()))).not.toEqual(fromContext); // `code` wins
    });
  });

  describe('a new storage account (newStorageAccount)', () => {
    const { stack, service, template } = build({ newStorageAccount: { subscriptionId: SUBSCRIPTION_ID } });
    const account = () => Object.values<any>(template.findResources(CfnAccount.CFN_RESOURCE_TYPE_NAME));
    const container = () => Object.values<any>(template.findResources(CfnContainer.CFN_RESOURCE_TYPE_NAME));

    test('the account: versioning, soft delete, version-level immutability, signed in as the app', () => {
      expect(account()).toHaveLength(1);
      expect(account()[0].Properties).toMatchObject({
        SubscriptionId: SUBSCRIPTION_ID,
        BlobVersioning: true,
        BlobSoftDeleteRetentionDays: 14,
        ContainerSoftDeleteRetentionDays: 14,
        VersionLevelImmutability: true,
        AllowSharedKeyAccess: false,
        AzureClientSecretName: SECRET_ARN,
        AzureTenantId: TENANT_ID,
        AzureClientId: CLIENT_ID,
      });
      expect(service.storageAccount).toBeDefined();
    });

    test('the container: in that account through Azure Resource Manager, versions immutable for 30 days', () => {
      expect(container()).toHaveLength(1);
      expect(container()[0].Properties).toMatchObject({
        StorageAccountId: { Ref: logicalId(stack, service.storageAccount!) },
        VersionLevelImmutability: true,
        ImmutabilityPolicy: { RetentionDays: 30 },
        AzureClientSecretName: SECRET_ARN,
      });
      expect(functionProps(template, SQS_COPY_HANDLER).Environment.Variables.CONTAINER_URL)
        .toEqual({ 'Fn::GetAtt': [Object.keys(template.findResources(CfnContainer.CFN_RESOURCE_TYPE_NAME))[0], 'ContainerUrl'] });
    });

    test('without lockDownNetwork: no VPC, the account\'s firewall left to its default', () => {
      template.resourceCountIs('AWS::EC2::VPC', 0);
      expect(account()[0].Properties.NetworkRules).toBeUndefined();
      expect(functionProps(template, SQS_COPY_HANDLER).VpcConfig).toBeUndefined();
    });
  });

  describe('lockDownNetwork', () => {
    const { stack, service, template } = build({
      newStorageAccount: { subscriptionId: SUBSCRIPTION_ID },
      lockDownNetwork: true,
    });
    const eip = Object.keys(template.findResources('AWS::EC2::EIP'));

    test('one Elastic IP, on the one NAT gateway', () => {
      expect(eip).toHaveLength(1);
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
      template.hasResourceProperties('AWS::EC2::NatGateway', { AllocationId: { 'Fn::GetAtt': [eip[0], 'AllocationId'] } });
      expect(stack.resolve(service.egressIp)).toEqual({ 'Fn::GetAtt': [eip[0], 'PublicIp'] });
    });

    test('the account denies every network but that IP, with no bypass', () => {
      template.hasResourceProperties(CfnAccount.CFN_RESOURCE_TYPE_NAME, {
        NetworkRules: {
          DefaultAction: NetworkRulesDefaultAction.DENY,
          Bypass: [],
          IpRules: [{ 'Fn::GetAtt': [eip[0], 'PublicIp'] }],
        },
      });
    });

    test('both functions run in the private subnets, whose only way out is that NAT gateway', () => {
      const privateSubnets = service.vpc!.privateSubnets.map((subnet) => stack.resolve(subnet.subnetId));
      expect(privateSubnets).toHaveLength(2);
      for (const handler of [SQS_COPY_HANDLER, BATCH_OPERATIONS_HANDLER]) {
        expect(functionProps(template, handler).VpcConfig.SubnetIds).toEqual(privateSubnets);
      }
      const nat = Object.keys(template.findResources('AWS::EC2::NatGateway'))[0];
      const defaultRoutes = Object.values<any>(template.findResources('AWS::EC2::Route'))
        .map((r) => r.Properties).filter((r) => r.DestinationCidrBlock === '0.0.0.0/0');
      const privateRoutes = defaultRoutes.filter((r) => r.NatGatewayId !== undefined);
      expect(privateRoutes).toHaveLength(2);
      for (const route of privateRoutes) expect(route.NatGatewayId).toEqual({ Ref: nat });
    });

    test('the role may manage the functions\' network interfaces, the only addition to its policy', () => {
      const withoutVpc = build({ newStorageAccount: { subscriptionId: SUBSCRIPTION_ID } });
      const statements = statementsOf(template, logicalId(stack, service.functionRole));
      const added = statements.filter((s) => !statementsOf(withoutVpc.template, logicalId(withoutVpc.stack,
        withoutVpc.service.functionRole)).some((t) => JSON.stringify(t) === JSON.stringify(s)));
      expect(added).toEqual([{
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Resource: '*',
      }]);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
        ManagedPolicyArns: Match.absent(),
      });
    });

    test('S3 reads go through a gateway endpoint, not the NAT gateway', () => {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] }),
        VpcEndpointType: 'Gateway',
      });
    });

    test('the container is managed through Azure Resource Manager, which the firewall does not block', () => {
      template.hasResourceProperties(CfnContainer.CFN_RESOURCE_TYPE_NAME, {
        StorageAccountId: { Ref: logicalId(stack, service.storageAccount!) },
        StorageAccountName: Match.absent(),
      });
    });

    test('an output gives the egress IP', () => {
      expect(Object.values<any>(template.findOutputs('*')).map((o) => o.Value))
        .toContainEqual({ 'Fn::GetAtt': [eip[0], 'PublicIp'] });
    });

    test('refused at synth: without a new account, or with network rules of one\'s own', () => {
      expect(() => build({ lockDownNetwork: true })).toThrow(/lockDownNetwork needs newStorageAccount/);
      expect(() => build({
        lockDownNetwork: true,
        newStorageAccount: { subscriptionId: SUBSCRIPTION_ID, networkRules: { ipRules: ['203.0.113.7'] } },
      })).toThrow(/leave newStorageAccount.networkRules out/);
    });
  });

  test('appIdParameters false: only the container URL goes to SSM', () => {
    const { template } = build({ appIdParameters: false, parameterPrefix: '/dr' });
    const names = Object.values<any>(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name);
    expect(names).toEqual(['/dr/azureblobcontainerurl']);
  });
});
