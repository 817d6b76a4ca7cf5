export * from './azure-blobstorage-container';
export * from './azure-blob-container';
export * from './s3-to-azure-backup-service';
