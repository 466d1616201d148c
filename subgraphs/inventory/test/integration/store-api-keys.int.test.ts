import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Caller } from '@stockgraph/domain';
import { bearer, graphqlData, graphqlRequest, opsCaller, testDialects } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const storeAtMadrid: Caller = { subject: 'staff-madrid', roles: ['store'], locations: ['madrid'] };
const customer: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const gatewayService: Caller = { subject: 'gateway', roles: ['service'], locations: [] };
const NO_TOKEN = { authorization: '' };

const CREATE = `mutation ($locationId: ID!, $label: String) {
  createStoreApiKey(locationId: $locationId, label: $label) { id locationId label createdAt secret }
}`;
const REVOKE = 'mutation ($id: ID!) { revokeStoreApiKey(id: $id) { id locationId revokedAt revokedBy } }';
const LIST =
  'query ($locationId: ID) { storeApiKeys(locationId: $locationId) { id locationId label createdAt createdBy revokedAt revokedBy } }';
const VERIFY = 'query ($secret: String!) { verifyStoreApiKey(secret: $secret) { keyId locationId } }';

interface Created {
  id: string;
  locationId: string;
  label: string | null;
  createdAt: string;
  secret: string;
}

/**
 * Per-store API keys over the subgraph's own HTTP API: operations create, list and revoke
 * them, services verify them, and nobody else may do any of it.
 */
