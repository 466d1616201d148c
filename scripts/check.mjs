// `npm run check`: formatting, types and lint, side by side. Each is one process bound to
// one core, so on two cores running them together takes about as long as the longest
// (ESLint's type-aware programs), not their sum. The page packages' generated operation
// types are written first, since both their type check and ESLint read them. The first
// failure stops the rest; each step prints its time, and a failed one its output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const CODEGEN = [
  ['web codegen', 'npm', ['run', '--silent', 'codegen', '-w', '@stockgraph/web']],
  ['till codegen', 'npm', ['run', '--silent', 'codegen', '-w', '@stockgraph/till']],
];
const CHECKS = [
  ['prettier', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['types (Node workspaces)', bin('tsc'), ['-p', 'tsconfig.check.json']],
  ['types (web)', bin('tsc'), ['--noEmit', '-p', 'web/tsconfig.json']],
  ['types (till)', bin('tsc'), ['--noEmit', '-p', 'store/till/tsconfig.json']],
  ['eslint', bin('eslint'), ['.', '--max-warnings', '0']],
];

const running = new Set();

function run([name, command, args]) {
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      if (signal && code === null) return resolve(); // stopped after another step failed
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const failed = code !== 0;
      // A step that passed says so in one line; one that failed shows everything it printed.
      process.stdout.write(
        `${failed ? 'FAIL' : 'ok  '} ${name} (${seconds} s)\n${failed ? `${output.trimEnd()}\n` : ''}`,
      );
      if (code === 0) resolve();
      else reject(new Error(`${name} failed`));
    });
  });
}

try {
  await Promise.all(CODEGEN.map(run));
  await Promise.all(CHECKS.map(run));
} catch (error) {
  for (const child of running) child.kill('SIGTERM');
  process.stderr.write(`check: ${error.message}\n`);
  process.exitCode = 1;
}
