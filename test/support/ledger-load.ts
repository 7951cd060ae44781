import crypto from 'node:crypto';
import { Client } from 'pg';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { TestDatabase } from './database';
import { SECRET } from './http';
import { movement, registerTrader, Trader } from './ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

/** Sends one GraphQL request (with its token) to one of the servers under test. */
export type Send = (target: number, query: string, variables: Record<string, unknown>, token: string) => Promise<{ data?: any; errors?: any[] }>;

export const RECORD = `mutation($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed entries { seq hash } } }`;
export const VERIFY = `query($code: CreditCode!) { verifyChain(creditCode: $code, crossCheck: true) { ok checked failure { seq reason } disagreements { kind seq message } } }`;
export const STOCK = `query($code: CreditCode!) { stock(enterprise: $code, first: 100) { totalCount edges { node { quantity } } } }`;

export const token = (role: Role, claims: { enterprise?: string } = {}) =>
  mintToken(SECRET, { role, subject: `${role}-load`, ...(role === Role.REGULATOR ? { level: EnforcementLevel.DISTRICT } : {}), ...claims, expiresInSeconds: 600 } as Parameters<typeof mintToken>[1]);

export interface LoadedLedger {
  traders: Trader[];
  /** Entries each chain must hold. */
  expected: Map<string, number>;
  /** Submissions each chain recorded. */
  requests: Map<string, number>;
}

/** `count` traders (credit codes from `first`), registered directly in the test database. */
export async function registerTraders(db: TestDatabase, first: number, count: number): Promise<Trader[]> {
  const traders: Trader[] = [];
  for (let n = first; n < first + count; n++) traders.push(await registerTrader(db, n));
  return traders;
}

/**
 * Every trader submits `perTrader` submissions of `entries` IN movements at
 * once (so appends to one chain race each other), the k-th of them sent to
 * server k % targets, and each submission sent twice: a retry must be a replay,
 * never a second append. Returns the entries each chain must then hold.
 */
export async function recordConcurrently(send: Send, targets: number, traders: Trader[], perTrader: number, entries: number): Promise<LoadedLedger> {
  const expected = new Map<string, number>();
  const requests = new Map<string, number>();
  await Promise.all(
    traders.flatMap((trader) =>
      Array.from({ length: perTrader }, async (_, k) => {
        const bearer = await token(Role.ENTERPRISE, { enterprise: trader.code });
        const input = {
          requestId: crypto.randomUUID(),
          entries: Array.from({ length: entries }, (_, i) => movement(trader.product, { batch: `L${k}-${i}`, warehouse: i % 2 ? 'W2' : 'W1' })),
        };
        const first = await send(k % targets, RECORD, { input }, bearer);
        if (first.errors) throw new Error(`recordMovements refused: ${JSON.stringify(first.errors)}`);
        expect(first.data.recordMovements.replayed).toBe(false);
        const retry = await send((k + 1) % targets, RECORD, { input }, bearer);
        expect(retry.data.recordMovements).toEqual({ ...first.data.recordMovements, replayed: true });
        expected.set(trader.code, (expected.get(trader.code) ?? 0) + entries);
        requests.set(trader.code, (requests.get(trader.code) ?? 0) + 1);
      }),
    ),
  );
  return { traders, expected, requests };
}

/** Both loads as one. */
export function mergeLoads(a: LoadedLedger, b: LoadedLedger): LoadedLedger {
  const sum = (x: Map<string, number>, y: Map<string, number>) => {
    const merged = new Map(x);
    for (const [k, v] of y) merged.set(k, (merged.get(k) ?? 0) + v);
    return merged;
  };
  return { traders: [...new Set([...a.traders, ...b.traders])], expected: sum(a.expected, b.expected), requests: sum(a.requests, b.requests) };
}

/** Waits until the log holds every committed entry (the integrator runs in the background). */
export async function logCaughtUp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { behind } = await sql<{ behind: number }>(url, 'select (select count(*) from ledger_entry) - (select count(*) from log_leaf) as behind');
    if (Number(behind) === 0) return;
    if (Date.now() > deadline) throw new Error(`the log is ${behind} entries behind after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * No entry lost or duplicated: each chain holds exactly the expected entries,
 * seq 1..n without a gap, one request row per submission, each entry once in
 * the log and each log index used once; and every chain verifies, cross-checks
 * included, through the servers.
 */
export async function expectLedgerWhole(url: string, send: Send, targets: number, loaded: LoadedLedger): Promise<void> {
  const rows = await sqlRows<{ chain: string; entries: string; max_seq: number; requests: string; leaves: string }>(
    url,
    `select e.chain, count(*) as entries, max(e.seq) as max_seq,
            (select count(*) from ledger_request r where r.chain = e.chain) as requests,
            (select count(*) from log_leaf l where l.chain = e.chain) as leaves
       from ledger_entry e group by e.chain order by e.chain`,
  );
  expect(rows.map((r) => [r.chain, Number(r.entries), Number(r.max_seq), Number(r.requests), Number(r.leaves)])).toEqual(
    [...loaded.expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([chain, n]) => [chain, n, n, loaded.requests.get(chain), n]),
  );
  const log = await sql<{ leaves: string; max_index: string; entries: string }>(
    url,
    'select count(*) as leaves, max(log_index) as max_index, count(distinct entry_id) as entries from log_leaf',
  );
  expect(Number(log.entries)).toBe(Number(log.leaves));
  expect(Number(log.max_index)).toBe(Number(log.leaves) - 1);
  const regulator = await token(Role.REGULATOR);
  for (const [i, trader] of loaded.traders.entries()) {
    const verified = await send(i % targets, VERIFY, { code: trader.code }, regulator);
    expect(verified.data?.verifyChain).toEqual({ ok: true, checked: loaded.expected.get(trader.code), failure: null, disagreements: [] });
  }
}

export async function sql<T>(url: string, text: string): Promise<T> {
  return (await sqlRows<T>(url, text))[0];
}

export async function sqlRows<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}
