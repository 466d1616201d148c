import { DEFAULT_SCRYPT_COST, PasswordHasher } from './password-hasher';

// The cheapest cost the service accepts: what is tested is the format and the bounds, not the cost.
const CHEAP = { logN: 14, r: 8, p: 1 };
const busy = () => Object.assign(new Error('busy'), { code: 'BUSY' });

describe('PasswordHasher', () => {
  it("hashes with OWASP's minimum scrypt cost unless told otherwise", () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ logN: 17, r: 8, p: 1 });
  });

  it('verifies the password it hashed, and nothing else', async () => {
    const hasher = new PasswordHasher(CHEAP, busy);
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^scrypt\$14\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hasher.verify('correct horse battery', stored)).toBe(true);
    expect(await hasher.verify('correct horse batterY', stored)).toBe(false);
    expect(await hasher.verify('correct horse battery', 'bcrypt$whatever')).toBe(false);
    expect(await hasher.verify('correct horse battery', 'scrypt$40$8$1$c2FsdA$a2V5')).toBe(false);
  });

  it('salts: one password, two hashes', async () => {
    const hasher = new PasswordHasher(CHEAP, busy);
    expect(await hasher.hash('same password here')).not.toBe(await hasher.hash('same password here'));
  });

  it("knows a hash made with less than today's cost", async () => {
    const old = await new PasswordHasher(CHEAP, busy).hash('correct horse battery');
    expect(new PasswordHasher({ logN: 15, r: 8, p: 1 }, busy).isOutdated(old)).toBe(true);
    expect(new PasswordHasher(CHEAP, busy).isOutdated(old)).toBe(false);
  });

  it('refuses at once (with the error it was given) what would queue beyond its bound, and serves the rest', async () => {
    const hasher = new PasswordHasher(CHEAP, busy, 1, 2);
    const attempts = Array.from({ length: 5 }, (_, i) =>
      hasher.hash(`password number ${i}`).then(
        () => 'hashed',
        (error: { code?: string }) => error.code,
      ),
    );
    expect((await Promise.all(attempts)).sort()).toEqual(['BUSY', 'BUSY', 'hashed', 'hashed', 'hashed']);
    expect(await hasher.hash('after the burst')).toMatch(/^scrypt\$/);
  });
});
