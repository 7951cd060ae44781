/**
 * Bench phase A: what authentication costs. Calls/s of one cheap query with no token, a user's
 * access token (JWT plus the account's session check) and an API key (one indexed lookup), in
 * alternating rounds of the same run; the Argon2id verification time and login throughput.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { hashPassword, verifyPassword } from '../src/accounts/password';
import { fmt, pct, Row } from './stats';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const CHEAP = JSON.stringify({ query: '{ __typename }' });

function post(url: URL, body: string, authorization?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (authorization) headers.authorization = authorization;
    const req = http.request({ agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function gql<T>(url: URL, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await post(url, JSON.stringify({ query, variables }), token ? `Bearer ${token}` : undefined);
  const parsed = JSON.parse(response.body) as { data?: T; errors?: unknown[] };
  if (parsed.errors) throw new Error(`bench: ${query.slice(0, 40)}… answered ${JSON.stringify(parsed.errors).slice(0, 300)}`);
  return parsed.data!;
}

/** `calls` cheap queries from `clients` concurrent clients; calls/s. */
async function rate(url: URL, authorization: string | undefined, calls: number, clients: number): Promise<number> {
  let left = calls;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) {
        const response = await post(url, CHEAP, authorization);
        if (response.status !== 200) throw new Error(`bench: cheap query answered ${response.status}: ${response.body.slice(0, 200)}`);
      }
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

/** Needs the server started with ANONYMOUS_RATE_PER_MINUTE high enough for the no-token rounds. */
export async function benchAuthentication(graphqlUrl: string, adminToken: string, enterprise: string, options = { calls: 2000, clients: 4, rounds: 3 }): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const url = new URL(graphqlUrl);
  const password = 'measuring sign-in cost only';
  await gql(url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { loginName: 'bench-erp', displayName: 'bench', role: 'ENTERPRISE', enterprise, password } }, adminToken);
  const LOGIN = `mutation($p: String!) { login(name: "bench-erp", password: $p) { accessToken } }`;
  const logins = 20;
  const loginStart = performance.now();
  let accessToken = '';
  for (let i = 0; i < logins; i++) accessToken = (await gql<{ login: { accessToken: string } }>(url, LOGIN, { p: password })).login.accessToken;
  const loginRate = logins / ((performance.now() - loginStart) / 1000);
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const { key } = (await gql<{ createApiKey: { key: string } }>(url, `mutation($e: DateTime!) { createApiKey(input: { name: "bench", expiresAt: $e }) { key } }`, { e: expiresAt }, accessToken)).createApiKey;

  const sides = { none: undefined, jwt: `Bearer ${accessToken}`, key: `Bearer ${key}` } as const;
  const rates: Record<keyof typeof sides, number[]> = { none: [], jwt: [], key: [] };
  await rate(url, sides.key, 200, options.clients);
  for (let round = 0; round < options.rounds; round++) {
    for (const side of ['none', 'jwt', 'key'] as const) rates[side].push(await rate(url, sides[side], options.calls, options.clients));
  }
  const best = (xs: number[]) => Math.max(...xs);
  const [none, jwt, apiKey] = [best(rates.none), best(rates.jwt), best(rates.key)];

  const stored = await hashPassword(password);
  const verifies = 20;
  const verifyStart = performance.now();
  for (let i = 0; i < verifies; i++) await verifyPassword(stored, password);
  const verifyMs = (performance.now() - verifyStart) / verifies;

  const rows: Row[] = [
    { metric: `A. cheap query with an API key, calls/s (${options.clients} clients)`, measured: fmt(apiKey), baseline: fmt(jwt), ratio: pct(apiKey / jwt), target: '≥ 90 % of the access token', verdict: apiKey / jwt >= 0.9 ? 'PASS' : 'MISS' },
    { metric: '   the same with a user access token (JWT + session check), calls/s', measured: fmt(jwt), baseline: fmt(none), ratio: pct(jwt / none), target: 'no token', verdict: 'info' },
    { metric: '   Argon2id verification (19 MiB, t=2), ms; sequential logins/s', measured: verifyMs.toFixed(1), baseline: fmt(loginRate), ratio: '', target: '', verdict: 'info' },
  ];
  return { rows, result: { none: rates.none, jwt: rates.jwt, key: rates.key, verifyMs, loginRate } };
}
