import { assertSku, stockKey, textProblem } from '@stockgraph/domain';
import { InventoryError } from './errors';
import type { Location } from './location';

export interface ReserveLineRequest {
  sku: string;
  quantity: number;
  /** Omitted: the allocation strategy picks locations and may split the line. */
  locationId?: string | null;
}

export interface ReserveRequest {
  lines: ReserveLineRequest[];
  ttlSeconds?: number | null;
  reference?: string | null;
  /** Allocate only from locations in this region. */
  region?: string | null;
  /** The customer the hold is for, who may then see it (who may name one is the application's rule). */
  customerId?: string | null;
}

export interface ReserveLimits {
  maxLines: number;
  maxQuantityPerLine: number;
  defaultTtlSeconds: number;
  minTtlSeconds: number;
  maxTtlSeconds: number;
}

/** A request that passed validation; `lines` keep their input index for error paths. */
export interface ValidReserveRequest {
  lines: Array<{ index: number; sku: string; quantity: number; locationId: string | null }>;
  ttlSeconds: number;
  reference: string | null;
  region: string | null;
  customerId: string | null;
}

const MAX_REFERENCE = 500;
/** As long as the order service's customer ids. */
const MAX_CUSTOMER_ID = 128;

/** Throws INVALID_REFERENCE for references over 500 characters. */
export function assertReference(reference: string | null | undefined, field: string): void {
  if (reference != null && reference.length > MAX_REFERENCE) {
    throw new InventoryError('INVALID_REFERENCE', `reference must be at most ${MAX_REFERENCE} characters`, field);
  }
}

/**
 * Throws INVALID_CUSTOMER for a customer id the one text rule refuses (empty, over-long,
 * control characters, surrounding whitespace). Not trimmed: it is compared as given with
 * the token's `sub` of whoever reads the hold.
 */
function assertCustomerId(customerId: string, field: string): void {
  const problem = textProblem(customerId, MAX_CUSTOMER_ID);
  if (problem !== null) throw new InventoryError('INVALID_CUSTOMER', `customerId ${problem}`, field);
}

/**
 * Checks a reservation request before anything is read or written. Lines for the same
 * sku may name different locations (their demand is summed per sku and location later),
 * but the same sku and location twice is a client bug and is refused.
 */
export function validateReserveRequest(request: ReserveRequest, limits: ReserveLimits): ValidReserveRequest {
  if (request.lines.length === 0) {
    throw new InventoryError('EMPTY_REQUEST', 'a reservation needs at least one line', 'input.lines');
  }
  if (request.lines.length > limits.maxLines) {
    throw new InventoryError(
      'TOO_MANY_LINES',
      `a reservation may have at most ${limits.maxLines} lines, got ${request.lines.length}`,
      'input.lines',
    );
  }
  const seen = new Map<string, number>();
  const lines = request.lines.map((line, index) => {
    const field = `input.lines.${index}`;
    assertSku(line.sku, `${field}.sku`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > limits.maxQuantityPerLine) {
      throw new InventoryError(
        'INVALID_QUANTITY',
        `quantity must be a whole number from 1 to ${limits.maxQuantityPerLine}, got ${line.quantity}`,
        `${field}.quantity`,
      );
    }
    const locationId = line.locationId ?? null;
    const key = stockKey(line.sku, locationId ?? '*');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InventoryError(
        'DUPLICATE_LINE',
        `lines ${earlier} and ${index} both ask for ${line.sku}${locationId ? ` at ${locationId}` : ''}; send one line with the total quantity`,
        field,
      );
    }
    seen.set(key, index);
    return { index, sku: line.sku, quantity: line.quantity, locationId };
  });
  const ttlSeconds = request.ttlSeconds ?? limits.defaultTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < limits.minTtlSeconds || ttlSeconds > limits.maxTtlSeconds) {
    throw new InventoryError(
      'INVALID_TTL',
      `ttlSeconds must be a whole number from ${limits.minTtlSeconds} to ${limits.maxTtlSeconds}, got ${ttlSeconds}`,
      'input.ttlSeconds',
    );
  }
  assertReference(request.reference, 'input.reference');
  if (request.region != null && !/^[a-z0-9-]{1,64}$/.test(request.region)) {
    throw new InventoryError(
      'UNKNOWN_REGION',
      `"${request.region}" is not a region code such as eu-south`,
      'input.region',
    );
  }
  const customerId = request.customerId ?? null;
  if (customerId !== null) assertCustomerId(customerId, 'input.customerId');
  return { lines, ttlSeconds, reference: request.reference ?? null, region: request.region ?? null, customerId };
}

/** What makes two reserve requests "the same" for an idempotency key: the input as given. */
export function reserveRequestIdentity(request: ReserveRequest): unknown {
  return {
    lines: request.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      locationId: line.locationId ?? null,
    })),
    ttlSeconds: request.ttlSeconds ?? null,
    reference: request.reference ?? null,
    region: request.region ?? null,
    // Left out when absent, so keys stored before holds named customers still match their retries.
    ...(request.customerId != null ? { customerId: request.customerId } : {}),
  };
}

/**
 * Checks a request against the locations that exist: every location a line names must
 * exist and lie in the requested region, and the region must hold some location. Returns
 * the locations by id.
 */
export function checkRequestLocations(
  request: ValidReserveRequest,
  locations: readonly Location[],
): Map<string, Location> {
  const byId = new Map(locations.map((location) => [location.id, location]));
  for (const line of request.lines) {
    if (line.locationId === null) continue;
    const location = byId.get(line.locationId);
    if (!location) {
      throw new InventoryError(
        'UNKNOWN_LOCATION',
        `there is no location "${line.locationId}"; query locations for the valid ids`,
        `input.lines.${line.index}.locationId`,
      );
    }
    if (request.region !== null && location.region !== request.region) {
      throw new InventoryError(
        'LOCATION_OUTSIDE_REGION',
        `location ${location.id} is in ${location.region}, not in the requested region ${request.region}`,
        `input.lines.${line.index}.locationId`,
      );
    }
  }
  if (request.region !== null && !locations.some((location) => location.region === request.region)) {
    throw new InventoryError('UNKNOWN_REGION', `no location is in region "${request.region}"`, 'input.region');
  }
  return byId;
}
