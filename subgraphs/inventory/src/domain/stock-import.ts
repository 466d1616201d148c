import { ADJUSTMENT_REASONS, type AdjustmentReason, type AdjustStockRequest } from './adjust-stock';

/** Bounds of one import: checked before a row is read. */
export const IMPORT_LIMITS = { maxChars: 256 * 1024, maxRows: 1000, maxLineChars: 2000 } as const;

const COLUMNS = ['sku', 'locationId', 'quantity', 'set', 'delta', 'changeFrom', 'reason', 'reference'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['sku', 'locationId', 'reason'];

/** A data row of the file: its line number (the header is line 1), and the adjustment it asks for or why it is unreadable. */
export type ImportRow =
  | { line: number; ok: true; request: AdjustStockRequest }
  | { line: number; ok: false; sku: string | null; locationId: string | null; code: 'INVALID_ROW'; message: string };

/** A file that cannot be read at all: no header, a header without a required column, or past a bound. */
export class ImportFileProblem extends Error {}

/**
 * Reads a CSV of adjustments: a header naming its columns (any order; `sku`, `locationId`,
 * `reason` and one of `set` / `delta` per row; optional `quantity` ON_HAND or SAFETY_STOCK,
 * `changeFrom`, `reference`), then one adjustment per line. Quoted cells may hold commas and
 * doubled quotes, not line breaks. Every row is read, each to a request or to why not.
 */
export function parseStockImport(csv: string): ImportRow[] {
  if (csv.length > IMPORT_LIMITS.maxChars)
    throw new ImportFileProblem(`the file is over ${IMPORT_LIMITS.maxChars / 1024} KiB: split it`);
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  if (lines.length - 1 > IMPORT_LIMITS.maxRows)
    throw new ImportFileProblem(`at most ${IMPORT_LIMITS.maxRows} rows per file, got ${lines.length - 1}: split it`);
  const tooLong = lines.findIndex((line) => line.length > IMPORT_LIMITS.maxLineChars);
  if (tooLong !== -1)
    throw new ImportFileProblem(`line ${tooLong + 1} is over ${IMPORT_LIMITS.maxLineChars} characters`);
  const header = cells(lines[0] ?? '');
  if (!header) throw new ImportFileProblem('line 1: the header is not valid CSV');
  const unknown = header.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new ImportFileProblem(`unknown column ${unknown.join(', ')}: the columns are ${COLUMNS.join(', ')}`);
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0 || (!header.includes('set') && !header.includes('delta')))
    throw new ImportFileProblem(`the header needs ${[...missing, 'set or delta'].join(', ')}`);
  if (lines.length < 2) throw new ImportFileProblem('the file has a header and no rows');
  return lines.slice(1).map((text, i) => readRow(text, i + 2, header as Column[]));
}

function readRow(text: string, line: number, header: readonly Column[]): ImportRow {
  const values = cells(text);
  const bad = (message: string, sku: string | null = null, locationId: string | null = null): ImportRow => ({
    line,
    ok: false,
    sku,
    locationId,
    code: 'INVALID_ROW',
    message,
  });
  if (!values) return bad('not valid CSV (a quote left open?)');
  if (values.length !== header.length) return bad(`${values.length} cells, the header has ${header.length}`);
  const cell = (column: Column): string | null => {
    const value = values[header.indexOf(column)]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const sku = cell('sku');
  const locationId = cell('locationId');
  if (!sku || !locationId) return bad('sku and locationId are required', sku, locationId);
  const numbers: Partial<Record<'set' | 'delta' | 'changeFrom', number>> = {};
  for (const column of ['set', 'delta', 'changeFrom'] as const) {
    const value = cell(column);
    if (value === null) continue;
    if (!/^-?\d{1,10}$/.test(value)) return bad(`${column} must be a whole number, got "${value}"`, sku, locationId);
    numbers[column] = Number(value);
  }
  const reason = cell('reason')?.toLowerCase() ?? '';
  if (!(ADJUSTMENT_REASONS as readonly string[]).includes(reason))
    return bad(`reason must be one of ${ADJUSTMENT_REASONS.join(', ')}`, sku, locationId);
  const quantity = cell('quantity')?.toUpperCase() ?? 'ON_HAND';
  if (quantity !== 'ON_HAND' && quantity !== 'SAFETY_STOCK')
    return bad('quantity must be ON_HAND or SAFETY_STOCK', sku, locationId);
  return {
    line,
    ok: true,
    request: {
      sku,
      locationId,
      quantity,
      set: numbers.set ?? null,
      delta: numbers.delta ?? null,
      changeFrom: numbers.changeFrom ?? null,
      reason: reason as AdjustmentReason,
      reference: cell('reference'),
    },
  };
}

/** One CSV line's cells, or null when its quotes do not close. */
function cells(line: string): string[] | null {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === ',') {
      out.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) return null;
  out.push(current);
  return out;
}
