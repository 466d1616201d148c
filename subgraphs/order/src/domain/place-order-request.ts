import { assertSku, textProblem } from '@stockgraph/domain';
import { OrderError } from './errors';

/** What a shopper asks for when placing an order. */
export interface PlaceOrderRequest {
  customerId: string;
  lines: Array<{ sku: string; quantity: number }>;
  reference?: string | null;
}

/** The most lines one order may have. */
export const MAX_ORDER_LINES = 100;
const MAX_QUANTITY = 100_000;
/** The longest customer id, as inventory bounds whom a hold is for. */
const MAX_CUSTOMER_ID = 128;

/** Checks an order before any other service is asked anything. */
export function validatePlaceOrder(request: PlaceOrderRequest): void {
  const customerProblem = textProblem(request.customerId, MAX_CUSTOMER_ID);
  if (customerProblem !== null)
    throw new OrderError('INVALID_CUSTOMER', `customerId ${customerProblem}`, 'input.customerId');
  if (request.lines.length === 0)
    throw new OrderError('EMPTY_ORDER', 'an order needs at least one line', 'input.lines');
  if (request.lines.length > MAX_ORDER_LINES) {
    throw new OrderError('TOO_MANY_LINES', `an order may have at most ${MAX_ORDER_LINES} lines`, 'input.lines');
  }
  const seen = new Map<string, number>();
  request.lines.forEach((line, index) => {
    assertSku(line.sku, `input.lines.${index}.sku`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new OrderError(
        'INVALID_QUANTITY',
        `quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${line.quantity}`,
        `input.lines.${index}.quantity`,
      );
    }
    const earlier = seen.get(line.sku);
    if (earlier !== undefined) {
      throw new OrderError(
        'DUPLICATE_LINE',
        `lines ${earlier} and ${index} are both ${line.sku}; send one line with the total quantity`,
        `input.lines.${index}`,
      );
    }
    seen.set(line.sku, index);
  });
  if (request.reference != null && request.reference.length > 500) {
    throw new OrderError('INVALID_REFERENCE', 'reference must be at most 500 characters', 'input.reference');
  }
}
