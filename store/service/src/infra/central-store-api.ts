import { DomainError, type SaleLineRequest } from '@stockgraph/domain';
import type { GraphQLClient } from '@stockgraph/runtime';

/** What the centre said of a sale: recorded (with where its units came from), or refused for good. */
export type CentralSaleOutcome =
  { kind: 'recorded'; lines: Array<{ sku: string; fromAllowance: number }> } | CentralRefusal;

/** What the centre said of a return. */
export type CentralReturnOutcome = { kind: 'recorded' } | CentralRefusal;

export interface CentralRefusal {
  kind: 'refused';
  code: string;
  reason: string;
}

const RECORD_SALE = `mutation RecordStoreSale($at: ID!, $sale: ID!, $lines: [StoreSaleLineInput!]!) {
  recordStoreSale(locationId: $at, saleId: $sale, lines: $lines) { sale { lines { sku fromAllowance } } userErrors { code message } }
}`;
const RECORD_RETURN = `mutation RecordStoreReturn($at: ID!, $ret: ID!, $sale: ID!, $lines: [StoreSaleLineInput!]!) {
  recordStoreReturn(locationId: $at, returnId: $ret, saleId: $sale, lines: $lines) { storeReturn { id } userErrors { code message } }
}`;
const SET_ALLOWANCES = `mutation SetStoreAllowances($at: ID!, $allowances: [StoreAllowanceInput!]!) {
  setStoreAllowances(locationId: $at, allowances: $allowances) { allowances { sku quantity } }
}`;

interface RecordAnswer {
  recordStoreSale: {
    sale: { lines: Array<{ sku: string; fromAllowance: number }> } | null;
    userErrors: Array<{ code: string; message: string }>;
  };
}

/**
 * The centre as the store's sync agent sees it, through the gateway with the store's
 * token. Failures that may pass (network, timeouts, the gateway or a subgraph down, the
 * token refused) are thrown; refusals that will not (the sale's own content) are answers.
 */
export class CentralStoreApi {
  constructor(
    private readonly gateway: GraphQLClient,
    private readonly locationId: string,
  ) {}

  async recordSale(saleId: string, lines: readonly SaleLineRequest[]): Promise<CentralSaleOutcome> {
    let answer: RecordAnswer;
    try {
      answer = await this.gateway.request<RecordAnswer>(RECORD_SALE, {
        at: this.locationId,
        sale: saleId,
        lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
      });
    } catch (error) {
      if (isPermanent(error)) return { kind: 'refused', code: error.code, reason: error.message };
      throw error;
    }
    const { sale, userErrors } = answer.recordStoreSale;
    return sale ? { kind: 'recorded', lines: sale.lines } : refusal(userErrors);
  }

  async recordReturn(
    returnId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
  ): Promise<CentralReturnOutcome> {
    let answer: {
      recordStoreReturn: { storeReturn: { id: string } | null; userErrors: Array<{ code: string; message: string }> };
    };
    try {
      answer = await this.gateway.request(RECORD_RETURN, {
        at: this.locationId,
        ret: returnId,
        sale: saleId,
        lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
      });
    } catch (error) {
      if (isPermanent(error)) return { kind: 'refused', code: error.code, reason: error.message };
      throw error;
    }
    const { storeReturn, userErrors } = answer.recordStoreReturn;
    return storeReturn ? { kind: 'recorded' } : refusal(userErrors);
  }

  async setAllowances(
    targets: ReadonlyArray<{ sku: string; quantity: number }>,
  ): Promise<Array<{ sku: string; quantity: number }>> {
    const answer = await this.gateway.request<{
      setStoreAllowances: { allowances: Array<{ sku: string; quantity: number }> };
    }>(SET_ALLOWANCES, {
      at: this.locationId,
      allowances: targets,
    });
    return answer.setStoreAllowances.allowances;
  }
}

function refusal(userErrors: ReadonlyArray<{ code: string; message: string }>): CentralRefusal {
  return {
    kind: 'refused',
    code: userErrors[0]?.code ?? 'REFUSED',
    reason: userErrors.map((e) => e.message).join('; ') || 'refused without a reason',
  };
}

/** A refusal of the request itself (bad or reused sale): sending it again cannot succeed. */
function isPermanent(error: unknown): error is DomainError {
  return error instanceof DomainError && error.category === 'BAD_USER_INPUT';
}
