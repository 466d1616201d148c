import { type Caller, forbidden, hasRole, ownsOrOperates } from '@stockgraph/domain';
import { OrderError } from './errors';

/**
 * Whose order is being placed: a customer's own, always (the token says who they are;
 * naming someone else is FORBIDDEN); ops place for the customer they name.
 */
export function customerPlacing(caller: Caller, named: string | null | undefined): string {
  if (hasRole(caller, 'customer') && !hasRole(caller, 'ops')) {
    if (named != null && named !== caller.subject)
      throw forbidden('you place orders for yourself: leave customerId out', 'input.customerId');
    return caller.subject ?? '';
  }
  if (hasRole(caller, 'ops')) {
    if (named == null)
      throw new OrderError(
        'INVALID_CUSTOMER',
        'operations placing an order name the customer it is for in customerId',
        'input.customerId',
      );
    return named;
  }
  throw forbidden('orders are placed by customers (or operations for them)');
}

/** Refuses (FORBIDDEN) unless the order is the caller's, or the caller is ops or a service. */
export function requireOwnOrder(caller: Caller, order: { id: string; customerId: string }): void {
  if (!ownsOrOperates(caller, order.customerId)) throw forbidden(`order ${order.id} is not yours`, 'id');
}

/** Which customer's orders a listing shows: a customer sees only theirs; ops whoever they name (or all). */
export function customerListed(caller: Caller, named: string | null): string | null {
  if (hasRole(caller, 'ops', 'service')) return named ?? null;
  if (named != null && named !== caller.subject)
    throw forbidden('you may list only your own orders: leave customerId out', 'customerId');
  return caller.subject;
}
