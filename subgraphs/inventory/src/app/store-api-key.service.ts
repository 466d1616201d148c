import type { Database } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import { actorOf, type Caller } from '@stockgraph/domain';
import { InventoryError } from '../domain/errors';
import {
  grantOf,
  hashStoreApiKeySecret,
  isStoreApiKeyId,
  newStoreApiKey,
  normaliseStoreApiKeyLabel,
  parseStoreApiKey,
  secretMatches,
  type StoreApiKey,
  type StoreApiKeyGrant,
} from '../domain/store-api-key';
import type { LocationRepository } from '../infra/location.repository';
import type { StoreApiKeyRepository } from '../infra/store-api-key.repository';

/** A key just created, with the full key string: the only time anyone sees it. */
export interface CreatedStoreApiKey extends StoreApiKey {
  secret: string;
}

// Actors come from verified tokens, but a service acting for someone names them freely:
// an audit column must never be the reason a key cannot be created or revoked.
const MAX_ACTOR_LENGTH = 500;
const actor = (caller: Caller) => actorOf(caller).slice(0, MAX_ACTOR_LENGTH);

/**
 * Per-store API keys (operations create and revoke them; the gateway verifies them at
 * every exchange for a store token). Who may call which is the resolver's `@Authorized`.
 */
export class StoreApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly keys: StoreApiKeyRepository,
    private readonly locations: LocationRepository,
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {}

  /** Creates a key for a location; the result's `secret` is never stored, so it cannot be shown again. */
  async create(locationId: string, label: string | null | undefined, caller: Caller): Promise<CreatedStoreApiKey> {
    checkLocationId(locationId, 'locationId');
    const made = newStoreApiKey();
    const key: StoreApiKey = {
      id: made.id,
      locationId,
      label: normaliseStoreApiKeyLabel(label, 'label'),
      createdAt: this.clock(),
      createdBy: actor(caller),
      revokedAt: null,
      revokedBy: null,
    };
    await this.db.transaction(async (tx) => {
      // Locations are never deleted, so checking inside the transaction is enough to keep the key's location real.
      const [location] = await this.locations.findByIds(tx, [locationId]);
      if (!location)
        throw new InventoryError(
          'UNKNOWN_LOCATION',
          `there is no location "${locationId}"; query locations for the valid ids`,
          'locationId',
        );
      await this.keys.insert(tx, key, hashStoreApiKeySecret(made.secret));
    });
    this.log.info({ keyId: key.id, locationId, actor: key.createdBy }, 'store API key created');
    return { ...key, secret: made.key };
  }

  /** Revokes a key; null when there is none with this id. Revoking again changes nothing. */
  async revoke(id: string, caller: Caller): Promise<StoreApiKey | null> {
    if (!isStoreApiKeyId(id)) return null;
    const revokedBy = actor(caller);
    const { key, revoked } = await this.db.transaction(async (tx) => {
      const changed = await this.keys.revoke(tx, id, this.clock(), revokedBy);
      return { key: await this.keys.find(tx, id), revoked: changed };
    });
    if (revoked) this.log.info({ keyId: id, locationId: key?.locationId, actor: revokedBy }, 'store API key revoked');
    return key;
  }

  /** Keys of one location, or of every location; never their secrets or hashes. */
  async list(locationId: string | null | undefined): Promise<StoreApiKey[]> {
    if (locationId != null) checkLocationId(locationId, 'locationId');
    return this.db.read((sql) => this.keys.list(sql, locationId ?? null));
  }

  /** What a presented key grants now: null when it is malformed, unknown, revoked or its secret is wrong. */
  async verify(presented: string): Promise<StoreApiKeyGrant | null> {
    const parsed = parseStoreApiKey(presented);
    if (!parsed) return null;
    // Read outside a transaction, and never cached: a revocation that has committed is seen by the next exchange.
    // Whether an id exists may show in the timing; ids are not secret (tokens carry them), secrets are.
    const stored = await this.db.read((sql) => this.keys.findSecret(sql, parsed.id));
    if (!stored || !secretMatches(parsed.secret, stored.secretHash)) return null;
    return grantOf({ id: parsed.id, locationId: stored.locationId, revokedAt: stored.revokedAt });
  }
}

function checkLocationId(locationId: string, field: string): void {
  if (locationId.length === 0 || locationId.length > 64)
    throw new InventoryError('INVALID_LOCATION', 'locationId must be 1 to 64 characters', field);
}