describe.each(testDialects())('store API keys on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_store_keys');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const create = async (locationId: string, label?: string, as: Caller = opsCaller('ana')) =>
    (await graphqlData<{ createStoreApiKey: Created }>(inventory.url, CREATE, { locationId, label }, await bearer(as)))
      .createStoreApiKey;
  const verify = async (secret: string, as: Caller = gatewayService) =>
    (
      await graphqlData<{ verifyStoreApiKey: { keyId: string; locationId: string } | null }>(
        inventory.url,
        VERIFY,
        { secret },
        await bearer(as),
      )
    ).verifyStoreApiKey;
  const revoke = async (id: string, as: Caller = opsCaller('ana')) =>
    (
      await graphqlData<{
        revokeStoreApiKey: { id: string; locationId: string; revokedAt: string; revokedBy: string } | null;
      }>(inventory.url, REVOKE, { id }, await bearer(as))
    ).revokeStoreApiKey;
  const rows = () =>
    inventory.db.read((sql) => sql.select<Record<string, unknown>>('SELECT * FROM store_api_keys ORDER BY id'));
  const codeOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
    result.errors?.[0]?.extensions?.code;

  it('creates a key whose secret is shown once: only its hash is stored, and no field can read it again', async () => {
    const key = await create('madrid', ' till 1 ');

    expect(key).toEqual({
      id: expect.any(String),
      locationId: 'madrid',
      label: 'till 1',
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^sgk_/),
    });
    expect(key.secret.startsWith(`sgk_${key.id}.`)).toBe(true);
    const secretPart = key.secret.slice(`sgk_${key.id}.`.length);
    const [row] = (await rows()).filter((r) => r.id === key.id);
    expect(row).toMatchObject({
      location_id: 'madrid',
      label: 'till 1',
      created_by: 'ops:ana',
      revoked_at: null,
      revoked_by: null,
    });
    expect(row?.secret_hash).toBe(createHash('sha256').update(secretPart).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secretPart);
    const fields = await graphqlData<{ __type: { fields: Array<{ name: string }> } }>(
      inventory.url,
      '{ __type(name: "StoreApiKey") { fields { name } } }',
    );
    expect(fields.__type.fields.map((f) => f.name)).toEqual([
      'id',
      'locationId',
      'label',
      'createdAt',
      'createdBy',
      'revokedAt',
      'revokedBy',
    ]);
  });

  it('lists keys by location, or all of them, without secrets or hashes', async () => {
    const madrid = await create('madrid', 'back office');
    const berlin = await create('berlin');
    const stored = await rows();

    const atMadrid = await graphqlData<{ storeApiKeys: Array<{ id: string; locationId: string }> }>(
      inventory.url,
      LIST,
      { locationId: 'madrid' },
    );
    const all = await graphqlData<{ storeApiKeys: Array<{ id: string; locationId: string }> }>(inventory.url, LIST);

    expect(atMadrid.storeApiKeys.map((k) => k.id)).toContain(madrid.id);
    expect(atMadrid.storeApiKeys.every((k) => k.locationId === 'madrid')).toBe(true);
    expect(all.storeApiKeys.map((k) => k.id)).toEqual(expect.arrayContaining([madrid.id, berlin.id]));
    expect(all.storeApiKeys.find((k) => k.id === berlin.id)).toEqual({
      id: berlin.id,
      locationId: 'berlin',
      label: null,
      createdAt: berlin.createdAt,
      createdBy: 'ops:ana',
      revokedAt: null,
      revokedBy: null,
    });
    const answer = JSON.stringify(all);
    for (const secret of [madrid.secret, berlin.secret]) expect(answer).not.toContain(secret.split('.')[1]);
    for (const row of stored) expect(answer).not.toContain(String(row.secret_hash));
  });

  it('verifies a key for a service: its grant; a wrong, malformed, unknown or huge secret gets null', async () => {
    const key = await create('berlin');
    const [prefix = '', secretPart = ''] = key.secret.split('.');
    const wrong = `${prefix}.${secretPart.startsWith('A') ? 'B' : 'A'}${secretPart.slice(1)}`;

    expect(await verify(key.secret)).toEqual({ keyId: key.id, locationId: 'berlin' });
    expect(await verify(key.secret, opsCaller())).toEqual({ keyId: key.id, locationId: 'berlin' });
    expect(await verify(wrong)).toBeNull();
    expect(await verify(`sgk_00000000-0000-0000-0000-000000000000.${secretPart}`)).toBeNull();
    expect(await verify('not a key')).toBeNull();
    expect(await verify(`${key.secret}${'x'.repeat(100_000)}`)).toBeNull();
  });

  it('revokes a key: verify then gives null, and revoking again keeps the first revocation', async () => {
    const key = await create('madrid');

    const first = await revoke(key.id, opsCaller('ana'));
    const again = await revoke(key.id, opsCaller('bo'));

    expect(first).toEqual({ id: key.id, locationId: 'madrid', revokedAt: expect.any(String), revokedBy: 'ops:ana' });
    expect(again).toEqual(first);
    expect(await verify(key.secret)).toBeNull();
    expect(await revoke('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await revoke('x'.repeat(10_000))).toBeNull();
  });

  it('refuses an unknown location and a bad label with their codes, and writes nothing', async () => {
    const before = await rows();

    const unknown = await graphqlRequest(inventory.url, CREATE, { locationId: 'atlantis' });
    const longLabel = await graphqlRequest(inventory.url, CREATE, { locationId: 'madrid', label: 'x'.repeat(201) });
    const tooLongId = await graphqlRequest(inventory.url, CREATE, { locationId: 'x'.repeat(65) });

    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_LOCATION', field: 'locationId' });
    expect(longLabel.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_LABEL', field: 'label' });
    expect(codeOf(tooLongId)).toBe('INVALID_LOCATION');
    expect(await rows()).toEqual(before);
  });

  it('lets only operations create, list and revoke keys, and only services and operations verify them; refusals write nothing', async () => {
    const key = await create('madrid');
    const before = await rows();
    const as = async (caller: Caller | null, query: string, variables: Record<string, unknown>) =>
      codeOf(await graphqlRequest(inventory.url, query, variables, caller ? await bearer(caller) : NO_TOKEN));

    const refusals = {
      createByStore: await as(storeAtMadrid, CREATE, { locationId: 'madrid' }),
      createByCustomer: await as(customer, CREATE, { locationId: 'madrid' }),
      createByService: await as(gatewayService, CREATE, { locationId: 'madrid' }),
      createByAnonymous: await as(null, CREATE, { locationId: 'madrid' }),
      revokeByStore: await as(storeAtMadrid, REVOKE, { id: key.id }),
      revokeByService: await as(gatewayService, REVOKE, { id: key.id }),
      listByStore: await as(storeAtMadrid, LIST, { locationId: 'madrid' }),
      listByService: await as(gatewayService, LIST, {}),
      verifyByStore: await as(storeAtMadrid, VERIFY, { secret: key.secret }),
      verifyByCustomer: await as(customer, VERIFY, { secret: key.secret }),
      verifyByAnonymous: await as(null, VERIFY, { secret: key.secret }),
    };

    expect(refusals).toEqual({
      createByStore: 'FORBIDDEN',
      createByCustomer: 'FORBIDDEN',
      createByService: 'FORBIDDEN',
      createByAnonymous: 'UNAUTHENTICATED',
      revokeByStore: 'FORBIDDEN',
      revokeByService: 'FORBIDDEN',
      listByStore: 'FORBIDDEN',
      listByService: 'FORBIDDEN',
      verifyByStore: 'FORBIDDEN',
      verifyByCustomer: 'FORBIDDEN',
      verifyByAnonymous: 'UNAUTHENTICATED',
    });
    expect(await rows()).toEqual(before);
    expect(await verify(key.secret)).toEqual({ keyId: key.id, locationId: 'madrid' });
  });

  it('20 concurrent revocations and verifications: one revocation is kept, and once one has answered no verification grants', async () => {
    const key = await create('madrid');
    const revokedAnswered: number[] = [];
    const verifications: Array<{ startedAt: number; granted: boolean }> = [];
    const firstRevokeAnswer = () => Math.min(...revokedAnswered);
    const verifier = async () => {
      // Keeps verifying until it has made one call that started after a revocation answered.
      for (let i = 0; i < 1000; i += 1) {
        const startedAt = performance.now();
        const granted = (await verify(key.secret)) !== null;
        verifications.push({ startedAt, granted });
        if (revokedAnswered.length > 0 && startedAt > firstRevokeAnswer()) return;
      }
      throw new Error('a verifier never saw a revocation answer');
    };
    const revoker = async (n: number) => {
      const answer = await revoke(key.id, opsCaller(`ops-${n}`));
      revokedAnswered.push(performance.now());
      return answer;
    };

    const [answers] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, n) => revoker(n))),
      Promise.all(Array.from({ length: 20 }, () => verifier())),
    ]);

    const [stored] = (await rows()).filter((r) => r.id === key.id);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.revokedBy).toBe(stored?.revoked_by);
    expect(new Date(answers[0]?.revokedAt ?? 0).getTime()).toBe(Number(stored?.revoked_at));
    const afterRevocation = verifications.filter((v) => v.startedAt > firstRevokeAnswer());
    expect(afterRevocation.length).toBeGreaterThanOrEqual(20);
    expect(afterRevocation.filter((v) => v.granted)).toEqual([]);
    expect(await verify(key.secret)).toBeNull();
  });
});
