// Preloaded into Azurite's node by AzuriteProcess (NODE_OPTIONS --require), for what Azurite has no option for.
// 1. It exits when standard input closes, that is when the JVM that started Azurite dies: a JVM killed outright
//    (a Surefire fork timeout, SIGKILL) runs no shutdown hook and would leave Azurite behind.
// 2. It adds and removes storage accounts while Azurite runs, for the accounts the Azure Resource Manager stand-in
//    creates. Azurite reads AZURITE_ACCOUNTS from its own environment, at start and every minute, which nothing
//    outside the process can change; so the accounts added here are consulted after the declared ones. Each line on
//    standard input is "ID add NAME BASE64KEY" or "ID remove NAME"; "cfnazure-accounts ID done" (or "ID failed
//    REASON") on standard output says when the change is live.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const added = new Map();
let unsupported = null;
try {
  // The blob service's entry point is dist/src/blob/main.js; its account store is dist/src/common/AccountDataStore.js.
  const main = fs.realpathSync(process.argv[1]);
  const store = require(path.join(path.dirname(main), '..', 'common', 'AccountDataStore.js')).default;
  const declared = store.prototype.getAccount;
  store.prototype.getAccount = function (name) {
    return declared.call(this, name) || added.get(name);
  };
} catch (e) {
  unsupported = String(e).replace(/\s+/g, ' ');
}

readline.createInterface({ input: process.stdin })
  .on('line', line => {
    const [id, verb, name, key] = line.trim().split(' ');
    if (unsupported !== null) {
      process.stdout.write('cfnazure-accounts ' + id + ' failed ' + unsupported + '\n');
      return;
    }
    if (verb === 'add') {
      added.set(name, { name: name, key1: Buffer.from(key, 'base64') });
    } else {
      added.delete(name);
    }
    process.stdout.write('cfnazure-accounts ' + id + ' done\n');
  })
  .on('close', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
