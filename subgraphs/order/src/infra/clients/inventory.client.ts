import type { GraphQLClient } from '@stockgraph/runtime';

/** A user error as inventory reports it. */
export interface InventoryUserError {
  code: string;
  message: string;
  field: string | null;
}

export interface ReservationOutcome {
  reservation: { id: string; status: string; expiresAt: string } | null;
  userErrors: InventoryUserError[];
}

const RESERVATION_FIELDS = 'reservation { id status expiresAt } userErrors { code message field }';

const RESERVE = `mutation OrderReserve($input: ReserveStockInput!, $key: String!) {
  reserveStock(input: $input, idempotencyKey: $key) { ${RESERVATION_FIELDS} }
}`;
const CONFIRM = `mutation OrderConfirm($id: ID!, $key: String) {
  confirmReservation(id: $id, idempotencyKey: $key) { ${RESERVATION_FIELDS} }
}`;
const RELEASE = `mutation OrderRelease($id: ID!, $reason: String) {
  releaseReservation(id: $id, reason: $reason) { ${RESERVATION_FIELDS} }
}`;

const EXTEND = `mutation OrderExtendHold($id: ID!, $ttl: Int!) {
  extendReservation(id: $id, ttlSeconds: $ttl) { ${RESERVATION_FIELDS} }
}`;

export interface ReservationState {
  id: string;
  status: 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED';
  expiresAt: string;
}

const RESERVATION = `query OrderReservation($id: ID!) { reservation(id: $id) { id status expiresAt } }`;

/** The order service's calls to the inventory subgraph; every call that changes stock carries an idempotency key. */
export class InventoryClient {
  constructor(private readonly client: GraphQLClient) {}

  /**
   * Holds an order's lines, referenced by the order id and made for its customer, who may
   * then read the hold (through `Order.reservation`) and no other customer may.
   */
  async reserve(
    lines: ReadonlyArray<{ sku: string; quantity: number }>,
    hold: { reference: string; customerId: string },
    idempotencyKey: string,
  ): Promise<ReservationOutcome> {
    const data = await this.client.request<{ reserveStock: ReservationOutcome }>(RESERVE, {
      input: {
        lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
        reference: hold.reference,
        customerId: hold.customerId,
      },
      key: idempotencyKey,
    });
    return data.reserveStock;
  }

  async confirm(reservationId: string, idempotencyKey: string): Promise<ReservationOutcome> {
    const data = await this.client.request<{ confirmReservation: ReservationOutcome }>(CONFIRM, {
      id: reservationId,
      key: idempotencyKey,
    });
    return data.confirmReservation;
  }

  /** Keeps a hold until `ttlSeconds` from now (a payment in flight); repeating it changes nothing more. */
  async extend(reservationId: string, ttlSeconds: number): Promise<ReservationOutcome> {
    const data = await this.client.request<{ extendReservation: ReservationOutcome }>(EXTEND, {
      id: reservationId,
      ttl: ttlSeconds,
    });
    return data.extendReservation;
  }

  /** A hold as inventory stands on it now; null when inventory has no such hold. */
  async reservation(id: string): Promise<ReservationState | null> {
    return (await this.client.request<{ reservation: ReservationState | null }>(RESERVATION, { id })).reservation;
  }

  async release(reservationId: string, reason: string | null): Promise<ReservationOutcome> {
    const data = await this.client.request<{ releaseReservation: ReservationOutcome }>(RELEASE, {
      id: reservationId,
      reason,
    });
    return data.releaseReservation;
  }
}
