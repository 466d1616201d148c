import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { Location } from '../domain/location';

interface LocationRow {
  id: string;
  name: string;
  kind: Location['kind'];
  region: string;
  priority: number;
}

const toLocation = (row: LocationRow): Location => ({ ...row, priority: Number(row.priority) });

/** How long the list of locations is reused: it changes rarely, and is read on every reservation. */
const CACHE_MS = 5000;

export class LocationRepository {
  private cached: { at: number; locations: Location[] } | undefined;

  /** Every location, by priority; read at most once per CACHE_MS unless `fresh` (`now` is the caller's clock). */
  async all(sql: Sql, now = Date.now(), { fresh = false } = {}): Promise<Location[]> {
    if (!fresh && this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at) return this.cached.locations;
    const rows = await sql.select<LocationRow>(
      'SELECT id, name, kind, region, priority FROM locations ORDER BY priority, id',
    );
    this.cached = { at: now, locations: rows.map(toLocation) };
    return this.cached.locations;
  }

  async findByIds(sql: Sql, ids: readonly string[]): Promise<Location[]> {
    if (ids.length === 0) return [];
    const rows = await sql.select<LocationRow>(
      `SELECT id, name, kind, region, priority FROM locations WHERE id IN (${dialectSql.placeholders(ids.length)})`,
      ids,
    );
    return rows.map(toLocation);
  }

  /** Creates or changes a location; the cached list is dropped once the transaction commits. */
  async upsert(tx: Tx, location: Location, now: number): Promise<void> {
    await tx.execute(
      'INSERT INTO locations (id, name, kind, region, priority, created_at) VALUES (?, ?, ?, ?, ?, ?)' +
        dialectSql.onConflictUpdate(tx, ['id'], ['name', 'kind', 'region', 'priority']),
      [location.id, location.name, location.kind, location.region, location.priority, now],
    );
    tx.afterCommit(() => {
      this.cached = undefined;
    });
  }
}
