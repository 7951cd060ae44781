/**
 * Bench phase 7d: what the log's integrator costs the ingest. The same
 * batched calls (1,000 IMPORT entries each, one chain per client) against a
 * server whose integrator is off (LOG_INTEGRATE=false) and one whose
 * integrator runs and signs a checkpoint each second, in alternating rounds
 * so that the machine's load falls on both alike. Runs with no other server
 * on the database: the integrator's advisory lock must be free.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { GraphQLClient } from './client';
import { waitForCheckpoint } from './log';
import { startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row } from './stats';

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { seq } } }`;
const PER_CALL = 1000;

export interface IngestComparison {
  databaseUrl: string;
  jwtSecret: string;
  sql: Client;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  clients: number;
  callsPerClient: number;
  rounds: number;
  log: (message: string) => void;
}

/** One round: `clients` clients, each `callsPerClient` calls on its own chain; entries/s. */
async function ingestRound(url: string, o: IngestComparison, tag: string): Promise<{ entries: number; seconds: number }> {
  const api = new GraphQLClient(url);
  const start = performance.now();
  await Promise.all(
    o.enterprises.slice(0, o.clients).map(async (enterprise) => {
      const product = enterprise.products[2];
      for (let call = 0; call < o.callsPerClient; call++) {
        const occurredAt = new Date(Date.now() - 60_000).toISOString();
        const entries = Array.from({ length: PER_CALL }, (_, k) => ({
          direction: 'IN',
          reason: 'IMPORT',
          warehouse: 'W3',
          product: product.code,
          batch: `${tag}-${call}-${k}`,
          quantity: '20',
          unit: product.unit,
          transportDoc: `IMP-${tag}-${call}-${k}`,
          occurredAt,
        }));
        await api.request(o.tokens.get(enterprise.code)!, RECORD, { input: { requestId: `${tag}-${call}-${crypto.randomUUID()}`, entries } });
      }
    }),
  );
  return { entries: o.clients * o.callsPerClient * PER_CALL, seconds: (performance.now() - start) / 1000 };
}

export async function benchIngestWithIntegrator(o: IngestComparison): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const totals = { off: { entries: 0, seconds: 0 }, on: { entries: 0, seconds: 0 } };
  for (let round = 0; round < o.rounds; round++) {
    for (const mode of ['off', 'on'] as const) {
      const server = await startServer(o.databaseUrl, o.jwtSecret, { LOG_INTEGRATE: mode === 'on' ? 'true' : 'false' });
      try {
        // The integrator starts from a caught-up log: the entries of the round without it are integrated first, untimed.
        if (mode === 'on') await waitForCheckpoint(o.sql);
        const run = await ingestRound(server.url, o, `ing${round}${mode}`);
        totals[mode].entries += run.entries;
        totals[mode].seconds += run.seconds;
        o.log(`  round ${round + 1}, integrator ${mode}: ${fmt(run.entries / run.seconds)} entries/s`);
        if (mode === 'on') await waitForCheckpoint(o.sql);
      } finally {
        await server.stop();
      }
    }
  }
  const off = totals.off.entries / totals.off.seconds;
  const on = totals.on.entries / totals.on.seconds;
  return {
    rows: [
      {
        metric: `7. ingest with the integrator running, entries/s (baseline: integrator off; ${o.rounds} alternating rounds)`,
        measured: fmt(on),
        baseline: fmt(off),
        ratio: pct(on / off),
        target: '≥ 90 %',
        verdict: on / off >= 0.9 ? 'PASS' : 'MISS',
      },
    ],
    result: { ...totals, rateOn: on, rateOff: off },
  };
}
