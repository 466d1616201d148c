#!/usr/bin/env node
// The npm registry this project is built against serves only the Linux builds of
// packages that ship per-platform binaries (@swc/core-*, @turbo/*, unrs-resolver
// bindings). `npm install` then leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` refuses the lockfile as out of sync. This adds a
// plain entry for each such optional package, so `npm ci` can try it and, as for any
// optional dependency it cannot fetch, move on. Run it after changing dependencies:
//   node .ci/complete-lockfile.mjs
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    packages[hoisted] = { version: version.replace(/^[\^~]/, ''), optional: true, ...(entry.dev ? { dev: true } : {}) };
    added += 1;
  }
}
// npm orders entries with an English collation ('string_decoder' before 'string-width');
// any other order and the next `npm install` rewrites the file, leaving the tree dirty.
const collate = new Intl.Collator('en').compare;
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : collate(a, b))),
);
fs.writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform package(s) added`);
