import type { Sql, Tx } from '@stockgraph/persistence';
import type { StoreApiKey } from '../domain/store-api-key';

interface StoreApiKeyRow {
  id: string;
  location_id: string;
  label: string | null;
  created_at: number | string;
  created_by: string;
  revoked_at: number | string | null;
  revoked_by: string | null;
}

const COLUMNS = 'id, location_id, label, created_at, created_by, revoked_at, revoked_by';

const toKey = (row: StoreApiKeyRow): StoreApiKey => ({
  id: row.id,
  locationId: row.location_id,
  label: row.label,
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  revokedBy: row.revoked_by,
});

/** Store API keys; the secret hash is read only by `findSecret`, so nothing else can leak it. */
export class StoreApiKeyRepository {
  async insert(tx: Tx, key: StoreApiKey, secretHash: string): Promise<void> {
    await tx.execute(`INSERT INTO store_api_keys (${COLUMNS}, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      key.id,
      key.locationId,
      key.label,
      key.createdAt,
      key.createdBy,
      key.revokedAt,
      key.revokedBy,
      secretHash,
    ]);
  }

  async find(sql: Sql, id: string): Promise<StoreApiKey | null> {
    const [row] = await sql.select<StoreApiKeyRow>(`SELECT ${COLUMNS} FROM store_api_keys WHERE id = ?`, [id]);
    return row ? toKey(row) : null;
  }

  /** What verifying a key needs: where it is valid, whether it is revoked, and its secret's hash. */
  async findSecret(
    sql: Sql,
    id: string,
  ): Promise<{ locationId: string; revokedAt: number | null; secretHash: string } | null> {
    const [row] = await sql.select<{ location_id: string; revoked_at: number | string | null; secret_hash: string }>(
      'SELECT location_id, revoked_at, secret_hash FROM store_api_keys WHERE id = ?',
      [id],
    );
    return row
      ? {
          locationId: row.location_id,
          revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
          secretHash: row.secret_hash,
        }
      : null;
  }

  /** Keys of one location, or of all, oldest first. */
  async list(sql: Sql, locationId: string | null): Promise<StoreApiKey[]> {
    const rows =
      locationId === null
        ? await sql.select<StoreApiKeyRow>(`SELECT ${COLUMNS} FROM store_api_keys ORDER BY location_id, created_at, id`)
        : await sql.select<StoreApiKeyRow>(
            `SELECT ${COLUMNS} FROM store_api_keys WHERE location_id = ? ORDER BY created_at, id`,
            [locationId],
          );
    return rows.map(toKey);
  }

  /**
   * Revokes a key unless it already is: the guard is in the statement, so of concurrent
   * revocations exactly one writes and the first time and actor stay. Returns whether this one did.
   */
  async revoke(tx: Tx, id: string, now: number, actor: string): Promise<boolean> {
    const changed = await tx.execute(
      'UPDATE store_api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
      [now, actor, id],
    );
    return changed > 0;
  }
}
