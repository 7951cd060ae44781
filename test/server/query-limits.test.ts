import { creditCode, registerEnterprise } from '../support/fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { adminToken, startTestServer } from '../support/http';
import { rowCounts } from '../support/row-counts';

/** Queries the limiter must refuse before they run: by shape, by cost, or because they cannot be costed. */
let db: TestDatabase;
let api: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  db = await openTestDatabase();
  await registerEnterprise(db.orm.em, 1);
  api = await startTestServer(db);
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

async function refusedWithoutWriting(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const before = await rowCounts(db.orm);
  const answer = await api.gql(query, variables, token);
  expect(await rowCounts(db.orm)).toEqual(before);
  expect(answer.body.data ?? null).toBeNull();
  return answer;
}

describe('the shape of a document, before it is parsed for execution', () => {
  it('10,001 aliases of a cheap field are refused (QUERY_TOO_COMPLEX), never run', async () => {
    // With a token: without one, a body this size is refused unread (test/server/anonymous-callers.test.ts).
    const { status, body } = await refusedWithoutWriting(aliases(10_001, 'chemicals(first: 1) { totalCount }'), {}, await adminToken());
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'characters', maximum: 20_000 });
  });

  it('more than 50 aliases are refused', async () => {
    const { status, body } = await refusedWithoutWriting(aliases(51, '__typename'));
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', maximum: 50 });
    expect((await api.gql(aliases(50, '__typename'))).body.data.a49).toBe('Query');
  });

  it('more than 1,000 fields are refused', async () => {
    const { body } = await refusedWithoutWriting(`{ ${'__typename '.repeat(1001)}}`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'fields', maximum: 1000 });
  });

  it('more than 5,000 tokens are refused, however short the text', async () => {
    const { body } = await refusedWithoutWriting(`{ chemicals(search: [${'1 '.repeat(5001)}]) { totalCount } }`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: 5000 });
  });

  it('an aliased mutation over the limit writes nothing', async () => {
    const token = await adminToken();
    const register = (i: number) =>
      `m${i}: registerEnterprise(input: { creditCode: "${creditCode(100 + i)}", name: "e${i}", address: "a", town: "t", enforcementLevel: TOWN, industry: OTHER }) { creditCode }`;
    const { body } = await refusedWithoutWriting(`mutation { ${Array.from({ length: 51 }, (_, i) => register(i)).join(' ')} }`, {}, token);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('cost', () => {
  it('a query the cost library gives up on (fragments spread into fragments) is refused, not run', async () => {
    const levels = 15;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} ... on Query { ...F${i + 1} } }`,
    ).join('\n');
    const { status, body } = await refusedWithoutWriting(`query { ...F0 }\n${fragments}`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('anonymous callers have a budget of 2,000; a token gets the full one', async () => {
    const page = `chemicals(first: 100) { edges { cursor node { serial name aliases casNumbers variants } } }`;
    const query = `{ a: ${page} b: ${page} c: ${page} }`;
    const anonymous = await refusedWithoutWriting(query);
    expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maximum: 2000 });
    const authenticated = await api.gql(query, {}, await adminToken());
    expect(authenticated.body.errors).toBeUndefined();
    expect(authenticated.body.extensions.cost.maximum).toBe(20000);
  });

  it('a document costed once is costed again by its page size and @skip variables, whatever was kept', async () => {
    const query = `query($n: Int, $s: String, $skip: Boolean!) { chemicals(first: $n, search: $s) { edges { node { serial name } } } b: chemicals(first: 1) @skip(if: $skip) { totalCount } }`;
    const cost = async (variables: Record<string, unknown>) => (await api.gql(query, variables)).body.extensions?.cost?.requested;
    const small = await cost({ n: 2, skip: true });
    expect(await cost({ n: 2, s: 'chlorine', skip: true })).toBe(small);
    expect(await cost({ n: 20, skip: true })).toBeGreaterThan(small);
    expect(await cost({ n: 2, skip: false })).toBeGreaterThan(small);
    expect(await cost({ skip: true })).not.toBe(small);
    expect(await cost({ n: 2, skip: true })).toBe(small);
    // Beyond the anonymous budget now, although the same document was cheap before.
    expect((await refusedWithoutWriting(query, { n: 1000, skip: true })).body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    // Variables that do not coerce are still refused as such after the document was costed.
    expect((await refusedWithoutWriting(query, { n: 'two', skip: true })).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('free-text arguments', () => {
  it('chemicals(search:) takes at most 200 characters (BAD_USER_INPUT naming search)', async () => {
    const { body } = await refusedWithoutWriting(`query($s: String) { chemicals(search: $s) { totalCount } }`, { s: '氯'.repeat(201) });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
    expect((await api.gql(`query($s: String) { chemicals(search: $s) { totalCount } }`, { s: '氯'.repeat(200) })).body.errors).toBeUndefined();
  });
});

describe('subscriptions', () => {
  it('a subscription over HTTP is a clean 400', async () => {
    const { status, body } = await refusedWithoutWriting(`subscription { x }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});
