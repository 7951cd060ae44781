/**
 * Bench phase H's attacker: anonymous requests as costly as the server's limits still admit, and
 * bodies it must refuse, sent from many addresses (X-Forwarded-For, which the phase's server
 * trusts from loopback as it would behind a reverse proxy: the per-address limit then sees a
 * botnet, not one client).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { getIntrospectionQuery } from 'graphql';

export interface HostileRequest {
  name: string;
  /** A raw body (malformed ones are sent as they are), or one made afresh for each request. */
  body: string | (() => string);
}

export interface Answer {
  status: number;
  /** `ok`, or the first error's extensions.code (HTTP status when the answer is not GraphQL JSON). */
  code: string;
  cost?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function postRaw(url: URL, body: string, address: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': address },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(classify(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', () => resolve({ status: 0, code: 'RESET' }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, code: error.code ?? 'ERROR' }));
    req.end(body);
  });
}

function classify(status: number, text: string): Answer {
  // A large answer (the introspection, 50 QR codes) is data unless it says otherwise: parsing each would be the attacker's CPU, not the server's.
  if (status === 200 && text.length > 16_384 && !text.includes('"errors":[')) return { status, code: 'ok' };
  try {
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[]; extensions?: { cost?: { requested?: number } } };
    const code = parsed.errors?.length ? parsed.errors[0].extensions?.code ?? 'NO_CODE' : 'ok';
    return { status, code, cost: parsed.extensions?.cost?.requested };
  } catch {
    return { status, code: `HTTP_${status}` };
  }
}

const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
/** 200 characters, the most a read's string argument may hold; matching nothing, so every row is looked at. */
const LONG_SEARCH = 'Ωx'.repeat(100);
export const CHEMICAL_FIELDS = 'serial name aliases variants casNumbers highlyToxic explosivePrecursor precursorSerial thresholdTonnes';
const aliased = (n: number, field: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;

/**
 * The mix. `pageSize` is the largest chemicals page an anonymous caller's budget admits
 * (probed by the phase); `products` are traceability codes printed on labels, which anyone holds.
 */
export function hostileRequests(pageSize: number, products: string[], maxAliases: number): HostileRequest[] {
  const aliases = maxAliases;
  return [
    { name: `chemicals(first: ${pageSize}) every field, at the anonymous budget`, body: gql(`{ chemicals(first: ${pageSize}) { totalCount edges { cursor node { ${CHEMICAL_FIELDS} } } pageInfo { hasNextPage endCursor } } }`) },
    { name: `${aliases} aliases of chemicals(search: 200 chars) { totalCount }`, body: gql(aliased(aliases, () => `chemicals(first: 1, search: "${LONG_SEARCH}") { totalCount }`)) },
    { name: `chemicals(search: 200 chars, first: ${pageSize})`, body: gql(`query($s: String) { chemicals(first: ${pageSize}, search: $s) { totalCount edges { node { ${CHEMICAL_FIELDS} } } } }`, { s: LONG_SEARCH }) },
    { name: `${aliases} aliases of chemicals(search: "酸") { totalCount }`, body: gql(aliased(aliases, () => `chemicals(first: 1, search: "酸") { totalCount }`)) },
    { name: `${aliases} aliases of productByCode { qrCodeSvg }`, body: gql(aliased(aliases, (i) => `productByCode(code: "${products[i % products.length]}") { qrCodeSvg enterpriseName chemical { name } }`)) },
    { name: `${aliases} aliases of consistencyProof(from: k)`, body: gql(aliased(aliases, (i) => `consistencyProof(from: ${1 + i * 37}) { from to proof }`)) },
    { name: 'full introspection', body: gql(getIntrospectionQuery()) },
    { name: 'login, unknown name (Argon2id decoy)', body: () => gql(`mutation($n: String!) { login(name: $n, password: "not the password at all") { accessToken } }`, { n: `guess-${Math.random().toString(36).slice(2)}` }) },
    { name: `${aliases + 1} aliases (one over)`, body: gql(aliased(aliases + 1, () => 'chemicals(first: 1) { totalCount }')) },
    { name: '20,001-character document', body: gql(`{ chemicals(first: 1) { totalCount } }${' '.repeat(20_001)}`) },
    { name: 'fragments the cost library cannot count', body: gql(`{ ...A } fragment A on Query { ${Array.from({ length: 40 }, (_, i) => `c${i}: chemicals(first: 1) { totalCount }`).join(' ')} }`) },
    { name: 'malformed JSON', body: '{"query": "{ chemicals { totalCount } }", ' },
    { name: '70 KB body', body: gql('{ __typename }', { pad: 'x'.repeat(70_000) }) },
    { name: 'subscription', body: gql('subscription { x }') },
  ];
}

export interface HostileRun {
  answers: Map<string, Map<string, number>>;
  latencies: number[];
  /** Requests not sent because all `clients` connections were waiting for answers. */
  skipped: number;
  stop(): Promise<void>;
}

/**
 * The mix sent round-robin at `rate` requests a second whatever the answers (an attacker does not
 * slow down when refused), on at most `clients` connections at once, each request from one of
 * `addresses` addresses, until stopped.
 */
export function startHostile(url: URL, requests: HostileRequest[], rate: number, clients: number, addresses: number): HostileRun {
  const run: HostileRun = { answers: new Map(), latencies: [], skipped: 0, stop: async () => undefined };
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let sent = 0;
  const send = async (n: number) => {
    const request = requests[n % requests.length];
    const k = n % addresses;
    const address = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    const t = performance.now();
    const answer = await postRaw(url, typeof request.body === 'string' ? request.body : request.body(), address);
    run.latencies.push(performance.now() - t);
    const byCode = run.answers.get(request.name) ?? new Map<string, number>();
    const key = `${answer.status} ${answer.code}`;
    byCode.set(key, (byCode.get(key) ?? 0) + 1);
    run.answers.set(request.name, byCode);
  };
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      if (inFlight.size < clients) {
        const p: Promise<void> = send(sent++).finally(() => inFlight.delete(p));
        inFlight.add(p);
      } else run.skipped += 1;
      due += 1000 / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
  })();
  run.stop = async () => {
    running = false;
    await loop;
    await Promise.all(inFlight);
  };
  return run;
}

