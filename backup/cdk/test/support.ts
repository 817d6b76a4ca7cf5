// Test helpers: a stand-in for the copy service's jar, and a secret whose value, if any construct ever read it,
// would land in the template as a known string.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, CfnElement, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { S3ToAzureBackupService, S3ToAzureBackupServiceProps } from '../src';

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = '66666666-7777-8888-9999-000000000000';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:azure/backup-client-AbCdEf';
export const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/0b6c1d3e-8f1a-4c2b-9d3e-5f6a7b8c9d0e';
export const KNOWN_SECRET_VALUE = 'plaintext-client-secret-that-must-never-reach-a-template';

/** A small file standing in for the copy service's jar, which need not be built. */
export function standInJar(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copy-service-stand-in-'));
  const jar = path.join(dir, 'copy-service.jar');
  fs.writeFileSync(jar, 'stand-in for the copy service jar');
  return jar;
}

/** The stand-in as the L3's `code`. */
export function standInCode(): lambda.Code {
  return lambda.Code.fromAsset(standInJar());
}

/** An app whose L3s deploy the stand-in by default, as `-c s3-to-azure-backup-cdk:copyServiceJar=...` does. */
export function appWithStandInJar(props: AppProps = {}): App {
  return new App({ ...props, context: { ...props.context, [S3ToAzureBackupService.COPY_SERVICE_JAR_CONTEXT]: standInJar() } });
}

/**
 * An imported secret whose value reads as KNOWN_SECRET_VALUE: a construct that used `secretValue` (as the blog's L1
 * did) would write that string into the template, where the tests look for it.
 */
export function trappedSecret(scope: Construct, id: string, options: { encrypted?: boolean } = {}): secretsmanager.ISecret {
  const secret = secretsmanager.Secret.fromSecretAttributes(scope, id, {
    secretCompleteArn: SECRET_ARN,
    encryptionKey: options.encrypted ? kms.Key.fromKeyArn(scope, `${id}Key`, KEY_ARN) : undefined,
  });
  const value = SecretValue.unsafePlainText(KNOWN_SECRET_VALUE);
  return Object.create(secret, {
    secretValue: { value },
    secretValueFromJson: { value: () => value },
  });
}

/** Fails when the template holds the known secret value or any dynamic reference that resolves a secret's value. */
export function expectNoSecretValue(template: object): void {
  const json = JSON.stringify(template);
  expect(json).not.toContain(KNOWN_SECRET_VALUE);
  expect(json).not.toContain('{{resolve:secretsmanager');
}

export interface Built { stack: Stack; service: S3ToAzureBackupService; template: Template }

/** A stack with the L3; `props` replaces any default given here. */
export function build(props: Partial<S3ToAzureBackupServiceProps> = {}, options: { encryptedSecret?: boolean } = {}): Built {
  const stack = new Stack(new App(), 'Stack');
  const service = new S3ToAzureBackupService(stack, 'Backup', {
    azureApp: {
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: trappedSecret(stack, 'AzureClientSecret', { encrypted: options.encryptedSecret }),
    },
    newContainer: props.container || props.newStorageAccount ? undefined : { storageAccountName: 'drstorage01' },
    code: standInCode(),
    ...props,
  });
  return { stack, service, template: Template.fromStack(stack) };
}

/** The logical ID of an L1, or of an L2's L1. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/** Statements of every IAM policy attached to the role, with tokens as in the template. */
export function statementsOf(template: Template, roleLogicalId: string): any[] {
  return Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
