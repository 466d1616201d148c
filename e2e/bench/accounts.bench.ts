import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { startEmbeddedStack } from '../src';
import { formatMs, type LatencySummary, summarize } from './support/stats';

export interface AccountsBenchResult {
  scryptLogN: number;
  register: LatencySummary;
  signIn: LatencySummary;
  /** A wrong password for an account that exists, and the same for an email nobody has: they must not differ. */
  wrongPassword: LatencySummary;
  unknownEmail: LatencySummary;
  /** A locked email is refused before any hash. */
  locked: LatencySummary;
  refresh: LatencySummary;
}

const SESSION = '{ refreshToken }';

async function call(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function timed<T>(work: () => Promise<T>, samples: number[]): Promise<T> {
  const start = performance.now();
  const result = await work();
  samples.push(performance.now() - start);
  return result;
}

/**
 * Seed 004's accounts at their production cost (scrypt N = 2^17), one caller at a time
 * through the gateway: what a sign-up, a sign-in and a refresh cost, and whether a wrong
 * password and an unknown email can be told apart by their timing (they are interleaved,
 * so the machine's load falls on both alike).
 */
export async function runAccountsBench(options: { rounds: number }): Promise<AccountsBenchResult> {
  const scryptLogN = 17;
  const stack = await startEmbeddedStack({
    ACCOUNTS_SCRYPT_LOG_N: String(scryptLogN),
    ACCOUNTS_LOCK_AFTER_FAILURES: '1000',
  });
  const url = `${stack.origin}/graphql`;
  const samples = {
    register: [] as number[],
    signIn: [] as number[],
    wrongPassword: [] as number[],
    unknownEmail: [] as number[],
    locked: [] as number[],
    refresh: [] as number[],
  };
  try {
    const password = 'a bench passphrase';
    const emails: string[] = [];
    for (let i = 0; i < options.rounds; i += 1) {
      const email = `bench-${randomUUID()}@example.com`;
      emails.push(email);
      await timed(
        () => call(url, `mutation ($i: RegisterInput!) { register(input: $i) ${SESSION} }`, { i: { email, password } }),
        samples.register,
      );
    }
    const signIn = (email: string, given: string) =>
      call(url, `mutation ($i: SignInInput!) { signIn(input: $i) ${SESSION} }`, { i: { email, password: given } });
    for (const email of emails) {
      await timed(() => signIn(email, 'not the password'), samples.wrongPassword);
      await timed(() => signIn(`nobody-${randomUUID()}@example.com`, 'not the password'), samples.unknownEmail);
      const answer = await timed(() => signIn(email, password), samples.signIn);
      const token = (answer.data as { signIn?: { refreshToken: string } } | null)?.signIn?.refreshToken ?? '';
      await timed(
        () => call(url, `mutation ($r: String!) { refreshSession(refreshToken: $r) ${SESSION} }`, { r: token }),
        samples.refresh,
      );
    }
  } finally {
    await stack.stop();
  }
  // A second stack where 20 failures lock: the refusals of a locked email cost no hash.
  {
    const locking = await startEmbeddedStack({ ACCOUNTS_SCRYPT_LOG_N: String(scryptLogN) });
    try {
      const lockedUrl = `${locking.origin}/graphql`;
      const victim = `victim-${randomUUID()}@example.com`;
      const guess = () =>
        call(lockedUrl, `mutation ($i: SignInInput!) { signIn(input: $i) ${SESSION} }`, {
          i: { email: victim, password: 'a wrong guess' },
        });
      for (let i = 0; i < 20; i += 1) await guess();
      for (let i = 0; i < options.rounds; i += 1) await timed(guess, samples.locked);
    } finally {
      await locking.stop();
    }
  }
  return {
    scryptLogN,
    register: summarize(samples.register),
    signIn: summarize(samples.signIn),
    wrongPassword: summarize(samples.wrongPassword),
    unknownEmail: summarize(samples.unknownEmail),
    locked: summarize(samples.locked),
    refresh: summarize(samples.refresh),
  };
}

export function printAccountsBench(result: AccountsBenchResult): void {
  const line = (name: string, s: LatencySummary) =>
    `${name.padEnd(34)} p50 ${formatMs(s.p50)}, p99 ${formatMs(s.p99)} (${s.count})\n`;
  process.stdout.write(`scrypt N = 2^${result.scryptLogN}, r 8, p 1; one caller at a time through the gateway\n`);
  process.stdout.write(line('register', result.register));
  process.stdout.write(line('signIn, right password', result.signIn));
  process.stdout.write(line('signIn, wrong password', result.wrongPassword));
  process.stdout.write(line('signIn, unknown email', result.unknownEmail));
  process.stdout.write(
    `unknown ÷ wrong password, p50: ${(result.unknownEmail.p50 / result.wrongPassword.p50).toFixed(2)}\n`,
  );
  process.stdout.write(line('signIn, locked email (no hash)', result.locked));
  process.stdout.write(line('refreshSession', result.refresh));
}
