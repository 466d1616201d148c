import { type SaleLineRequest, userError, type UserError } from '@stockgraph/domain';
import { allowanceLeft } from './sale';

/** Refusals a till shows the cashier. */
export type TillUserErrorCode =
  'ALLOWANCE_EXCEEDED' | 'OFFLINE_ALLOWANCE_EXCEEDED' | 'SALE_UNKNOWN' | 'RETURN_EXCEEDS_SALE';

/**
 * The shop's "never oversell" rule: a till sells a line only out of what is left of the
 * shop's allowance (units the centre set aside for it, which online orders cannot take)
 * once its sales not yet recorded centrally are counted. The rule is the same online and
 * offline, so it never changes under the cashier; only the sentence says why.
 *
 * Returns one refusal per line that asks for more than is left, none when the sale fits.
 */
export function offlineSaleRefusals(
  lines: readonly SaleLineRequest[],
  granted: ReadonlyMap<string, number>,
  pending: ReadonlyMap<string, number>,
  offline: boolean,
): UserError<TillUserErrorCode>[] {
  return lines.flatMap((line, i) => {
    const left = allowanceLeft(granted.get(line.sku) ?? 0, pending.get(line.sku) ?? 0);
    if (line.quantity <= left) return [];
    const why = offline ? 'the centre cannot be reached and the shop may sell offline only' : 'the shop may sell';
    return [
      userError<TillUserErrorCode>(
        offline ? 'OFFLINE_ALLOWANCE_EXCEEDED' : 'ALLOWANCE_EXCEEDED',
        `${line.sku}: ${line.quantity} asked, but ${why} ${left} more`,
        `lines.${i}.quantity`,
      ),
    ];
  });
}
