#!/usr/bin/env node
// Copies the copy service's jar from its Maven build into assets/, which package.json's `files` ships: an installed
// package deploys the copy service without building Java. `npm pack` runs this (prepack), so a package never ships
// without the jar, or with a stale one.
const fs = require('fs');
const path = require('path');

const built = path.resolve(__dirname, '../../copy-service/target/copy-service.jar');
const bundled = path.resolve(__dirname, '../assets/copy-service.jar');

if (!fs.existsSync(built)) {
  console.error(`${built} does not exist: build the copy service first, from the repository's root:\n`
    + '  mvn -B -f all package -pl :copy-service -am -DskipTests');
  process.exit(1);
}
fs.mkdirSync(path.dirname(bundled), { recursive: true });
fs.copyFileSync(built, bundled);
console.log(`Bundled ${path.relative(process.cwd(), built)} as ${path.relative(process.cwd(), bundled)}`);
