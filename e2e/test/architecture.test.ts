import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TIMEOUT } from '../src';

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['catalog', 'inventory', 'order'];
/** What a domain rule must never load, even indirectly: frameworks and transports. */
const FRAMEWORKS = ['typeorm', 'type-graphql', 'graphql', 'kafkajs', 'ioredis', '@apollo', 'mysql2', 'better-sqlite3'];
const MAX_LINES = 300;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep)
    .sort();
}

const sources = (...dirs: string[]) => dirs.flatMap((dir) => filesUnder(path.join(ROOT, dir), (file) => file.endsWith('.ts') && !file.endsWith('.test.ts')));

describe('the house rules of the code base', () => {
  it('loads no framework when a domain module is loaded (built output, as it runs)', () => {
    const modules = SERVICES.flatMap((service) =>
      filesUnder(path.join(ROOT, 'subgraphs', service, 'dist', 'domain'), (file) => file.endsWith('.js') && !file.endsWith('.test.js')),
    );
    expect(modules.length).toBeGreaterThan(5);
    const script = `
      for (const file of process.argv.slice(1)) require(file);
      console.log(JSON.stringify(Object.keys(require.cache)));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script, ...modules], { encoding: 'utf8', timeout: 60_000 })) as string[];
    const packages = [...new Set(loaded.filter((file) => file.includes('node_modules')).map((file) => file.split('node_modules/').pop() ?? file))];
    const offending = packages.filter((file) => FRAMEWORKS.some((name) => file.startsWith(`${name}/`)));
    expect(offending).toEqual([]);
  }, TIMEOUT.test);

  it('keeps application services free of transport: app/ imports no event consumer', () => {
    const offending = sources(...SERVICES.map((service) => `subgraphs/${service}/src/app`)).filter((file) =>
      /from '\.\.\/events\/(consumers\/|[\w-]+\.consumer')/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(offending.map((file) => path.relative(ROOT, file))).toEqual([]);
  }, TIMEOUT.test);

  it(`keeps every source file at most ${MAX_LINES} lines`, () => {
    const long = sources('gateway/src', 'subgraphs', 'schema/src', 'schema/events/src', 'e2e/src')
      .filter((file) => file.includes(`${path.sep}src${path.sep}`))
      .map((file) => ({ file: path.relative(ROOT, file), lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  }, TIMEOUT.test);
});
