/**
 * Bench phase F (issue 16), on the ledger the earlier phases built:
 * - subscription fan-out: 100 ledgerEntries subscribers over real WebSockets
 *   (enterprise systems, each following its own chain) on an API process of
 *   their own while a 10,000-entry ingest goes to the bench's server: delivery
 *   lag from each entry's recordMovements answer to its arrival, p50/p99, and
 *   deliveries a second; the shared reader against LEDGER_FEED_SHARED_READ=false
 *   (each feed reading the log itself) in the same run;
 * - webhook deliveries a second to a local receiver with 1 and 2 dispatching
 *   processes, on the same webhooks.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import type { Client as Pg } from 'pg';
import WebSocket from 'ws';
import { GraphQLClient } from './client';
import { BenchServer, startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row, summarize } from './stats';
import { singleEntry } from './workload';

export interface FeedsOptions {
  databaseUrl: string;
  jwtSecret: string;
  sql: Pg;
  /** The bench's server: it takes the ingest and integrates the log. */
  primary: BenchServer;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  subscribers: number;
  entries: number;
  webhooks: number;
  webhookEntries: number;
  log: (message: string) => void;
}

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { seq } } }`;
const FEED = `subscription($after: String) { ledgerEntries(after: $after) { position entry { chain seq } } }`;
const REGISTER = `mutation Register($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`;
const PER_CALL = 100;
/** Serves requests and feeds only: the bench's server integrates, and nothing here delivers webhooks. */
export const FEEDS_ONLY = { LOG_INTEGRATE: 'false', JOBS_ENABLED: 'false' };

/** A per-enterprise counter, so every call of the phase makes fresh batches on each chain. */
const nextK = new Map<string, number>();

export async function benchFeeds(options: FeedsOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const shared = await fanOut(options, 'true');
  const separate = await fanOut(options, 'false');
  const hooks = await webhookRates(options);
  const rows: Row[] = [
    { metric: `F. fan-out, ${options.subscribers} subscribers, ${fmt(options.entries)}-entry ingest: lag p50 (baseline each feed reads)`, measured: `${fmt(shared.lag.p50)} ms`, baseline: `${fmt(separate.lag.p50)} ms`, ratio: pct(shared.lag.p50 / separate.lag.p50), target: '', verdict: 'info' },
    { metric: '   lag p99', measured: `${fmt(shared.lag.p99)} ms`, baseline: `${fmt(separate.lag.p99)} ms`, ratio: pct(shared.lag.p99 / separate.lag.p99), target: '', verdict: 'info' },
    { metric: '   deliveries/s (entries to subscribers)', measured: fmt(shared.rate), baseline: fmt(separate.rate), ratio: `${(shared.rate / separate.rate).toFixed(2)} ×`, target: '', verdict: 'info' },
    { metric: `F. webhook deliveries/s, ${options.webhooks} webhooks, 2 processes (baseline 1)`, measured: fmt(hooks.two), baseline: fmt(hooks.one), ratio: `${(hooks.two / hooks.one).toFixed(2)} ×`, target: '', verdict: 'info' },
  ];
  return { rows, result: { fanOut: { shared, separate }, webhooks: hooks } };
}

/** Entries recorded through the bench's server, `PER_CALL` a call on the chains of `chains`, from 4 clients; each entry's commit time by chain:seq. */
export async function ingest(options: FeedsOptions, chains: BenchEnterprise[], total: number, committed: Map<string, number>): Promise<void> {
  const api = new GraphQLClient(options.primary.url);
  let call = 0;
  const calls = Math.ceil(total / PER_CALL);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (call < calls) {
        const enterprise = chains[call++ % chains.length];
        const client = 7000 + options.enterprises.indexOf(enterprise);
        const entries = Array.from({ length: PER_CALL }, () => {
          const k = nextK.get(enterprise.code) ?? 0;
          nextK.set(enterprise.code, k + 1);
          return singleEntry(enterprise, client, k);
        });
        const answer = await api.request<{ recordMovements: { entries: { seq: number }[] } }>(options.tokens.get(enterprise.code)!, RECORD, { input: { requestId: `feeds-${client}-${nextK.get(enterprise.code)}`, entries } });
        const at = performance.now();
        for (const e of answer.recordMovements.entries) committed.set(`${enterprise.code}:${e.seq}`, at);
      }
    }),
  );
}

async function logTip(sql: Pg): Promise<string> {
  return (await sql.query<{ tip: string }>(`select coalesce(max(log_index), -1)::text as tip from log_leaf`)).rows[0].tip;
}

/** 100 subscribers on a process of their own (shared reader or not) while the bench's server takes the ingest. */
async function fanOut(options: FeedsOptions, sharedRead: string): Promise<{ lag: ReturnType<typeof summarize>; rate: number; deliveries: number; seconds: number }> {
  const server = await startServer(options.databaseUrl, options.jwtSecret, { ...FEEDS_ONLY, LEDGER_FEED_SHARED_READ: sharedRead });
  const sockets: Client[] = [];
  try {
    const after = await logTip(options.sql);
    const chains = options.enterprises.slice(0, Math.min(options.subscribers, options.enterprises.length));
    const received: { key: string; at: number }[] = [];
    const expected = new Map<string, number>();
    const subscriptions = Array.from({ length: options.subscribers }, (_, i) => {
      const enterprise = chains[i % chains.length];
      expected.set(enterprise.code, (expected.get(enterprise.code) ?? 0) + 1);
      const client = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${options.tokens.get(enterprise.code)}` }, retryAttempts: 0 });
      sockets.push(client);
      return new Promise<void>((resolve, reject) => {
        client.subscribe({ query: FEED, variables: { after } }, {
          next: (r) => {
            if (r.errors) return reject(new Error(`bench: feed error ${JSON.stringify(r.errors)}`));
            const { entry } = (r.data as { ledgerEntries: { entry: { chain: string; seq: number } } }).ledgerEntries;
            received.push({ key: `${entry.chain}:${entry.seq}`, at: performance.now() });
          },
          error: reject,
          complete: resolve,
        });
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const committed = new Map<string, number>();
    const start = performance.now();
    await ingest(options, chains, options.entries, committed);
    // Every subscriber receives every entry of its chain.
    const total = [...committed.keys()].reduce((n, key) => n + (expected.get(key.split(':')[0]) ?? 0), 0);
    const deadline = performance.now() + 600_000;
    let failure: unknown;
    void Promise.race(subscriptions).catch((e) => (failure = e));
    while (received.length < total && performance.now() < deadline && !failure) await new Promise((resolve) => setTimeout(resolve, 50));
    if (failure) throw failure;
    if (received.length < total) throw new Error(`bench: ${received.length} of ${total} deliveries within 10 min`);
    const seconds = (Math.max(...received.map((r) => r.at)) - start) / 1000;
    const lag = summarize(received.map((r) => Math.max(0, r.at - committed.get(r.key)!)));
    options.log(`F fan-out (shared read ${sharedRead}): ${fmt(received.length)} deliveries in ${seconds.toFixed(1)} s, lag p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms`);
    return { lag, rate: received.length / seconds, deliveries: received.length, seconds };
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
    await server.stop();
  }
}

