import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { RunningSubgraph } from '@stockgraph/graphql-service';
import { freshDatabase, graphqlRequest, testAuthEnv, testDialects } from '@stockgraph/testing';
import { loadAccountsConfig, startAccounts } from '../../src';

const SESSION = 'accessToken refreshToken expiresIn account { id email status }';
const PASSWORD = 'a long enough secret';

interface Session {
  accessToken: string;
  refreshToken: string;
  account: { id: string; email: string; status: string };
}

describe.each(testDialects())('accounts on %s', (dialect) => {
  let accounts: RunningSubgraph;

  beforeAll(async () => {
    accounts = await startAccounts({
      config: loadAccountsConfig({
        ...testAuthEnv,
        PORT: '0',
        DATABASE_URL: await freshDatabase(dialect, 'accounts'),
        SEED_DEMO_DATA: 'false',
        // The cheapest cost the service accepts: these tests hash a few hundred times.
        ACCOUNTS_SCRYPT_LOG_N: '14',
        ACCOUNTS_LOCK_AFTER_FAILURES: '20',
      }),
      log: pino({ level: 'warn' }),
    });
  });

  afterAll(() => accounts.stop());

  /** Calls as a service would (the gateway carrying an anonymous shopper); `codes` lists the errors' codes. */
  const call = async <Data>(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const result = await graphqlRequest<Data>(accounts.url, query, variables, headers);
    return {
      data: result.data,
      codes: (result.errors ?? []).map((e) => String(e.extensions?.code)),
      errors: result.errors ?? [],
    };
  };
  const register = (email: string, password = PASSWORD, displayName: string | null = null) =>
    call<{ register: Session }>(`mutation ($i: RegisterInput!) { register(input: $i) { ${SESSION} } }`, {
      i: { email, password, displayName },
    });
  const signIn = (email: string, password = PASSWORD) =>
    call<{ signIn: Session }>(`mutation ($i: SignInInput!) { signIn(input: $i) { ${SESSION} } }`, {
      i: { email, password },
    });
  const refresh = (refreshToken: string) =>
    call<{ refreshSession: Session }>(`mutation ($r: String!) { refreshSession(refreshToken: $r) { ${SESSION} } }`, {
      r: refreshToken,
    });
  const signOut = (refreshToken: string) =>
    call<{ signOut: boolean }>('mutation ($r: String!) { signOut(refreshToken: $r) }', { r: refreshToken });
  const email = () => `shopper-${randomUUID()}@example.com`;

  it('registers, signs in, refreshes and signs out; the signed-out refresh token is dead', async () => {
    const address = email();
    const registered = await register(address.toUpperCase(), PASSWORD, 'Dana');
    expect(registered.codes).toEqual([]);
    expect(registered.data?.register.account).toMatchObject({ email: address, status: 'ACTIVE' });
    const me = await call<{ me: { email: string } }>(
      'query { me { email displayName } }',
      {},
      {
        authorization: `Bearer ${registered.data?.register.accessToken}`,
      },
    );
    expect(me.data?.me).toEqual({ email: address, displayName: 'Dana' });

    const signedIn = (await signIn(` ${address} `)).data?.signIn as Session;
    expect(signedIn.account.id).toBe(registered.data?.register.account.id);
    const refreshed = (await refresh(signedIn.refreshToken)).data?.refreshSession as Session;
    expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
    expect((await signOut(refreshed.refreshToken)).data?.signOut).toBe(true);
    expect((await refresh(refreshed.refreshToken)).codes).toEqual(['INVALID_REFRESH_TOKEN']);
    // Signing out twice ends nothing more; the registration's own session is another family and lives on.
    expect((await signOut(refreshed.refreshToken)).data?.signOut).toBe(false);
    expect((await refresh(registered.data?.register.refreshToken as string)).codes).toEqual([]);
  });

  it('revokes the whole family when a spent refresh token comes back', async () => {
    const first = (await register(email())).data?.register as Session;
    const second = (await refresh(first.refreshToken)).data?.refreshSession as Session;
    expect((await refresh(first.refreshToken)).codes).toEqual(['REFRESH_TOKEN_REUSED']);
    // The thief's copy and the owner's current token alike: both must sign in again.
    expect((await refresh(second.refreshToken)).codes).toEqual(['INVALID_REFRESH_TOKEN']);
  });

  it('lets exactly one of racing refreshes of one token through, and then ends the family', async () => {
    const session = (await register(email())).data?.register as Session;
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(session.refreshToken)));
    const winners = answers.filter((answer) => answer.codes.length === 0);
    expect(winners).toHaveLength(1);
    // The first loser revokes the family; those that look after that find it ended.
    const refusals = answers.flatMap((answer) => answer.codes);
    expect(refusals).toHaveLength(7);
    expect(refusals).toContain('REFRESH_TOKEN_REUSED');
    expect(new Set(refusals).size).toBeLessThanOrEqual(2);
    expect(refusals.every((code) => code === 'REFRESH_TOKEN_REUSED' || code === 'INVALID_REFRESH_TOKEN')).toBe(true);
    expect((await refresh(winners[0]?.data?.refreshSession.refreshToken as string)).codes).toEqual([
      'INVALID_REFRESH_TOKEN',
    ]);
  });

  it('creates one account of racing sign-ups with one email', async () => {
    const address = email();
    const answers = await Promise.all(Array.from({ length: 6 }, () => register(address)));
    expect(answers.filter((answer) => answer.codes.length === 0)).toHaveLength(1);
    expect(answers.flatMap((answer) => answer.codes)).toEqual(Array(5).fill('EMAIL_TAKEN'));
  });

  it('locks an email after 20 failures, whether or not it has an account, with the same words', async () => {
    const real = email();
    await register(real);
    const nobody = email();
    for (const address of [real, nobody]) {
      // Racing guesses are counted one by one: 20 of them, and the 21st is refused unheard.
      const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(address, `wrong guess ${i}`)));
      expect(new Set(guesses.flatMap((guess) => guess.codes))).toEqual(new Set(['INVALID_CREDENTIALS']));
    }
    const [lockedReal, lockedNobody] = await Promise.all([signIn(real), signIn(nobody)]);
    expect(lockedReal.codes).toEqual(['SIGN_IN_LOCKED']);
    expect(lockedNobody.codes).toEqual(['SIGN_IN_LOCKED']);
    expect(lockedReal.errors[0]?.message).toBe(lockedNobody.errors[0]?.message);
    // A wrong password and an unknown email read the same too.
    const [wrong, unknown] = await Promise.all([
      signIn((await register(email())).data?.register.account.email as string, 'not it at all'),
      signIn(email()),
    ]);
    expect(wrong.errors.map((e) => [e.message, e.extensions?.code])).toEqual(
      unknown.errors.map((e) => [e.message, e.extensions?.code]),
    );
  });

  it('forgets failures after a good sign-in below the limit', async () => {
    const address = email();
    await register(address);
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 19; i += 1)
        expect((await signIn(address, `nope ${i}`)).codes).toEqual(['INVALID_CREDENTIALS']);
      expect((await signIn(address)).codes).toEqual([]);
    }
  });

  it('lets ops disable an account: its sessions end and it cannot sign in until enabled', async () => {
    const address = email();
    const session = (await register(address)).data?.register as Session;
    const disabled = await call<{ disableAccount: { status: string; disabledReason: string } }>(
      'mutation ($e: String!) { disableAccount(email: $e, reason: "chargebacks") { status disabledReason } }',
      { e: address },
    );
    expect(disabled.data?.disableAccount).toEqual({ status: 'DISABLED', disabledReason: 'chargebacks' });
    expect((await refresh(session.refreshToken)).codes).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await signIn(address)).codes).toEqual(['ACCOUNT_DISABLED']);
    // Without the password nobody learns it is disabled.
    expect((await signIn(address, 'a wrong password')).codes).toEqual(['INVALID_CREDENTIALS']);
    await call('mutation ($e: String!) { enableAccount(email: $e) { status } }', { e: address });
    expect((await signIn(address)).codes).toEqual([]);
  });

  it('refuses bad input with a code and stores nothing', async () => {
    const address = email();
    expect((await register('not-an-email')).codes).toEqual(['INVALID_EMAIL']);
    expect((await register(address, 'short')).codes).toEqual(['WEAK_PASSWORD']);
    expect((await register(address, 'password1234')).codes).toEqual(['WEAK_PASSWORD']);
    expect((await register(address, 'x'.repeat(201))).codes).toEqual(['WEAK_PASSWORD']);
    expect((await register(address, PASSWORD, 'Dana\u001b[31m')).codes).toEqual(['INVALID_DISPLAY_NAME']);
    expect((await register(`a\u0000${address}`)).codes).toEqual(['INVALID_EMAIL']);
    expect((await signIn(address)).codes).toEqual(['INVALID_CREDENTIALS']);
    expect((await refresh('srt_nonsense')).codes).toEqual(['INVALID_REFRESH_TOKEN']);
    expect((await signOut('whatever')).data?.signOut).toBe(false);
    expect(
      (await call('mutation { disableAccount(email: "nobody@example.com", reason: "x") { status } }', {})).codes,
    ).toEqual(['ACCOUNT_NOT_FOUND']);
    expect(
      (await call('mutation ($e: String!) { disableAccount(email: $e, reason: "") { status } }', { e: address })).codes,
    ).toEqual(['INVALID_REASON']);
  });
});
