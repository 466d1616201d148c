import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/** scrypt's cost as stored beside each hash, so raising it later still verifies old hashes. */
export interface ScryptCost {
  /** log2 of N, the CPU/memory cost: memory is 128 · 2^logN · r bytes (17 → 128 MiB with r = 8). */
  logN: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (2024 password storage cheat sheet): N = 2^17, r = 8, p = 1. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** cost.logN,
    r: cost.r,
    p: cost.p,
    // Node refuses anything above 32 MiB unless told; allow what this cost needs and a margin.
    maxmem: 256 * 2 ** cost.logN * cost.r,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Password hashes with scrypt (memory-hard, in Node's own OpenSSL: no native package to
 * build), stored as `scrypt$logN$r$p$salt$hash`. Each hash holds 2^logN · r · 128 bytes for
 * tens of milliseconds on the libuv pool, so at most `concurrency` run at once and at most
 * `queue` wait; a burst beyond that is refused at once (the error `busy` makes) rather
 * than letting sign-ins take the memory and the pool from everything else. Shared by the
 * accounts service (customers) and the store service (cashiers).
 */
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private dummy: Promise<string> | null = null;

  constructor(
    private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST,
    private readonly busy: () => Error,
    private readonly concurrency = 2,
    private readonly queue = 64,
  ) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await this.bounded(() => derive(password, salt, this.cost));
    const { logN, r, p } = this.cost;
    return `scrypt$${logN}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  /** Whether `password` matches `stored`; a hash this class cannot read never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    if (!parsed) return false;
    const key = await this.bounded(() => derive(password, parsed.salt, parsed.cost));
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  /**
   * The same work as checking a password against a real account, for an email that has
   * none: an unknown email must take as long as a wrong password, or timing tells.
   */
  async verifyAgainstNobody(password: string): Promise<void> {
    this.dummy ??= this.hash(randomBytes(18).toString('base64url'));
    await this.verify(password, await this.dummy);
  }

  /** Whether a stored hash was made with less than today's cost (rehash it at the next sign-in). */
  isOutdated(stored: string): boolean {
    const parsed = parseHash(stored);
    return !parsed || parsed.cost.logN < this.cost.logN || parsed.cost.r < this.cost.r;
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw this.busy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; only when nobody waits is it freed.
      if (next) next();
      else this.running -= 1;
    }
  }
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16)
    return null;
  return {
    cost: { logN, r, p },
    salt: Buffer.from(parts[4], 'base64url'),
    key: Buffer.from(parts[5], 'base64url'),
  };
}
