/**
 * Bench phase P (issue 16's fan-out, for partner departments, whose every event is audited):
 * `subscribers` public-security ledgerEntries subscribers over real WebSockets on an API process of
 * their own, while `entries` entries of highly toxic chemicals (their mandate) are recorded through
 * the bench's server, which integrates the log. Each subscriber receives every entry, each delivery
 * with its partner_audit_log row. Delivery lag from each call's answer to each arrival, p50/p99, and
 * deliveries a second; the audit rows written, and how many INSERTs wrote them (rows of one statement
 * share its xmin). With BENCH_P_BEFORE_MAIN (another build's entry point, e.g. main's `dist/` copied
 * to `dist-before/`) the same is measured on that build first, in the same run.
 */
import { performance } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import type { Client as Pg } from 'pg';
import WebSocket from 'ws';
import { mintToken } from '../src/access/tokens';
import { Role } from '../src/access/viewer';
import { FEEDS_ONLY, FeedsOptions, ingest } from './feeds';
import { startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, summarize } from './stats';

const FEED = `subscription($after: String) { ledgerEntries(after: $after) { position entry { chain seq } } }`;

export interface PartnerFeedRun {
  lag: ReturnType<typeof summarize>;
  rate: number;
  deliveries: number;
  seconds: number;
  auditRows: number;
  auditInserts: number;
}

/** The enterprises whose first product (the one the ingest records) is highly toxic. */
export async function toxicChains(sql: Pg, enterprises: BenchEnterprise[]): Promise<BenchEnterprise[]> {
  const { rows } = await sql.query<{ trace_code: string }>(
    `select p.trace_code from product p join chemical c on c.serial = p.chemical_serial where c.highly_toxic and p.trace_code = any($1::text[])`,
    [enterprises.map((e) => e.products[0].code)],
  );
  const toxic = new Set(rows.map((r) => r.trace_code));
  return enterprises.filter((e) => toxic.has(e.products[0].code));
}

/** One side: `subscribers` partner feeds on a process running `main` (this build when undefined). */
export async function partnerFanOut(options: FeedsOptions, chains: BenchEnterprise[], side: string, main?: string): Promise<PartnerFeedRun> {
  const server = await startServer(options.databaseUrl, options.jwtSecret, FEEDS_ONLY, main);
  const sockets: Client[] = [];
  const subject = `bench-police-${side}`;
  try {
    const token = await mintToken(options.jwtSecret, { role: Role.PARTNER, subject, department: 'PUBLIC_SECURITY', expiresInSeconds: 86_400 });
    const after = (await options.sql.query<{ tip: string }>(`select coalesce(max(log_index), -1)::text as tip from log_leaf`)).rows[0].tip;
    const received: { key: string; at: number }[] = [];
    let failure: unknown;
    for (let i = 0; i < options.subscribers; i++) {
      const client = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      sockets.push(client);
      client.subscribe({ query: FEED, variables: { after } }, {
        next: (r) => {
          if (r.errors) failure = new Error(`bench: feed error ${JSON.stringify(r.errors)}`);
          else {
            const { entry } = (r.data as { ledgerEntries: { entry: { chain: string; seq: number } } }).ledgerEntries;
            received.push({ key: `${entry.chain}:${entry.seq}`, at: performance.now() });
          }
        },
        error: (e) => (failure = e),
        complete: () => {},
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const committed = new Map<string, number>();
    const start = performance.now();
    await ingest(options, chains, options.entries, committed);
    const total = committed.size * options.subscribers;
    const deadline = performance.now() + 900_000;
    while (received.length < total && performance.now() < deadline && !failure) await new Promise((resolve) => setTimeout(resolve, 50));
    if (failure) throw failure;
    if (received.length < total) throw new Error(`bench: ${received.length} of ${total} deliveries within 15 min`);
    const seconds = (Math.max(...received.map((r) => r.at)) - start) / 1000;
    const lag = summarize(received.map((r) => Math.max(0, r.at - committed.get(r.key)!)));
    const { rows } = await options.sql.query<{ rows: string; inserts: string }>(`select count(*)::text as rows, count(distinct xmin::text)::text as inserts from partner_audit_log where subject = $1`, [subject]);
    const run = { lag, rate: received.length / seconds, deliveries: received.length, seconds, auditRows: Number(rows[0].rows), auditInserts: Number(rows[0].inserts) };
    options.log(`P partner fan-out (${side}): ${fmt(run.deliveries)} deliveries in ${seconds.toFixed(1)} s, lag p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms; ${fmt(run.auditRows)} audit rows in ${fmt(run.auditInserts)} INSERTs`);
    return run;
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
    await server.stop();
  }
}
