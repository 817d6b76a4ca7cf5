// cdk-nag's AwsSolutions pack on the example stacks: every error is one of the findings below, acknowledged with its
// reason (the README lists them, for apps that run cdk-nag themselves), and every acknowledgement is still needed.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ExistingBucketBackupStack } from '../examples/existing-bucket-backup-stack';
import { LockedDownBackupStack } from '../examples/locked-down-backup-stack';
import { MultiCloudBackupCdkStack } from '../examples/multi-cloud-backup-cdk-stack';
import { appWithStandInJar } from './support';

interface Acknowledged {
  /** The finding's rule ID, e.g. AwsSolutions-IAM5[Resource::*]. */
  readonly rule: RegExp;
  /** The construct path of the resource it is reported on. */
  readonly path: RegExp;
  readonly reason: string;
}

const ACKNOWLEDGED: Acknowledged[] = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::(<\w*SourceBucket\w*\.Arn>|arn:<AWS::Partition>:s3:::<SourceBucketName>\/exports)\/\*\]$/,
    path: /\/FunctionRole\/DefaultPolicy\/Resource$/,
    reason: 'The copy service reads any object of the source bucket (under the prefix, when one is set): objects are '
      + 'what it backs up, and their keys are not known in advance.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: /\/(FunctionRole|Audit\/Role)\/DefaultPolicy\/Resource$/,
    reason: 'sts:GetWebIdentityToken has no resource type (its conditions pin the audience, algorithm and lifetime), '
      + 'and the network interface actions Lambda needs for a function in a VPC name no resource.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<\w*BackfillFunction\w*\.Arn>:\*\]$/,
    path: /\/BatchOperationsRole\/DefaultPolicy\/Resource$/,
    reason: 'Batch Operations may invoke the backfill function and its versions and aliases (ARN:*), nothing else.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<\w*ReportBucket\w*\.Arn>\/\*\]$/,
    path: /\/BatchOperationsRole\/DefaultPolicy\/Resource$/,
    reason: 'Batch Operations reads manifests from and writes completion reports to the report bucket, under object '
      + 'names it chooses per job.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<\w*ReportBucket\w*\.Arn>\/audit\/\*\]$/,
    path: /\/Audit\/Role\/DefaultPolicy\/Resource$/,
    reason: 'The audit writes its reports under audit/ in the report bucket, one dated key per run and latest.json.',
  },
  {
    rule: /^AwsSolutions-L1$/,
    path: /\/(CopyFunction|BackfillFunction|Audit\/Function)\/Resource$/,
    reason: 'Java 21 is the runtime the copy service (built for Java 17) is tested on; `runtime` takes a later Java '
      + 'runtime.',
  },
  {
    rule: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: /\/BucketNotificationsHandler\w+\/Role\/Resource$/,
    reason: 'The role of CDK\'s own handler that configures the bucket\'s event notifications; the managed policy only '
      + 'lets it write its logs.',
  },
  {
    rule: /^AwsSolutions-VPC7$/,
    path: /\/Backup\/Vpc\/Resource$/,
    reason: 'The VPC carries only the copy functions\' traffic: to S3 through its endpoint and to one storage account '
      + 'through the NAT gateway, whose firewall admits that address alone. vpc.addFlowLog() adds a record of it.',
  },
];

function exampleApp(): App {
  const app = appWithStandInJar();
  new MultiCloudBackupCdkStack(app, 'MultiCloudBackupCdkStack');
  new ExistingBucketBackupStack(app, 'ExistingBucketBackupStack');
  new LockedDownBackupStack(app, 'LockedDownBackupStack');
  return app;
}

/** Each finding as its rule ID and the construct path of the resource it is reported on. */
function findings(app: App, severity: 'error' | 'warning'): { rule: string; path: string }[] {
  return new AwsSolutionsChecks().validateScope(app).violations
    .filter((v) => v.severity === severity)
    .flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '(no construct path)' })));
}

describe('cdk-nag AwsSolutions on the example stacks', () => {
  const app = exampleApp();
  const before = findings(app, 'error');
  const used = new Set<Acknowledged>();
  for (const finding of before) {
    const ack = ACKNOWLEDGED.find((a) => a.rule.test(finding.rule) && a.path.test(finding.path));
    if (ack) {
      used.add(ack);
      Validations.of(app.node.findChild(finding.path.split('/')[0]).node.findAll()
        .find((c) => c.node.path === finding.path)!).acknowledge({ id: finding.rule, reason: ack.reason });
    }
  }

  test('no error that is not acknowledged', () => {
    expect(before.length).toBeGreaterThan(0); // the pack ran
    expect(findings(app, 'error')).toEqual([]);
  });

  test('no warning', () => {
    expect(findings(app, 'warning')).toEqual([]);
  });

  test('every acknowledgement is still needed, and says why', () => {
    expect(ACKNOWLEDGED.filter((a) => !used.has(a)).map((a) => a.rule.source)).toEqual([]);
    for (const a of ACKNOWLEDGED) expect(a.reason.length).toBeGreaterThan(40);
  });
});
