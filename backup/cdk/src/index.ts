export * from './azure-blobstorage-container';
export * from './azure-blobstorage-account';
export * from './azure-blob-container';
export * from './azure-storage-account';
export * from './azure-backup-storage';
export * from './s3-to-azure-backup-service';
export * as blog from './blog';
export type { CompletenessAuditOptions } from './audit';
