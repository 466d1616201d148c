/**
 * A bearer token for `sub`, as a client of the gateway would present it. For now an
 * unsigned JWT (`alg: none`): the gateway reads `sub` for rate limiting without verifying
 * it. Once the gateway verifies tokens these are refused, and this becomes the one place
 * that obtains real ones; the tests that use it stay as they are.
 */
export function tokenFor(sub: string): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return Promise.resolve(`${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, iat: Math.floor(Date.now() / 1000) })}.`);
}
