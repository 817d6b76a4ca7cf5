import * as fs from 'fs';
import * as path from 'path';

// The custom Azure role of the app that writes copies (backup/azure-roles/, documented in README.md): it reads and
// writes blobs and must never be able to delete one, a version of one, or anything else.
const ROLE_FILE = path.join(__dirname, '..', '..', 'azure-roles', 's3-backup-writer.json');

describe('the Azure role that writes copies', () => {
  const role = JSON.parse(fs.readFileSync(ROLE_FILE, 'utf8'));

  test('grants reading, writing and adding blobs, and nothing else', () => {
    expect([...role.DataActions].sort()).toEqual([
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
    ]);
    expect(role.Actions).toEqual([]);
  });

  test('has no action that deletes, and no wildcard that could', () => {
    const granted: string[] = [...role.Actions, ...role.DataActions];
    expect(granted.filter((action) => /delete|\*/i.test(action))).toEqual([]);
  });

  test('the README creates it from this file under the name it has', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('../azure-roles/s3-backup-writer.json');
    expect(readme).toContain(`--role "${role.Name}"`);
  });
});
