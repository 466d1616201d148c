import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { Transfer, TransferLine, TransferStatus } from '../domain/transfer';

interface TransferRow {
  id: string;
  source_id: string;
  destination_id: string;
  status: TransferStatus;
  reference: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface LineRow {
  transfer_id: string;
  sku: string;
  quantity: number;
  received: number;
  written_off: number;
}

const COLUMNS = 'id, source_id, destination_id, status, reference, created_by, created_at, updated_at';

/** Hand-written SQL over `transfers` and `transfer_lines`. */
export class TransferRepository {
  async insert(tx: Tx, transfer: Transfer): Promise<void> {
    await tx.execute(`INSERT INTO transfers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      transfer.id,
      transfer.sourceId,
      transfer.destinationId,
      transfer.status,
      transfer.reference,
      transfer.createdBy,
      transfer.createdAt,
      transfer.updatedAt,
    ]);
    await tx.execute(
      `INSERT INTO transfer_lines (transfer_id, sku, quantity, received, written_off) VALUES ${transfer.lines.map(() => '(?, ?, ?, 0, 0)').join(', ')}`,
      transfer.lines.flatMap((line) => [transfer.id, line.sku, line.quantity]),
    );
  }

  /** Locks the transfer's row for the rest of the transaction: its steps run one at a time. */
  async lock(tx: Tx, id: string): Promise<Transfer | null> {
    const [row] = await tx.select<TransferRow>(
      `SELECT ${COLUMNS} FROM transfers WHERE id = ?${dialectSql.forUpdate(tx)}`,
      [id],
    );
    return row ? ((await this.withLines(tx, [row]))[0] ?? null) : null;
  }

  /** Writes a step's result: the status and each line's received and written-off units. */
  async save(tx: Tx, transfer: Transfer): Promise<void> {
    await tx.execute('UPDATE transfers SET status = ?, updated_at = ? WHERE id = ?', [
      transfer.status,
      transfer.updatedAt,
      transfer.id,
    ]);
    for (const line of transfer.lines)
      await tx.execute('UPDATE transfer_lines SET received = ?, written_off = ? WHERE transfer_id = ? AND sku = ?', [
        line.received,
        line.writtenOff,
        transfer.id,
        line.sku,
      ]);
  }

  async findById(sql: Sql, id: string): Promise<Transfer | null> {
    const rows = await sql.select<TransferRow>(`SELECT ${COLUMNS} FROM transfers WHERE id = ?`, [id]);
    return (await this.withLines(sql, rows))[0] ?? null;
  }

  /** Newest first, touching any of `locationIds` (null: any location), in `status` when given. */
  async list(
    sql: Sql,
    filter: { locationIds: readonly string[] | null; status: TransferStatus | null },
    limit: number,
  ): Promise<Transfer[]> {
    if (filter.locationIds?.length === 0) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.locationIds) {
      const list = dialectSql.placeholders(filter.locationIds.length);
      where.push(`(source_id IN (${list}) OR destination_id IN (${list}))`);
      params.push(...filter.locationIds, ...filter.locationIds);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const rows = await sql.select<TransferRow>(
      `SELECT ${COLUMNS} FROM transfers${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    return this.withLines(sql, rows);
  }

  private async withLines(sql: Sql, rows: readonly TransferRow[]): Promise<Transfer[]> {
    if (rows.length === 0) return [];
    const lines = await sql.select<LineRow>(
      `SELECT transfer_id, sku, quantity, received, written_off FROM transfer_lines
        WHERE transfer_id IN (${dialectSql.placeholders(rows.length)}) ORDER BY transfer_id, sku`,
      rows.map((row) => row.id),
    );
    const byTransfer = new Map<string, TransferLine[]>();
    for (const line of lines)
      byTransfer.set(line.transfer_id, [
        ...(byTransfer.get(line.transfer_id) ?? []),
        {
          sku: line.sku,
          quantity: Number(line.quantity),
          received: Number(line.received),
          writtenOff: Number(line.written_off),
        },
      ]);
    return rows.map((row) => ({
      id: row.id,
      sourceId: row.source_id,
      destinationId: row.destination_id,
      status: row.status,
      reference: row.reference,
      createdBy: row.created_by,
      lines: byTransfer.get(row.id) ?? [],
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }
}
