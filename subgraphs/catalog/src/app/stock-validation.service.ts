import { CatalogError } from '../domain/errors';
import { summarizeStock } from '../domain/stock-summary';
import {
  type DegradedPolicy,
  judgeDegraded,
  judgeStock,
  type StockCheckItem,
  type StockValidationResult,
  validateStockCheck,
} from '../domain/validate-stock';
import { InventoryUnavailable, type LiveStockChecker } from '../infra/stock-check/live-stock-checker';
import type { ValidationAudit } from '../infra/validation-audit';
import type { CatalogService } from './catalog.service';

const WHY: Record<InventoryUnavailable['reason'], string> = {
  timeout: 'inventory did not answer in time',
  unreachable: 'inventory is unreachable',
  'circuit-open': 'inventory has been failing and is given time to recover',
  'rate-limited': "inventory's request budget is spent for now",
  error: 'inventory failed',
};

/**
 * Checkout's stock check. Every sku must be a catalog product; availability comes from
 * inventory in real time (cached, batched, rate limited, behind a circuit breaker). When
 * inventory cannot answer within the deadline the answer comes from the catalog's
 * projected view, marked degraded, and DEGRADED_MODE decides whether the purchase may
 * go on. Every line is audited.
 */
export class StockValidationService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly checker: LiveStockChecker,
    private readonly audit: ValidationAudit,
    private readonly options: { timeoutMs: number; degradedPolicy: DegradedPolicy },
    private readonly onAnswer: (mode: 'live' | 'degraded', ok: boolean) => void = () => undefined,
  ) {}

  async validate(items: readonly StockCheckItem[], userId: string | null = null): Promise<StockValidationResult> {
    validateStockCheck(items);
    const skus = items.map((item) => item.sku);
    const known = new Set((await this.catalog.productsBySkus(skus)).map((product) => product.sku));
    const unknown = items.findIndex((item) => !known.has(item.sku));
    if (unknown >= 0) {
      throw new CatalogError('UNKNOWN_SKU', `there is no product ${items[unknown]?.sku}`, `input.items.${unknown}.sku`);
    }
    let result: StockValidationResult;
    try {
      const { answers } = await this.checker.sellable(skus, Date.now() + this.options.timeoutMs);
      result = judgeStock(items, answers);
    } catch (error) {
      if (!(error instanceof InventoryUnavailable)) throw error;
      const rows = await this.catalog.projectedStock(skus);
      const projected = new Map(
        skus.map((sku) => [sku, summarizeStock(rows.filter((row) => row.sku === sku)).available]),
      );
      result = judgeDegraded(items, projected, this.options.degradedPolicy, WHY[error.reason]);
    }
    this.audit.record(result, userId);
    this.onAnswer(result.degraded ? 'degraded' : 'live', result.ok);
    return result;
  }
}
