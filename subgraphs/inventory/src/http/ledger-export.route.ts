import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '@stockgraph/domain';
import { ACTING_FOR_HEADER, type Authenticator, type Route, sendJson } from '@stockgraph/runtime';
import type { LedgerHistoryService, LedgerRange } from '../app/ledger-history.service';
import type { StockMovement } from '../domain/stock-movement';

const COLUMNS = [
  'id',
  'at',
  'sku',
  'locationId',
  'kind',
  'onHandDelta',
  'reservedDelta',
  'safetyStockDelta',
  'onHandAfter',
  'reservedAfter',
  'safetyStockAfter',
  'version',
  'reason',
  'reference',
  'actor',
  'reservationId',
] as const;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

function rowOf(movement: StockMovement): Row {
  return {
    id: movement.id,
    at: new Date(movement.createdAt).toISOString(),
    sku: movement.sku,
    locationId: movement.locationId,
    kind: movement.kind,
    onHandDelta: movement.delta.onHand,
    reservedDelta: movement.delta.reserved,
    safetyStockDelta: movement.delta.safetyStock,
    onHandAfter: movement.after.onHand,
    reservedAfter: movement.after.reserved,
    safetyStockAfter: movement.after.safetyStock,
    version: movement.after.version,
    reason: movement.reason,
    reference: movement.reference,
    actor: movement.actor,
    reservationId: movement.reservationId,
  };
}

/**
 * A CSV cell: quoted when it must be, and a text that a spreadsheet would run as a formula
 * (=, +, -, @ first) made inert with a leading quote — references and reasons are typed by
 * people and partners.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/**
 * `GET /ledger/export?format=ndjson|csv&locationId=&from=&to=`: the ledger's movements in
 * a range, in id order, streamed page by page (operations only; the gateway serves it as
 * `/ops/ledger-export`). Sums of the deltas per (sku, location) over a range that starts
 * with the level's first movement equal its level at `to` (`stockLevelAt`).
 */
export function ledgerExportRoute(history: LedgerHistoryService, authenticator: Authenticator): Route {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const format = query.get('format') ?? 'ndjson';
    let range: LedgerRange;
    try {
      if (format !== 'ndjson' && format !== 'csv')
        throw new DomainError('INVALID_FORMAT', 'format must be ndjson or csv', 'format');
      const actingFor = req.headers[ACTING_FOR_HEADER];
      const caller = await authenticator.callerOf(
        {
          authorization: req.headers.authorization,
          actingFor: typeof actingFor === 'string' ? actingFor : undefined,
        },
        { required: true },
      );
      range = history.exportRange(
        { locationId: query.get('locationId'), from: query.get('from'), to: query.get('to') },
        caller,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.category === 'UNAUTHENTICATED' ? 401 : error.category === 'FORBIDDEN' ? 403 : 400;
      sendJson(res, status, { error: error.message, code: String(error.code), field: error.field ?? null });
      return;
    }
    res.writeHead(200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="ledger-${range.locationId ?? 'all'}.${format}"`,
      'cache-control': 'no-store',
    });
    if (format === 'csv') res.write(`${COLUMNS.join(',')}\n`);
    const write = (page: readonly StockMovement[]) => {
      const text = page
        .map((movement) => {
          const row = rowOf(movement);
          return format === 'csv' ? COLUMNS.map((column) => csvCell(row[column])).join(',') : JSON.stringify(row);
        })
        .join('\n');
      // Waits while the client is slower than the database: memory holds one page at most.
      return new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error('the client went away'));
        if (res.write(`${text}\n`)) return resolve();
        const onDrain = () => {
          res.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          res.off('drain', onDrain);
          reject(new Error('the client went away'));
        };
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
    };
    try {
      await history.export(range, write);
      res.end();
    } catch (error) {
      // The status line has gone: the truncated body is all that can say so.
      res.destroy(error as Error);
    }
  };
  return { method: 'GET', path: '/ledger/export', handle };
}
