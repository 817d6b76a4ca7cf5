#!/usr/bin/env node
// `npx cdk synth` entry point. Stacks are environment-agnostic: synth needs no AWS credentials.
// -c copyServiceJar=PATH uses that file as the copy service's code (e.g. a stand-in before the jar is built).
import { App } from 'aws-cdk-lib';
import { ExistingBucketBackupStack } from './existing-bucket-backup-stack';
import { MultiCloudBackupCdkStack } from './multi-cloud-backup-cdk-stack';

const app = new App();
const copyServiceJar: string | undefined = app.node.tryGetContext('copyServiceJar');
new MultiCloudBackupCdkStack(app, 'MultiCloudBackupCdkStack', { copyServiceJar });
new ExistingBucketBackupStack(app, 'ExistingBucketBackupStack', { copyServiceJar });
