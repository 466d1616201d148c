import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Long enough to pass any password rule, short enough to type from the start-up banner. */
const MIN_LENGTH = 10;

/**
 * The one password of every demo user (`alice`, `ops`, …) on a development machine:
 * DEMO_PASSWORD when set, otherwise made at first start and kept under DATA_DIR (owner
 * only) so the gateway, the accounts service and the start-up banner agree on it. A
 * development machine is still reachable by others on its network; a password nobody
 * chose is what keeps the demo users from being everyone's.
 */
export function demoPassword(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined) {
    if (configured.length < MIN_LENGTH) throw new Error(`DEMO_PASSWORD must be at least ${MIN_LENGTH} characters`);
    return configured;
  }
  const file = path.resolve(dataDir, 'auth', 'demo-password');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(candidate, `demo-${randomBytes(9).toString('base64url')}\n`, { mode: 0o600 });
  try {
    // Processes starting together on one DATA_DIR: the first link wins, the others read it.
    fs.linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
