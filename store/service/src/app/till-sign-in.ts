import { createHash, randomBytes } from 'node:crypto';
import { type Caller, DomainError, forbidden, hasRole } from '@stockgraph/domain';
import type { Database } from '@stockgraph/persistence';
import type { PasswordHasher } from '@stockgraph/runtime';
import { type CashierErrorCode, requireCashierName, requirePinShape } from '../domain/cashier';
import type { CashierRepository } from '../infra/cashier.repository';

export interface TillSignInPolicy {
  /** How long a till stays signed in: a shift. */
  sessionMs: number;
  /** Wrong PINs in a row that lock a cashier, and for how long. */
  maxFailures: number;
  lockMs: number;
}

export interface TillSession {
  token: string;
  cashier: string;
  expiresAt: number;
}

/** Local till session tokens: `tls_` and 32 random bytes; only their hash is stored. */
const TOKEN_SHAPE = /^tls_[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether an `Authorization` value carries a till session rather than a central token. */
export function isTillSessionToken(token: string): boolean {
  return token.startsWith('tls_');
}

const cashierError = (code: CashierErrorCode, message: string, category: 'UNAUTHENTICATED') =>
  new DomainError<CashierErrorCode>(code, message, undefined, category);

/**
 * Cashiers sign the till in against this store service, never the centre: the PIN is
 * checked against a hash kept here, and the session is this store's own, so a till signs
 * in and stays signed in for a whole shift whether or not the link to the centre is up.
 * The store service's own central credentials (its API key's short-lived tokens) never
 * reach the page.
 */
export class TillSignIn {
  constructor(
    private readonly db: Database,
    private readonly cashiers: CashierRepository,
    private readonly hasher: PasswordHasher,
    private readonly locationId: string,
    private readonly policy: TillSignInPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  async signIn(name: string, pin: string): Promise<TillSession> {
    requireCashierName(name, 'cashier');
    requirePinShape(pin);
    const cashier = await this.db.read((sql) => this.cashiers.cashier(sql, name));
    if (cashier?.lockedUntil && cashier.lockedUntil > this.clock()) throw this.locked(cashier.lockedUntil);
    const matches = cashier
      ? await this.hasher.verify(pin, cashier.pinHash)
      : (await this.hasher.verifyAgainstNobody(pin), false);
    const now = this.clock();
    if (!cashier || !matches) {
      if (cashier)
        await this.db.transaction((tx) =>
          this.cashiers.recordFailure(tx, cashier.name, this.policy.maxFailures, now + this.policy.lockMs),
        );
      throw cashierError('INVALID_CREDENTIALS', 'that cashier name or PIN is wrong', 'UNAUTHENTICATED');
    }
    const token = `tls_${randomBytes(32).toString('base64url')}`;
    const expiresAt = now + this.policy.sessionMs;
    await this.db.transaction(async (tx) => {
      await this.cashiers.clearFailures(tx, cashier.name);
      await this.cashiers.openSession(tx, hashOf(token), cashier.name, now, expiresAt);
    });
    return { token, cashier: cashier.name, expiresAt };
  }

  /** The caller a till session stands for: store staff of this shop. Null when it is unknown, ended or expired. */
  async callerOf(token: string): Promise<Caller | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const session = await this.db.read((sql) => this.cashiers.session(sql, hashOf(token)));
    if (!session || session.endedAt !== null || session.expiresAt <= this.clock()) return null;
    return { subject: `cashier:${session.cashier}`, roles: ['store'], locations: [this.locationId] };
  }

  async signOut(token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    return this.db.transaction((tx) => this.cashiers.endSession(tx, hashOf(token), this.clock()));
  }

  /** Adds a cashier or sets a new PIN: for the shop's managers (a central store token for this location) and ops, never a till session. */
  async setCashier(caller: Caller, name: string, pin: string): Promise<void> {
    this.requireManager(caller);
    requireCashierName(name);
    requirePinShape(pin);
    const pinHash = await this.hasher.hash(pin);
    await this.db.transaction((tx) => this.cashiers.save(tx, name, pinHash, this.clock()));
  }

  async removeCashier(caller: Caller, name: string): Promise<boolean> {
    this.requireManager(caller);
    requireCashierName(name);
    return this.db.transaction((tx) => this.cashiers.remove(tx, name, this.clock()));
  }

  async cashierNames(caller: Caller): Promise<string[]> {
    this.requireManager(caller);
    return this.db.read((sql) => this.cashiers.names(sql));
  }

  private requireManager(caller: Caller): void {
    if (caller.subject?.startsWith('cashier:'))
      throw forbidden(
        'cashiers are managed with a central store token for this shop (or by ops), not from a till session',
      );
    if (!hasRole(caller, 'ops') && !(hasRole(caller, 'store') && caller.locations.includes(this.locationId)))
      throw forbidden(`cashiers of ${this.locationId} are managed by its own staff or ops`);
  }

  private locked(until: number): DomainError<CashierErrorCode> {
    const minutes = Math.max(1, Math.ceil((until - this.clock()) / 60_000));
    return cashierError(
      'CASHIER_LOCKED',
      `too many wrong PINs for this cashier: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a manager to set a new PIN`,
      'UNAUTHENTICATED',
    );
  }
}