export interface AttackPlan {
  url: string;
  pageSize: number;
  products: string[];
  maxAliases: number;
  rate: number;
  clients: number;
  addresses: number;
}

export interface AttackResult {
  answers: [string, [string, number][]][];
  latencies: number[];
  skipped: number;
}

/**
 * The mix from a process of its own, as an attacker is on other machines: its CPU (bodies sent,
 * answers read) is not the normal clients', whose latencies this process measures. Started once
 * (loading it takes seconds on a busy machine), then `attack()` and `stop()` for each round.
 */
export async function forkAttacker(plan: AttackPlan): Promise<{ attack(): void; stop(): Promise<AttackResult>; close(): void }> {
  const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, BENCH_ATTACK: JSON.stringify(plan) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench: the attacker exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  await next();
  return {
    attack: () => child.send('attack'),
    stop: async () => {
      const result = next();
      child.send('stop');
      return (await result) as AttackResult;
    },
    close: () => child.kill(),
  };
}

if (require.main === module && process.env.BENCH_ATTACK) {
  const plan = JSON.parse(process.env.BENCH_ATTACK) as AttackPlan;
  const requests = hostileRequests(plan.pageSize, plan.products, plan.maxAliases);
  let run: HostileRun | undefined;
  process.on('message', async (message) => {
    if (message === 'attack') run = startHostile(new URL(plan.url), requests, plan.rate, plan.clients, plan.addresses);
    else if (run) {
      await run.stop();
      const answers = [...run.answers].map(([name, codes]) => [name, [...codes]] as [string, [string, number][]]);
      process.send!({ answers, latencies: run.latencies, skipped: run.skipped } satisfies AttackResult);
    }
  });
  process.send!('ready');
}
