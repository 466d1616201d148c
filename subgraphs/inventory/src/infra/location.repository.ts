import { dialectSql, Sql } from '@stockgraph/shared';
import type { Location } from '../domain/location';

interface LocationRow {
  id: string;
  name: string;
  kind: Location['kind'];
  region: string;
  priority: number;
}

const toLocation = (row: LocationRow): Location => ({ ...row, priority: Number(row.priority) });

export class LocationRepository {
  async all(sql: Sql): Promise<Location[]> {
    const rows = await sql.select<LocationRow>('SELECT id, name, kind, region, priority FROM locations ORDER BY priority, id');
    return rows.map(toLocation);
  }

  async findByIds(sql: Sql, ids: readonly string[]): Promise<Location[]> {
    if (ids.length === 0) return [];
    const rows = await sql.select<LocationRow>(
      `SELECT id, name, kind, region, priority FROM locations WHERE id IN (${dialectSql.placeholders(ids.length)})`,
      ids,
    );
    return rows.map(toLocation);
  }
}
