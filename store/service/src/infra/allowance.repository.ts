import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';

/** The store's allowance per sku as the centre last granted it (what it has not yet been told was sold included). */
export class AllowanceRepository {
  /** Locks the rows on MariaDB (SQLite serialises writers anyway), so two tills cannot both spend the same unit. */
  async lock(tx: Tx, skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await tx.select<{ sku: string; quantity: number | string }>(
      `SELECT sku, quantity FROM allowances WHERE sku IN (${dialectSql.placeholders(skus.length)}) ORDER BY sku${dialectSql.forUpdate(tx)}`,
      skus,
    );
    return new Map(rows.map((row) => [row.sku, Number(row.quantity)]));
  }

  async all(sql: Sql): Promise<Map<string, number>> {
    const rows = await sql.select<{ sku: string; quantity: number | string }>(
      'SELECT sku, quantity FROM allowances ORDER BY sku',
    );
    return new Map(rows.map((row) => [row.sku, Number(row.quantity)]));
  }

  /** Sets allowances to what the centre answered. */
  save(tx: Tx, allowances: ReadonlyArray<{ sku: string; quantity: number }>, now: number): void {
    if (allowances.length === 0) return;
    tx.defer(
      `INSERT INTO allowances (sku, quantity, updated_at) VALUES ${allowances.map(() => '(?, ?, ?)').join(', ')}` +
        dialectSql.onConflictUpdate(tx, ['sku'], ['quantity', 'updated_at']),
      allowances.flatMap((a) => [a.sku, a.quantity, now]),
    );
  }

  /** Takes units a synced sale consumed centrally off the local copy (never below zero). */
  consume(tx: Tx, sku: string, units: number, now: number): void {
    if (units === 0) return;
    tx.defer(
      'UPDATE allowances SET quantity = CASE WHEN quantity > ? THEN quantity - ? ELSE 0 END, updated_at = ? WHERE sku = ?',
      [units, units, now, sku],
    );
  }
}