/**
 * Webhooks of `options.webhooks` enterprises to one local receiver: an ingest on their chains while
 * nothing delivers, then 1 (and next time 2) dispatching processes started, from the receiver's
 * first delivery to its last.
 */
async function webhookRates(options: FeedsOptions): Promise<{ one: number; two: number; deliveries: Record<string, number> }> {
  const times: number[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      times.push(performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const chains = options.enterprises.slice(0, options.webhooks);
  const api = new GraphQLClient(options.primary.url);
  for (const e of chains) await api.request(options.tokens.get(e.code)!, REGISTER, { input: { url, event: 'LEDGER_ENTRIES' } });
  const rates: Record<string, number> = {};
  const deliveries: Record<string, number> = {};
  try {
    for (const processes of [1, 2]) {
      const committed = new Map<string, number>();
      await ingest(options, chains, options.webhookEntries, committed);
      times.length = 0;
      const dispatchers = await Promise.all(Array.from({ length: processes }, () => startServer(options.databaseUrl, options.jwtSecret, { ...FEEDS_ONLY, WEBHOOKS_DELIVER: 'true' })));
      try {
        const deadline = performance.now() + 600_000;
        while (times.length < committed.size && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        if (times.length < committed.size) throw new Error(`bench: ${times.length} of ${committed.size} webhook deliveries within 10 min`);
        const key = processes === 1 ? 'one' : 'two';
        rates[key] = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
        deliveries[key] = times.length;
        options.log(`F webhooks, ${processes} process(es): ${fmt(times.length)} deliveries, ${fmt(rates[key])}/s`);
      } finally {
        await Promise.all(dispatchers.map((d) => d.stop()));
      }
    }
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
  return { one: rates.one, two: rates.two, deliveries };
}
