#!/usr/bin/env node
// Compiles a Node workspace's TypeScript to dist/ with swc: JavaScript only, no type
// checking (`npm run typecheck` checks every workspace once, in one program). The same
// transform jest runs the tests through (jest.preset.js), so what runs is what was tested.
//
//   node ../../scripts/compile.mjs            src/**     -> dist/**
//   node ../scripts/compile.mjs src bench     src/**     -> dist/src/**, bench/** -> dist/bench/**
//
// Test files (*.test.ts) are left out. dist/ is emptied first, so a deleted source leaves
// no stale module behind.
import fs from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';

const dirs = process.argv.slice(2);
const roots = dirs.length > 0 ? dirs : ['src'];
// One folder compiles to dist/ itself; several keep their names under dist/.
const outDirOf = (root) => (roots.length === 1 ? 'dist' : path.join('dist', root));

/** swc settings: legacy decorators with metadata, as type-graphql and TypeORM read them. */
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

const sources = roots.flatMap((root) =>
  fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.d.ts'),
    )
    .map((entry) => ({ root, file: path.join(entry.parentPath, entry.name) })),
);

fs.rmSync('dist', { recursive: true, force: true });
await Promise.all(
  sources.map(async ({ root, file }) => {
    const out = path.join(outDirOf(root), path.relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, {
      ...options,
      filename: file,
      sourceFileName: path.relative(path.dirname(out), file),
      outputPath: out,
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    if (map) fs.writeFileSync(`${out}.map`, map);
  }),
);
console.log(`compiled ${sources.length} files to ${roots.map(outDirOf).join(', ')}`);
