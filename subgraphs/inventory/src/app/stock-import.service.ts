import { type Caller, DomainError } from '@stockgraph/domain';
import { InventoryError } from '../domain/errors';
import { ImportFileProblem, type ImportRow, parseStockImport } from '../domain/stock-import';
import type { AdjustManyResult, StockAdjustmentService } from './stock-adjustment.service';

/**
 * A row's fate: APPLIED (or WOULD_APPLY in a dry run); REFUSED by a stock rule or bad
 * input; INVALID as CSV; NOT_APPLIED because another row was refused (all or nothing).
 */
export type ImportOutcomeKind = 'APPLIED' | 'WOULD_APPLY' | 'REFUSED' | 'INVALID' | 'NOT_APPLIED';

export interface ImportOutcome {
  line: number;
  sku: string | null;
  locationId: string | null;
  outcome: ImportOutcomeKind;
  code: string | null;
  message: string | null;
  onHandBefore: number | null;
  onHandAfter: number | null;
  safetyStockAfter: number | null;
}

export interface ImportResult {
  dryRun: boolean;
  /** True when every row was applied; a dry run never applies. */
  applied: boolean;
  rows: ImportOutcome[];
}

/**
 * A bulk import of counts and adjustments from CSV: every row read and checked, then all
 * applied in one transaction (as `adjustStocks`, with its idempotency key) or none. A dry
 * run answers what each row would do now and changes nothing.
 */
export class StockImportService {
  constructor(private readonly adjustments: StockAdjustmentService) {}

  async import(csv: string, dryRun: boolean, idempotencyKey: string, caller: Caller): Promise<ImportResult> {
    let rows: ImportRow[];
    try {
      rows = parseStockImport(csv);
    } catch (error) {
      if (error instanceof ImportFileProblem) throw new InventoryError('INVALID_IMPORT', error.message, 'csv');
      throw error;
    }
    const base = (row: ImportRow): ImportOutcome => ({
      line: row.line,
      sku: row.ok ? row.request.sku : row.sku,
      locationId: row.ok ? row.request.locationId : row.locationId,
      outcome: 'NOT_APPLIED',
      code: row.ok ? null : row.code,
      message: row.ok ? null : row.message,
      onHandBefore: null,
      onHandAfter: null,
      safetyStockAfter: null,
    });
    if (rows.some((row) => !row.ok))
      return {
        dryRun,
        applied: false,
        rows: rows.map((row) => ({ ...base(row), ...(row.ok ? {} : { outcome: 'INVALID' }) })),
      };
    const requests = rows.map((row) => (row as Extract<ImportRow, { ok: true }>).request);
    let result: AdjustManyResult;
    try {
      result = dryRun
        ? await this.adjustments.preview(requests, caller)
        : await this.adjustments.adjustMany(requests, idempotencyKey, caller);
    } catch (error) {
      // Bad input names its row (`inputs.<i>…`); identity and outages are the whole call's.
      const index = error instanceof DomainError ? rowIndex(error.field) : null;
      if (index === null || !(error instanceof DomainError) || error.category === 'FORBIDDEN') throw error;
      return {
        dryRun,
        applied: false,
        rows: rows.map((row, i) =>
          i === index
            ? { ...base(row), outcome: 'REFUSED', code: String(error.code), message: error.message }
            : base(row),
        ),
      };
    }
    if (result.userErrors.length > 0) {
      const refused = new Map(result.userErrors.map((e) => [rowIndex(e.field), e]));
      return {
        dryRun,
        applied: false,
        rows: rows.map((row, i) => {
          const problem = refused.get(i);
          return problem
            ? { ...base(row), outcome: 'REFUSED', code: problem.code, message: problem.message }
            : base(row);
        }),
      };
    }
    return {
      dryRun,
      applied: !dryRun,
      rows: rows.map((row, i) => {
        const after = result.stockLevels[i];
        return {
          ...base(row),
          outcome: dryRun ? 'WOULD_APPLY' : 'APPLIED',
          onHandBefore: result.onHandBefore?.[i] ?? null,
          onHandAfter: after?.onHand ?? null,
          safetyStockAfter: after?.safetyStock ?? null,
        };
      }),
    };
  }
}

/** The row a field such as `inputs.12.delta` names. */
function rowIndex(field: string | null | undefined): number | null {
  const match = /^inputs\.(\d+)/.exec(field ?? '');
  return match ? Number(match[1]) : null;
}
