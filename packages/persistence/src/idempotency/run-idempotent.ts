import type { Database, Tx } from '../database';
import { isDuplicateKeyError } from '../db-errors';
import { type Caller, DomainError } from '@stockgraph/domain';
import { requestHash } from './request-hash';

export type IdempotencyErrorCode = 'IDEMPOTENCY_KEY_INVALID' | 'IDEMPOTENCY_KEY_REUSED';

export interface IdempotentRequest {
  /** The operation, such as `reserveStock`: one key may be used once per scope. */
  scope: string;
  key: string;
  /**
   * Who asked. A key is the caller's own: the same key from another identity (another
   * subject, or the same subject with other roles or locations) is another request, so
   * nobody replays someone else's stored answer, nor spends their key.
   */
  caller: Caller;
  /** What the caller asked for; a second use of the key must ask for exactly this. */
  request: unknown;
  /** How long the stored response is kept. */
  ttlMs?: number;
}

const MAX_KEY_LENGTH = 200;
const INSERT_KEY =
  'INSERT INTO idempotency_keys (scope, idem_key, request_hash, response, created_at, expires_at) VALUES (?, ?, ?, NULL, ?, ?)';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Thrown inside the transaction when the key exists, to roll it back before replaying. */
class KeyTaken extends Error {}

/**
 * Runs `work` at most once per (scope, key). The key row is inserted first in the same
 * transaction as the work, so a concurrent duplicate blocks on the unique key until the
 * first commits, then replays its stored response. Same key and same request: the stored
 * response. Same key, different request: `IDEMPOTENCY_KEY_REUSED`. Work that throws
 * stores nothing, so a retry runs again. Results must be JSON; the first caller gets the
 * same JSON round-trip as a replay, so both see identical values.
 */
export async function runIdempotent<T>(
  db: Database,
  { scope, key: callerKey, caller, request, ttlMs = DAY_MS }: IdempotentRequest,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (callerKey.length === 0 || callerKey.length > MAX_KEY_LENGTH) {
    throw new DomainError<IdempotencyErrorCode>(
      'IDEMPOTENCY_KEY_INVALID',
      `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters; a UUID per logical request is a good choice`,
      'idempotencyKey',
    );
  }
  const hash = requestHash(request);
  const key = storedKey(caller, callerKey);
  try {
    return await db.transaction(async (tx) => {
      const now = Date.now();
      try {
        await tx.execute(INSERT_KEY, [scope, key, hash, now, now + ttlMs]);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // The duplicate check left a shared lock on the row. Concurrent duplicates that all
        // went on to DELETE it would each wait to upgrade that lock for the others: a
        // deadlock (seen with 20 at once). So look first, without locking, and only try to
        // take over a key that is really past its retention.
        const [taken] = await tx.select<{ expires_at: number | string }>(
          'SELECT expires_at FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
          [scope, key],
        );
        if (!taken || Number(taken.expires_at) > now) throw new KeyTaken();
        // A key past its retention that the purge has not reached yet is free again.
        const freed = await tx.execute(
          'DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND expires_at <= ?',
          [scope, key, now],
        );
        if (freed === 0) throw new KeyTaken();
        await tx.execute(INSERT_KEY, [scope, key, hash, now, now + ttlMs]);
      }
      const response = JSON.stringify(await work(tx));
      tx.defer('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND idem_key = ?', [response, scope, key]);
      return JSON.parse(response) as T;
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    return replay<T>(db, scope, key, hash, callerKey);
  }
}

/** The row's key: the caller's key under their identity, hashed to the column's size. */
function storedKey(caller: Caller, key: string): string {
  return requestHash({
    subject: caller.subject,
    roles: [...caller.roles].sort(),
    locations: [...caller.locations].sort(),
    key,
  });
}

async function replay<T>(db: Database, scope: string, key: string, hash: string, callerKey: string): Promise<T> {
  const [row] = await db.read((sql) =>
    sql.select<{ request_hash: string; response: string | null }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE scope = ? AND idem_key = ?',
      [scope, key],
    ),
  );
  if (row && row.request_hash !== hash) {
    throw new DomainError<IdempotencyErrorCode>(
      'IDEMPOTENCY_KEY_REUSED',
      `idempotencyKey "${callerKey}" was already used for a different ${scope} request; use a new key for a new request`,
      'idempotencyKey',
      'CONFLICT',
    );
  }
  if (!row || row.response === null) {
    // The row vanished (purged) or was never completed: neither happens after a commit
    // within the retention window, so this is a genuine internal fault.
    throw new Error(`idempotency record ${scope}/${callerKey} has no stored response`);
  }
  return JSON.parse(row.response) as T;
}

/** Deletes keys past their retention; returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Database, now = Date.now()): Promise<number> {
  return db.transaction((tx) => tx.execute('DELETE FROM idempotency_keys WHERE expires_at <= ?', [now]));
}
