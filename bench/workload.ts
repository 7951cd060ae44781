/**
 * The synthetic ledger: what each enterprise submits, built from a client-side
 * model of its stock, so every call is valid (no OUT below zero, receipts
 * against real shipments). Rounds of calls: a call of round r receives what
 * three calls of round r-1 shipped to it (sourceHash = the shipper's OUT hash,
 * read from the shipper's response), turns received batches into new batches
 * (PRODUCTION with inputs: transformations), and ships to three calls of
 * round r+1. A batch produced in round r therefore has r transformations
 * upstream of it: traceBatch over 10 hops has real depth from round 10 on.
 */
import crypto from 'node:crypto';
import { BenchEnterprise, BenchProduct } from './setup';

export interface MovementVars {
  direction: 'IN' | 'OUT';
  reason: string;
  warehouse: string;
  product: string;
  batch: string;
  quantity: string;
  unit: string;
  counterparty?: string;
  sourceHash?: string;
  inputs?: { product: string; batch: string }[];
  transportDoc?: string;
  occurredAt: string;
}

interface Shipment {
  outHash: string;
  shipper: string;
  product: string;
  unit: string;
  batch: string;
  /** thousandths */
  quantity: number;
  doc: string;
}

interface PendingShipment {
  index: number;
  toTask: number | null;
  to: string;
  product: string;
  unit: string;
  batch: string;
  quantity: number;
  doc: string;
}

export interface Call {
  task: number;
  round: number;
  enterprise: BenchEnterprise;
  requestId: string;
  entries: MovementVars[];
  shipments: PendingShipment[];
}

export interface TraceTarget {
  product: string;
  batch: string;
  round: number;
}

/** Deterministic PRNG (mulberry32): the same size gives the same ledger shape. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const qty = (thousandths: number): string => `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;

/** Shape of one call; the rest of the batch is filled with transfers, consumptions, imports and disposals. */
const RAW_PER_CALL = 100;
const TRANSFORMATIONS_PER_CALL = 80;
const RESALES_PER_CALL = 40;
const RECEIPT_SHARE = 0.35;

export class Workload {
  readonly tasks: number;
  readonly perRound: number;
  readonly rounds: number;
  readonly traceTargets: TraceTarget[] = [];
  private readonly incoming = new Map<number, Shipment[]>();
  private readonly holdings = new Map<string, Map<string, number>>();
  private readonly random = rng(20261126);
  private readonly start: number;
  private docSeq = 0;

  constructor(
    private readonly enterprises: BenchEnterprise[],
    entries: number,
    private readonly batchSize: number,
    rounds: number,
  ) {
    this.tasks = Math.ceil(entries / batchSize);
    this.rounds = Math.min(rounds, this.tasks);
    this.perRound = Math.ceil(this.tasks / this.rounds);
    if (this.perRound > enterprises.length) throw new Error(`bench: ${this.perRound} calls a round need at least as many enterprises`);
    this.start = Date.now() - 7 * 24 * 3600_000;
  }

  roundOf(task: number): number {
    return Math.floor(task / this.perRound);
  }

  /** The tasks of the previous round that ship to this one (none in round 0). */
  dependencies(task: number): number[] {
    const round = this.roundOf(task);
    if (round === 0) return [];
    const j = task % this.perRound;
    const deps = new Set<number>();
    for (let k = 0; k < 3; k++) {
      const dep = (round - 1) * this.perRound + ((j - k + this.perRound * 3) % this.perRound);
      if (dep < this.tasks) deps.add(dep);
    }
    return [...deps];
  }

  private enterpriseOf(task: number): BenchEnterprise {
    return this.enterprises[task % this.enterprises.length];
  }

  private held(code: string): Map<string, number> {
    let map = this.holdings.get(code);
    if (!map) this.holdings.set(code, (map = new Map()));
    return map;
  }

