import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (where turbo.json is), whether running from sources or from dist. */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'turbo.json'))) return dir;
  }
  throw new Error(`no turbo.json above ${__dirname}`);
})();

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, as far as the service can tell. */
  kill(): Promise<void>;
}

/**
 * Gateway limits off for test stacks: every test client connects from 127.0.0.1, mostly
 * without a token, so to the gateway a whole suite is one identity, and the limits sized
 * for one shopper would refuse suites about something else. Suites about the limits set
 * their own.
 */
export const UNLIMITED_GATEWAY: Record<string, string> = {
  RATE_LIMIT_POINTS: '0',
  SIGN_IN_RATE_LIMIT_POINTS: '0',
  WS_CONNECTIONS_PER_IDENTITY: '0',
};

/** The demo users' password in every test stack (DEMO_PASSWORD), so tests sign in as `npm start`'s users do. */
export const TEST_DEMO_PASSWORD = 'e2e-demo-password';

/**
 * Accounts in test stacks: the demo password, and scrypt at the cheapest cost the service
 * accepts (16 MiB rather than 128): suites sign in hundreds of times, and what they test is
 * who may, not how long a hash takes (the cost is the benchmark's subject).
 */
export const TEST_ACCOUNTS_ENV: Record<string, string> = {
  DEMO_PASSWORD: TEST_DEMO_PASSWORD,
  ACCOUNTS_SCRYPT_LOG_N: '14',
};

/**
 * Notes a test run's process where the run's teardown finds it (packages/testing's
 * test-run.ts sets STOCKGRAPH_TEST_PROCESS_DIR), so none outlives the run; returns the undo.
 */
function noteProcess(pid: number | undefined): () => void {
  const dir = process.env.STOCKGRAPH_TEST_PROCESS_DIR;
  if (!dir || pid === undefined) return () => undefined;
  const file = path.join(dir, String(pid));
  fs.writeFileSync(file, '');
  return () => fs.rmSync(file, { force: true });
}

/** Runs a built service entry point (`<dir>/dist/<file>`) as its own process. */
export function startServiceProcess(name: string, entry: string, env: Record<string, string>): ServiceProcess {
  const script = path.join(REPO_ROOT, entry);
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  // SERVICE_NODE_ARGS passes Node flags to every service, e.g. --cpu-prof when profiling a benchmark.
  const nodeArgs = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // E2E_SERVICE_LOG_DIR keeps every line of every service, for a failure whose cause
  // scrolled out of the 20 kB kept for the message (one file per service, appended).
  const logDir = process.env.E2E_SERVICE_LOG_DIR;
  const logFile = logDir ? path.join(logDir, `${name}.log`) : null;
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (logFile) fs.appendFileSync(logFile, chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const forget = noteProcess(child.pid);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      forget();
      resolve();
    }),
  );
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name,
    child,
    output: () => output,
    stop: () => signal('SIGTERM', 10_000),
    kill: () => signal('SIGKILL', 0),
  };
}

/** Polls `url` until it answers 200, failing with the process output after `timeoutMs`. */
export async function waitUntilReady(service: ServiceProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${service.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${service.name} not ready at ${url} within ${timeoutMs} ms:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
