import { hasControlCharacters } from '@stockgraph/domain';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { InventoryError } from './errors';

/** A store's API key as kept: everything but the secret, which is kept only as its hash. */
export interface StoreApiKey {
  id: string;
  locationId: string;
  label: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** Who created it, as `actorOf` names them. */
  createdBy: string;
  /** Epoch ms of the first revocation; null while the key is valid. */
  revokedAt: number | null;
  revokedBy: string | null;
}

/** What a valid key stands for: the store location its tokens may act at. */
export interface StoreApiKeyGrant {
  keyId: string;
  locationId: string;
}

const PREFIX = 'sgk_';
const MAX_ID_LENGTH = 64;
const MAX_SECRET_LENGTH = 200;
/** The longest string that can be a key: anything longer is refused before it is looked at. */
export const MAX_STORE_API_KEY_LENGTH = PREFIX.length + MAX_ID_LENGTH + 1 + MAX_SECRET_LENGTH;
// The same shape the gateway checks before it asks (gateway/src/auth/store-key-exchange.ts);
// a uuid id and a 43-character base64url secret fit it with room to spare.
const KEY_SHAPE = /^sgk_([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{20,200})$/;
export const MAX_STORE_API_KEY_LABEL_LENGTH = 200;
// 32 random bytes: 256 bits, far beyond guessing, so the secret needs no salt or slow hash.
const SECRET_BYTES = 32;

/** A new key: its id and its secret part (base64url), and the full `sgk_<id>.<secret>` to hand out once. */
export function newStoreApiKey(): { id: string; secret: string; key: string } {
  const id = randomUUID();
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { id, secret, key: `${PREFIX}${id}.${secret}` };
}

/** Splits `sgk_<id>.<secret>` into its parts; null for anything else (checked by length first, so a huge string costs nothing). */
export function parseStoreApiKey(key: string): { id: string; secret: string } | null {
  if (key.length > MAX_STORE_API_KEY_LENGTH) return null;
  const match = KEY_SHAPE.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { id: match[1], secret: match[2] };
}

/** Whether `id` could name a key at all (so a lookup of anything else can be skipped). */
export function isStoreApiKeyId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && /^[A-Za-z0-9-]+$/.test(id);
}

/**
 * SHA-256 (hex) of a key's secret part. A fast hash is right here: the secret is 256
 * random bits, not a password, so there is nothing to brute-force that stretching
 * (bcrypt, scrypt) would slow down, and verifying stays cheap at every token exchange.
 */
export function hashStoreApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashStoreApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // Both are SHA-256 digests; a stored value of another length is corrupt, and timingSafeEqual would throw on it.
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** The grant a key gives now: null once it is revoked. */
export function grantOf(key: Pick<StoreApiKey, 'id' | 'locationId' | 'revokedAt'>): StoreApiKeyGrant | null {
  return key.revokedAt === null ? { keyId: key.id, locationId: key.locationId } : null;
}

/** A label as stored: trimmed, 1 to MAX_STORE_API_KEY_LABEL_LENGTH printable characters, or none. */
export function normaliseStoreApiKeyLabel(label: string | null | undefined, field: string): string | null {
  if (label === null || label === undefined) return null;
  const trimmed = label.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_STORE_API_KEY_LABEL_LENGTH) {
    throw new InventoryError(
      'INVALID_LABEL',
      `label must be 1 to ${MAX_STORE_API_KEY_LABEL_LENGTH} characters, or left out`,
      field,
    );
  }
  if (hasControlCharacters(trimmed))
    throw new InventoryError('INVALID_LABEL', 'label must not contain control characters (such as line breaks)', field);
  return trimmed;
}