  /** Builds the call of a task; every entry fits the ledger's rules given the model's stock. */
  build(task: number): Call {
    const round = this.roundOf(task);
    const j = task % this.perRound;
    const enterprise = this.enterpriseOf(task);
    const stock = this.held(enterprise.code);
    const entries: MovementVars[] = [];
    const shipments: PendingShipment[] = [];
    const at = new Date(this.start + round * 3600_000 + j * 1000).toISOString();
    const B = this.batchSize;
    const room = (n = 1) => entries.length + n <= B;
    const key = (w: string, p: string, b: string) => `${w}|${p}|${b}`;
    const add = (w: string, p: string, b: string, q: number) => stock.set(key(w, p, b), (stock.get(key(w, p, b)) ?? 0) + q);
    const take = (w: string, p: string, b: string, q: number) => {
      const have = stock.get(key(w, p, b)) ?? 0;
      if (have < q) throw new Error(`bench model: ${enterprise.code} would take ${q} of ${have} (${w} ${p} ${b})`);
      stock.set(key(w, p, b), have - q);
    };
    const heldOf = (w: string, p: string, b: string) => stock.get(key(w, p, b)) ?? 0;
    const push = (m: Omit<MovementVars, 'occurredAt'>) => entries.push({ ...m, occurredAt: at });
    const doc = () => `沪危运${String(++this.docSeq).padStart(12, '0')}`;
    const own = (n: number): BenchProduct => enterprise.products[n % enterprise.products.length];

    // 1. Receipts against the shipments of the previous round.
    const received: { product: string; unit: string; batch: string }[] = [];
    for (const s of this.incoming.get(task) ?? []) {
      if (entries.length >= B * RECEIPT_SHARE) break;
      const q = this.random() < 0.1 ? Math.max(1, Math.floor(s.quantity * 0.7)) : s.quantity;
      push({ direction: 'IN', reason: 'PURCHASE', warehouse: 'W1', product: s.product, batch: s.batch, quantity: qty(q), unit: s.unit, counterparty: s.shipper, sourceHash: s.outHash, transportDoc: s.doc });
      add('W1', s.product, s.batch, q);
      received.push({ product: s.product, unit: s.unit, batch: s.batch });
    }
    this.incoming.delete(task);

    // 2. Raw productions (no recorded inputs).
    const raws: { product: string; unit: string; batch: string }[] = [];
    for (let k = 0; k < RAW_PER_CALL && room(); k++) {
      const p = own(k);
      const batch = `R${round}-${j}-${k}`;
      push({ direction: 'IN', reason: 'PRODUCTION', warehouse: 'W1', product: p.code, batch, quantity: '5000', unit: p.unit, inputs: [] });
      add('W1', p.code, batch, 5_000_000);
      raws.push({ product: p.code, unit: p.unit, batch });
    }
    if (raws.length === 0) throw new Error('bench: the batch size is too small for the workload');

    // 3. Transformations: consume a received batch (or a raw one in round 0) and a raw batch, produce a new batch.
    const made: { product: string; unit: string; batch: string }[] = [];
    for (let t = 0; t < TRANSFORMATIONS_PER_CALL && room(3); t++) {
      const first = received[t] ?? raws[(t + 1) % raws.length];
      const second = raws[t % raws.length];
      if (first.product === second.product && first.batch === second.batch) continue;
      const c1 = Math.max(1, Math.floor(heldOf('W1', first.product, first.batch) / 2));
      if (heldOf('W1', first.product, first.batch) < c1 || heldOf('W1', second.product, second.batch) < 100_000) continue;
      push({ direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W1', product: first.product, batch: first.batch, quantity: qty(c1), unit: first.unit });
      take('W1', first.product, first.batch, c1);
      push({ direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W1', product: second.product, batch: second.batch, quantity: '100', unit: second.unit });
      take('W1', second.product, second.batch, 100_000);
      const p = own(t + 1);
      const batch = `T${round}-${j}-${t}`;
      push({
        direction: 'IN', reason: 'PRODUCTION', warehouse: 'W2', product: p.code, batch, quantity: '1000', unit: p.unit,
        inputs: [{ product: first.product, batch: first.batch }, { product: second.product, batch: second.batch }],
      });
      add('W2', p.code, batch, 1_000_000);
      made.push({ product: p.code, unit: p.unit, batch });
      if (round >= 10) this.traceTargets.push({ product: p.code, batch, round });
    }

    // 4. Sales to the next round: each new batch to two buyers, and resales of received batches.
    const buyer = (k: number): { task: number | null; code: string } => {
      const nextRound = round + 1;
      const target = nextRound * this.perRound + ((j + k) % this.perRound);
      if (nextRound < this.rounds && target < this.tasks) return { task: target, code: this.enterpriseOf(target).code };
      // The last round ships to enterprises that never receive: shipments left in transit.
      return { task: null, code: this.enterprises[(task + 1 + k) % this.enterprises.length].code };
    };
    const sell = (w: string, item: { product: string; unit: string; batch: string }, q: number, k: number) => {
      const to = buyer(k);
      if (to.code === enterprise.code || !room() || heldOf(w, item.product, item.batch) < q || q <= 0) return;
      const transportDoc = doc();
      shipments.push({ index: entries.length, toTask: to.task, to: to.code, product: item.product, unit: item.unit, batch: item.batch, quantity: q, doc: transportDoc });
      push({ direction: 'OUT', reason: 'SALE', warehouse: w, product: item.product, batch: item.batch, quantity: qty(q), unit: item.unit, counterparty: to.code, transportDoc });
      take(w, item.product, item.batch, q);
    };
    made.forEach((item, t) => {
      sell('W2', item, 300_000, t % 3);
      sell('W2', item, 300_000, (t + 1) % 3);
    });
    for (let k = 0; k < RESALES_PER_CALL; k++) {
      const item = received[TRANSFORMATIONS_PER_CALL + k];
      if (!item) break;
      sell('W1', item, Math.floor(heldOf('W1', item.product, item.batch) / 2), k % 3);
    }

    // 5. Day-to-day movements up to the batch size.
    let n = 0;
    const imports: { product: string; unit: string; batch: string }[] = [];
    while (entries.length < B) {
      const raw = raws[n % raws.length];
      switch (n % 4) {
        case 0:
          if (room(2) && heldOf('W1', raw.product, raw.batch) >= 10_000) {
            push({ direction: 'OUT', reason: 'TRANSFER_OUT', warehouse: 'W1', product: raw.product, batch: raw.batch, quantity: '10', unit: raw.unit });
            take('W1', raw.product, raw.batch, 10_000);
            push({ direction: 'IN', reason: 'TRANSFER_IN', warehouse: 'W3', product: raw.product, batch: raw.batch, quantity: '10', unit: raw.unit });
            add('W3', raw.product, raw.batch, 10_000);
          }
          break;
        case 1:
          if (heldOf('W1', raw.product, raw.batch) >= 1_000) {
            push({ direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W1', product: raw.product, batch: raw.batch, quantity: '1', unit: raw.unit });
            take('W1', raw.product, raw.batch, 1_000);
          }
          break;
        case 2: {
          const p = own(n);
          const batch = `I${round}-${j}-${n}`;
          push({ direction: 'IN', reason: 'IMPORT', warehouse: 'W3', product: p.code, batch, quantity: '20', unit: p.unit, transportDoc: doc() });
          add('W3', p.code, batch, 20_000);
          imports.push({ product: p.code, unit: p.unit, batch });
          break;
        }
        default: {
          const item = imports[imports.length - 1];
          if (item && heldOf('W3', item.product, item.batch) >= 1_500) {
            push({ direction: 'OUT', reason: 'DISPOSAL', warehouse: 'W3', product: item.product, batch: item.batch, quantity: '1.5', unit: item.unit });
            take('W3', item.product, item.batch, 1_500);
          }
        }
      }
      n++;
    }
    return { task, round, enterprise, requestId: `bench-${task}-${crypto.randomUUID()}`, entries, shipments };
  }

  /** Records what a call shipped, with the OUT hashes from its response, for the receivers' calls. */
  completed(call: Call, hashes: string[]): void {
    for (const s of call.shipments) {
      if (s.toTask === null) continue;
      const list = this.incoming.get(s.toTask) ?? [];
      list.push({ outHash: hashes[s.index], shipper: call.enterprise.code, product: s.product, unit: s.unit, batch: s.batch, quantity: s.quantity, doc: s.doc });
      this.incoming.set(s.toTask, list);
    }
  }
}

/** Single-entry submissions of one client on its own chain: a production, then a consumption of it, and so on. */
export function singleEntry(enterprise: BenchEnterprise, client: number, k: number): MovementVars {
  const p = enterprise.products[0];
  const batch = `S${client}-${Math.floor(k / 2)}`;
  const occurredAt = new Date(Date.now() - 3600_000).toISOString();
  return k % 2 === 0
    ? { direction: 'IN', reason: 'PRODUCTION', warehouse: 'W3', product: p.code, batch, quantity: '10', unit: p.unit, inputs: [], occurredAt }
    : { direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W3', product: p.code, batch, quantity: '4.5', unit: p.unit, occurredAt };
}
