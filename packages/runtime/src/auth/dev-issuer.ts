import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import type { AuthConfig } from './auth-config';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * The development issuer: an ES256 key created on first start (under DATA_DIR, readable
 * by its owner only) that signs demo users', store keys' and services' tokens. Every
 * process of one machine that points at the same file trusts the same key; verification
 * goes through the same code as an identity provider's JWKS.
 */
export class DevIssuer {
  private constructor(
    private readonly stored: StoredKey,
    private readonly signingKey: SigningKey,
    private readonly config: Pick<AuthConfig, 'issuer' | 'audience'>,
  ) {}

  static async open(keyFile: string, config: Pick<AuthConfig, 'issuer' | 'audience'>): Promise<DevIssuer> {
    const stored = readKey(keyFile) ?? (await createKey(keyFile));
    return new DevIssuer(stored, await importJWK(stored.privateJwk, 'ES256'), config);
  }

  /** The public half, as `/.well-known/jwks.json` serves it. */
  get jwks(): { keys: JWK[] } {
    const { d: _private, ...publicJwk } = this.stored.privateJwk;
    return { keys: [{ ...publicJwk, kid: this.stored.kid, alg: 'ES256', use: 'sig' }] };
  }

  /** A token for `subject` with `claims` (roles, locations), valid for `ttlSeconds`. */
  async sign(subject: string, claims: JWTPayload, ttlSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.stored.kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttlSeconds}s`)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(this.signingKey);
  }
}

function readKey(keyFile: string): StoredKey | null {
  let text: string;
  try {
    text = fs.readFileSync(keyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoredKey>;
  if (typeof parsed.kid !== 'string' || typeof parsed.privateJwk?.d !== 'string') {
    throw new Error(`${keyFile} is not a development issuer key; delete it to have a new one created`);
  }
  return parsed as StoredKey;
}

/**
 * Several processes may start at once on one DATA_DIR: each writes its candidate to a
 * file of its own and links it into place; the link fails for all but the first, and
 * those read the winner's key.
 */
async function createKey(keyFile: string): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const { d: _private, ...publicJwk } = privateJwk;
  const stored: StoredKey = { kid: await calculateJwkThumbprint(publicJwk), privateJwk };
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const candidate = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(candidate, JSON.stringify(stored), { mode: 0o600 });
  try {
    fs.linkSync(candidate, keyFile);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readKey(keyFile);
    if (!winner) throw new Error(`${keyFile} vanished while it was being created`, { cause: error });
    return winner;
  } finally {
    fs.rmSync(candidate, { force: true });
  }
}
