#!/usr/bin/env node
// `npx cdk synth` entry point. Stacks are environment-agnostic: synth needs no AWS credentials.
// -c s3-to-azure-backup-cdk:copyServiceJar=PATH deploys that file as the copy service (e.g. before the jar is built).
import * as cdk from 'aws-cdk-lib';
import { ExistingBucketBackupStack } from './existing-bucket-backup-stack';
import { LockedDownBackupStack } from './locked-down-backup-stack';
import { MultiCloudBackupCdkStack } from './multi-cloud-backup-cdk-stack';

const app = new cdk.App();
new MultiCloudBackupCdkStack(app, 'MultiCloudBackupCdkStack');
new ExistingBucketBackupStack(app, 'ExistingBucketBackupStack');
new LockedDownBackupStack(app, 'LockedDownBackupStack');
