// Runs after `npm install` / `npm ci` (the root's postinstall). better-sqlite3 ships no binary
// in its package: prebuild-install downloads one from GitHub, and where that cannot be reached
// (this project's machines reach only the npm registry) node-gyp compiles SQLite, a minute and
// a half of one core on every install. prebuild-install looks in its own cache under the npm
// cache before downloading, keyed by the download address (package version, Node ABI,
// platform, arch, libc). Putting the binary just compiled there, packed as the download would
// be, lets every later install on this machine unpack it in a second. Nothing is cached when
// the binary came from that cache or a download already.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ADDONS = [{ name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node' }];

function packageDir(name, from) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  } catch {
    return null;
  }
}

for (const addon of ADDONS) {
  const dir = packageDir(addon.name, process.cwd());
  const installer = dir && packageDir('prebuild-install', dir);
  if (!dir || !installer || !fs.existsSync(path.join(dir, addon.binary))) continue;
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // prebuild-install's own settings and naming, so the address (and the cache key) is the one it will ask for.
  const settings = require(path.join(installer, 'rc.js'))(pkg);
  const { cachedPrebuild, getDownloadUrl } = require(path.join(installer, 'util.js'));
  const cached = cachedPrebuild(getDownloadUrl({ ...settings, pkg }));
  if (fs.existsSync(cached)) continue;
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  try {
    execFileSync('tar', ['-czf', partial, '-C', dir, addon.binary]);
    fs.renameSync(partial, cached);
    console.log(`kept the ${addon.name} binary compiled here for later installs: ${cached}`);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    console.warn(`could not keep the ${addon.name} binary (the next install compiles it again): ${error.message}`);
  }
}
