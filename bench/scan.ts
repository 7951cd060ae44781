/** Bench phase S: receipt by scan (receiveShipment) next to the same receipt typed into recordMovements, and label sheets rendered. */
import crypto from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { GraphQLClient } from './client';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row, summarize } from './stats';

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { hash } } }`;
const RECEIVE = `mutation Receive($input: ReceiveShipmentInput!) { receiveShipment(input: $input) { entry { hash } } }`;

interface Sent {
  hash: string;
  code: string;
}

/**
 * Each of `clients` receivers awaits 2 × `calls` shipments from its neighbour (sent untimed first).
 * Timed: every client alternates a receipt typed into recordMovements (one entry naming the
 * shipper's hash, product, batch, unit) and a receipt by scan (receiveShipment with the shipment
 * code), so both kinds run under the same load; each kind's rate is its calls over its own time.
 */
export async function benchScan(
  sql: Client,
  api: GraphQLClient,
  apiUrl: string,
  enterprises: BenchEnterprise[],
  tokens: Map<string, string>,
  clients: number,
  calls: number,
): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const occurredAt = new Date(Date.now() - 3600_000).toISOString();
  const pairs = enterprises.slice(0, clients).map((receiver, i) => ({ receiver, sender: enterprises[(i + 1) % clients], batch: `K${i}` }));
  const shipped = await Promise.all(
    pairs.map(async ({ receiver, sender, batch }) => {
      const p = sender.products[0];
      const out = { direction: 'OUT', reason: 'SALE', warehouse: 'W2', product: p.code, batch, quantity: '1', unit: p.unit, counterparty: receiver.code, transportDoc: `WB-${batch}`, occurredAt };
      const entries = [{ direction: 'IN', reason: 'PRODUCTION', warehouse: 'W2', product: p.code, batch, quantity: String(4 * calls), unit: p.unit, inputs: [], occurredAt }, ...Array(2 * calls).fill(out)];
      const recorded = await api.request<{ recordMovements: { entries: { hash: string }[] } }>(tokens.get(sender.code)!, RECORD, { input: { requestId: `scan-setup-${batch}-${crypto.randomUUID()}`, entries } });
      return recorded.recordMovements.entries.slice(1).map((e) => e.hash);
    }),
  );
  // One query for every pair's codes: a pg Client takes one query at a time.
  const { rows } = await sql.query<{ code: string; out_hash: string }>('select code, out_hash from ledger_shipment where out_hash = any($1::char(64)[])', [shipped.flat()]);
  const codes = new Map(rows.map((r) => [r.out_hash, r.code]));
  const shipments = shipped.map((hashes) => hashes.map((hash): Sent => ({ hash, code: codes.get(hash)! })));

  const typedMs: number[] = [];
  const scanMs: number[] = [];
  await Promise.all(
    pairs.map(async ({ receiver, sender, batch }, i) => {
      const token = tokens.get(receiver.code)!;
      const p = sender.products[0];
      for (let k = 0; k < 2 * calls; k++) {
        const sent = shipments[i][k];
        const t = performance.now();
        if (k % 2 === 0) {
          const entry = { direction: 'IN', reason: 'PURCHASE', warehouse: 'W2', product: p.code, batch, quantity: '1', unit: p.unit, counterparty: sender.code, sourceHash: sent.hash, transportDoc: `WB-${batch}`, occurredAt };
          await api.request(token, RECORD, { input: { requestId: `typed-${batch}-${k}-${crypto.randomUUID()}`, entries: [entry] } });
          typedMs.push(performance.now() - t);
        } else {
          await api.request(token, RECEIVE, { input: { code: sent.code, warehouse: 'W2' } });
          scanMs.push(performance.now() - t);
        }
      }
    }),
  );
  const rate = (ms: number[]) => (ms.length * clients) / (ms.reduce((a, b) => a + b, 0) / 1000);
  const typed = { ...summarize(typedMs), rate: rate(typedMs) };
  const scan = { ...summarize(scanMs), rate: rate(scanMs) };

  // Label sheets: one product's batch, 10 sheets of 3 × 8 a request, one client.
  const first = pairs[0];
  const url = new URL(`/labels?product=${first.sender.products[0].code}&batch=${first.batch}&grid=3x8&copies=240`, apiUrl);
  const requests = 20;
  const labelStart = performance.now();
  for (let r = 0; r < requests; r++) await getOk(url);
  const sheetsPerSecond = (requests * 10) / ((performance.now() - labelStart) / 1000);

  const costRatio = typed.rate / scan.rate;
  return {
    rows: [
      { metric: `S. receipt by scan (receiveShipment, ${clients} clients), calls/s`, measured: fmt(scan.rate), baseline: fmt(typed.rate), ratio: pct(costRatio), target: 'cost ≤ 120 %', verdict: costRatio <= 1.2 ? 'PASS' : 'MISS' },
      { metric: '   receipt by scan p99 (baseline: the same receipt typed into recordMovements)', measured: `${scan.p99.toFixed(1)} ms`, baseline: `${typed.p99.toFixed(1)} ms`, ratio: pct(scan.p99 / typed.p99), target: '≤ 120 %', verdict: scan.p99 / typed.p99 <= 1.2 ? 'PASS' : 'MISS' },
      { metric: '   label sheets rendered (A4, 3 × 8, 10 a request), sheets/s', measured: fmt(sheetsPerSecond), baseline: '', ratio: '', target: '', verdict: 'info' },
    ],
    result: { clients, callsPerKind: calls * clients, typed, scan, sheetsPerSecond },
  };
}

function getOk(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`bench: GET ${url.pathname} answered ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}
