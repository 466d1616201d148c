import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TIMEOUT } from '../src';

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['catalog', 'inventory', 'order'];
/** What a domain rule must never load, even indirectly: frameworks and transports. */
const FRAMEWORKS = ['typeorm', 'type-graphql', 'graphql', 'kafkajs', 'ioredis', '@apollo', 'mysql2', 'better-sqlite3'];
/** What the gateway, which owns no data, must never load. */
const DATABASE_LAYER = ['typeorm', 'mysql2', 'better-sqlite3', 'type-graphql'];
const MAX_LINES = 300;

/** Every workspace of the root package.json, as a folder relative to the root. */
const WORKSPACES = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`))
    .filter(keep)
    .sort();
}

const built = (file: string) => file.includes(`${path.sep}dist${path.sep}`);
const sources = (...dirs: string[]) =>
  dirs.flatMap((dir) =>
    filesUnder(path.join(ROOT, dir), (file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts') && !built(file)),
  );

/** The node_modules packages a fresh Node process has loaded after requiring `modules`. */
function packagesLoadedBy(modules: string[]): string[] {
  const script = `
    for (const file of process.argv.slice(1)) require(file);
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const loaded = JSON.parse(
    execFileSync(process.execPath, ['-e', script, ...modules], { encoding: 'utf8', timeout: 60_000 }),
  ) as string[];
  return [
    ...new Set(
      loaded.filter((file) => file.includes('node_modules')).map((file) => file.split('node_modules/').pop() ?? file),
    ),
  ];
}

/** The workspace folder a file belongs to (the longest workspace path that holds it). */
function workspaceOf(file: string): string | undefined {
  const relative = path.relative(ROOT, file);
  return WORKSPACES.filter((ws) => relative.startsWith(`${ws}/`)).sort((a, b) => b.length - a.length)[0];
}

describe('the house rules of the code base', () => {
  it(
    'loads no framework when a domain module is loaded (built output, as it runs)',
    () => {
      const modules = [
        ...SERVICES.flatMap((service) =>
          filesUnder(path.join(ROOT, 'subgraphs', service, 'dist', 'domain'), (file) => file.endsWith('.js')),
        ),
        path.join(ROOT, 'packages/domain/dist/index.js'),
      ];
      expect(modules.length).toBeGreaterThan(5);
      const offending = packagesLoadedBy(modules).filter((file) =>
        FRAMEWORKS.some((name) => file.startsWith(`${name}/`)),
      );
      expect(offending).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    'keeps the gateway free of the database layer: no ORM, no driver, no type-graphql (built output, as it runs)',
    () => {
      const loaded = packagesLoadedBy([path.join(ROOT, 'gateway/dist/index.js')]);
      // The gateway really is loaded: its own HTTP stack is in the list.
      expect(loaded.some((file) => file.startsWith('@apollo/gateway/'))).toBe(true);
      expect(loaded.filter((file) => DATABASE_LAYER.some((name) => file.startsWith(`${name}/`)))).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    'reaches another package only by its name: no relative path into another workspace’s source or build',
    () => {
      const files = WORKSPACES.flatMap((ws) =>
        filesUnder(
          path.join(ROOT, ws),
          (file) => /\.(tsx?|mjs|cjs|js)$/.test(file) && !built(file) && !file.endsWith('jest.config.js'),
        ).filter((file) => workspaceOf(file) === ws),
      );
      expect(files.length).toBeGreaterThan(300);
      const crossings = files.flatMap((file) => {
        const own = workspaceOf(file);
        return [...fs.readFileSync(file, 'utf8').matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)].flatMap(
          ([, relative]) => {
            const target = path.resolve(path.dirname(file), relative);
            const owner = workspaceOf(target);
            const intoCode = /\/(src|dist)(\/|$)/.test(path.relative(ROOT, target));
            return owner !== undefined && owner !== own && intoCode
              ? [`${path.relative(ROOT, file)} → ${relative}`]
              : [];
          },
        );
      });
      expect(crossings).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    'gives every shared package an explicit public surface: an index.ts with named exports only',
    () => {
      const packages = WORKSPACES.filter((ws) => ws.startsWith('packages/'));
      expect(packages.length).toBeGreaterThanOrEqual(5);
      for (const pkg of packages) {
        const index = fs.readFileSync(path.join(ROOT, pkg, 'src/index.ts'), 'utf8');
        expect({ pkg, wildcard: /export \* from/.test(index) }).toEqual({ pkg, wildcard: false });
      }
    },
    TIMEOUT.test,
  );

  it(
    'keeps application services free of transport: app/ imports no event consumer',
    () => {
      const offending = sources(...SERVICES.map((service) => `subgraphs/${service}/src/app`)).filter((file) =>
        /from '\.\.\/events\/(consumers\/|[\w-]+\.consumer')/.test(fs.readFileSync(file, 'utf8')),
      );
      expect(offending.map((file) => path.relative(ROOT, file))).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    `keeps every source file at most ${MAX_LINES} lines`,
    () => {
      const long = sources(...WORKSPACES)
        .filter((file) => file.includes(`${path.sep}src${path.sep}`) && !file.includes(`${path.sep}gql${path.sep}`))
        .map((file) => ({
          file: path.relative(ROOT, file),
          lines: fs.readFileSync(file, 'utf8').split('\n').length - 1,
        }))
        .filter(({ lines }) => lines > MAX_LINES);
      expect(long).toEqual([]);
    },
    TIMEOUT.test,
  );
});
