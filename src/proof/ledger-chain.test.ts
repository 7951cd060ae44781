import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalEntry, EntryFields, GENESIS_PREV_HASH, sealEntries, sealEntry, sortBatchRefs } from './canonical-entry';
import { jcs } from './jcs';
import { ChainEntry, verifyChain, verifyChainPages } from './verify-chain';

const CHAIN = '91310115MA1K3YJ12X';

const fields = (n: number, extra: Partial<EntryFields> = {}): EntryFields => ({
  direction: 'IN',
  reason: 'PURCHASE',
  warehouse: 'W1',
  product: '91310115MA1K3YJ12X0000017',
  batch: `B-${n}`,
  quantity: `${n}.250`,
  unit: 'KG',
  counterparty: null,
  sourceHash: null,
  inputs: null,
  corrects: null,
  transportDoc: null,
  occurredAt: '2026-11-26T08:30:00.000Z',
  recordedAt: '2026-11-26T08:31:00.000Z',
  requestId: 'req-1',
  ...extra,
});

/** A naive reference: hand-built canonical text of this shape (keys typed in sorted order), hashed with node:crypto. */
function naiveCanonical(chain: string, seq: number, prevHash: string, f: EntryFields): string {
  const s = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  const inputs =
    f.inputs === null
      ? 'null'
      : '[' + [...f.inputs].sort((a, b) => (a.product + '\u0000' + a.batch < b.product + '\u0000' + b.batch ? -1 : 1)).map((r) => `{"batch":${s(r.batch)},"product":${s(r.product)}}`).join(',') + ']';
  return (
    `{"batch":${s(f.batch)},"chain":${s(chain)},"corrects":${s(f.corrects)},"counterparty":${s(f.counterparty)},"direction":${s(f.direction)},` +
    `"inputs":${inputs},"occurredAt":${s(f.occurredAt)},"prevHash":${s(prevHash)},"product":${s(f.product)},"quantity":${s(f.quantity)},` +
    `"reason":${s(f.reason)},"recordedAt":${s(f.recordedAt)},"requestId":${s(f.requestId)},"seq":${seq},"sourceHash":${s(f.sourceHash)},` +
    `"transportDoc":${s(f.transportDoc)},"unit":${s(f.unit)},"v":1,"warehouse":${s(f.warehouse)}}`
  );
}
const naiveHash = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

function chainOf(n: number): ChainEntry[] {
  const list = Array.from({ length: n }, (_, i) => fields(i + 1));
  return sealEntries(CHAIN, 0, GENESIS_PREV_HASH, list).map((s, i) => ({ ...s, fields: list[i] }));
}

describe('canonical entry', () => {
  it('holds exactly the spec keys, absent values null, inputs sorted by product then batch', () => {
    const entry = canonicalEntry(CHAIN, 1, GENESIS_PREV_HASH, fields(1, {
      reason: 'PRODUCTION',
      inputs: [
        { product: 'B', batch: '2' },
        { product: 'A', batch: 'z' },
        { product: 'B', batch: '10' },
      ],
    }));
    expect(Object.keys(entry).sort()).toEqual([
      'batch', 'chain', 'corrects', 'counterparty', 'direction', 'inputs', 'occurredAt', 'prevHash', 'product',
      'quantity', 'reason', 'recordedAt', 'requestId', 'seq', 'sourceHash', 'transportDoc', 'unit', 'v', 'warehouse',
    ]);
    expect(entry.inputs).toEqual([{ product: 'A', batch: 'z' }, { product: 'B', batch: '10' }, { product: 'B', batch: '2' }]);
    expect(entry.counterparty).toBeNull();
  });

  it('is the worked example of docs/ledger.md', () => {
    const sealed = sealEntry('91310115MA1K3YJ12G', 1, GENESIS_PREV_HASH, {
      direction: 'IN',
      reason: 'PRODUCTION',
      warehouse: 'A-01',
      product: '91310115MA1K3YJ12G000017L',
      batch: '20261126-A',
      quantity: '125.500',
      unit: 'KG',
      counterparty: null,
      sourceHash: null,
      inputs: [],
      corrects: null,
      transportDoc: null,
      occurredAt: '2026-11-26T08:30:00.000Z',
      recordedAt: '2026-11-26T08:31:02.417Z',
      requestId: 'b7e0c6a4-2f1d-4c55-9a43-0d4d5f1f9e21',
    });
    expect(sealed.canonical).toBe(
      '{"batch":"20261126-A","chain":"91310115MA1K3YJ12G","corrects":null,"counterparty":null,"direction":"IN","inputs":[],' +
        '"occurredAt":"2026-11-26T08:30:00.000Z","prevHash":"0000000000000000000000000000000000000000000000000000000000000000",' +
        '"product":"91310115MA1K3YJ12G000017L","quantity":"125.500","reason":"PRODUCTION","recordedAt":"2026-11-26T08:31:02.417Z",' +
        '"requestId":"b7e0c6a4-2f1d-4c55-9a43-0d4d5f1f9e21","seq":1,"sourceHash":null,"transportDoc":null,"unit":"KG","v":1,"warehouse":"A-01"}',
    );
    expect(sealed.hash).toBe('e0afc14c4d2228f28816605d6941bd19b9687cfac4f6cb27cc845023a5ce6e71');
    expect(naiveHash(sealed.canonical)).toBe(sealed.hash);
  });

  it('matches a naive reference implementation, non-ASCII included', () => {
    const variants: EntryFields[] = [
      fields(1),
      fields(2, { batch: '批次-甲', counterparty: '91310101000000001X', transportDoc: '沪危运 2026-001', direction: 'OUT', reason: 'SALE' }),
      fields(3, { reason: 'PRODUCTION', inputs: [{ product: 'P2', batch: 'é' }, { product: 'P1', batch: '"q"\\' }] }),
      fields(4, { reason: 'CORRECTION', corrects: 'a'.repeat(64), direction: 'OUT' }),
      fields(5, { sourceHash: 'b'.repeat(64), counterparty: '91310101000000001X', batch: 'tab\tnew\nline \u2028 😀' }),
    ];
    let prev = GENESIS_PREV_HASH;
    variants.forEach((f, i) => {
      const sealed = sealEntry(CHAIN, i + 1, prev, f);
      expect(sealed.canonical).toBe(naiveCanonical(CHAIN, i + 1, prev, f));
      expect(sealed.hash).toBe(naiveHash(naiveCanonical(CHAIN, i + 1, prev, f)));
      prev = sealed.hash;
    });
  });

  it('links prevHash to the previous hash, entry 1 to 64 zeros', () => {
    const chain = chainOf(3);
    expect(chain[0].prevHash).toBe('0'.repeat(64));
    expect(chain[1].prevHash).toBe(chain[0].hash);
    expect(chain[2].prevHash).toBe(chain[1].hash);
    expect(sortBatchRefs([{ product: 'b', batch: '1' }, { product: 'a', batch: '2' }])[0].product).toBe('a');
  });
});

/** Every tamper, named: the chain it produces and the failure verification must report. */
const TAMPERS: Record<string, { make: (c: ChainEntry[]) => ChainEntry[]; seq: number; reason: string; head?: boolean }> = {
  'wrong prevHash': { make: (c) => c.map((e) => (e.seq === 3 ? { ...e, prevHash: 'f'.repeat(64) } : e)), seq: 3, reason: 'PREV_HASH_MISMATCH' },
  'wrong prevHash, resealed': {
    make: (c) => {
      const resealed = sealEntry(CHAIN, 3, 'e'.repeat(64), c[2].fields!);
      return c.map((e) => (e.seq === 3 ? { ...e, ...resealed } : e));
    },
    seq: 3,
    reason: 'PREV_HASH_MISMATCH',
  },
  'flipped byte in canonical': {
    make: (c) => c.map((e) => (e.seq === 2 ? { ...e, canonical: e.canonical.replace('"2.250"', '"2.350"') } : e)),
    seq: 2,
    reason: 'HASH_MISMATCH',
  },
  'flipped hash': { make: (c) => c.map((e) => (e.seq === 4 ? { ...e, hash: e.hash.replace(/^./, (ch) => (ch === '0' ? '1' : '0')) } : e)), seq: 4, reason: 'HASH_MISMATCH' },
  'field changed beside an intact canonical': {
    make: (c) => c.map((e) => (e.seq === 2 ? { ...e, fields: { ...e.fields!, quantity: '9999.000' } } : e)),
    seq: 2,
    reason: 'CANONICAL_MISMATCH',
  },
  'canonical rehashed but not canonical': {
    make: (c) =>
      c.map((e) => {
        if (e.seq !== 1) return e;
        const canonical = JSON.stringify(JSON.parse(e.canonical), null, 1);
        return { ...e, canonical, hash: naiveHash(canonical) };
      }),
    seq: 1,
    reason: 'CANONICAL_MALFORMED',
  },
  'canonical of another seq': {
    make: (c) => c.map((e) => (e.seq === 1 ? { ...e, ...sealEntry(CHAIN, 7, GENESIS_PREV_HASH, e.fields!), seq: 1 } : e)),
    seq: 1,
    reason: 'CANONICAL_MISMATCH',
  },
  reordered: { make: (c) => [c[0], c[2], c[1], c[3], c[4]], seq: 3, reason: 'SEQ_GAP' },
  'missing entry': { make: (c) => c.filter((e) => e.seq !== 2), seq: 3, reason: 'SEQ_GAP' },
  truncated: { make: (c) => c.slice(0, 3), seq: 4, reason: 'TRUNCATED', head: true },
  'duplicated seq': { make: (c) => [c[0], c[1], c[1], c[2], c[3], c[4]], seq: 2, reason: 'SEQ_DUPLICATE' },
  'older entry replayed': { make: (c) => [c[0], c[1], c[2], c[0], c[4]], seq: 1, reason: 'SEQ_OUT_OF_ORDER' },
};

describe('chain verification', () => {
  it('accepts an intact chain, streamed, and reports the entries checked and the head', async () => {
    const chain = chainOf(5);
    async function* stream() {
      for (const e of chain) yield e;
    }
    const result = await verifyChain(CHAIN, stream(), { expectedHead: { seq: 5, hash: chain[4].hash } });
    expect(result).toEqual({ chain: CHAIN, ok: true, checked: 5, head: { seq: 5, hash: chain[4].hash }, failure: null });
    expect(await verifyChain(CHAIN, [])).toMatchObject({ ok: true, checked: 0, head: null });
  });

  it.each(Object.entries(TAMPERS))('reports the first broken seq: %s', async (_name, tamper) => {
    const chain = chainOf(5);
    const result = await verifyChain(CHAIN, tamper.make(chain), tamper.head ? { expectedHead: { seq: 5, hash: chain[4].hash } } : {});
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ seq: tamper.seq, reason: tamper.reason });
  });

  it.each(Object.entries(TAMPERS))('verifyChainPages, the same result in pages of any size: %s', async (_name, tamper) => {
    const chain = chainOf(5);
    const options = tamper.head ? { expectedHead: { seq: 5, hash: chain[4].hash } } : {};
    const expected = await verifyChain(CHAIN, tamper.make(chain), options);
    for (const size of [1, 2, 5, 100]) {
      const entries = tamper.make(chain);
      async function* pages() {
        for (let i = 0; i < entries.length; i += size) yield entries.slice(i, i + size);
      }
      expect(await verifyChainPages(CHAIN, pages(), options)).toEqual(expected);
    }
  });

  it('fieldsMatch stands for the field checks only: seq, link and hash are still checked', async () => {
    const chain = chainOf(3).map(({ fields: _fields, ...e }) => ({ ...e, fieldsMatch: true }));
    expect(await verifyChainPages(CHAIN, [chain])).toMatchObject({ ok: true, checked: 3 });
    const broken = chain.map((e) => (e.seq === 2 ? { ...e, canonical: e.canonical + ' ' } : e));
    expect((await verifyChainPages(CHAIN, [broken])).failure).toMatchObject({ seq: 2, reason: 'HASH_MISMATCH' });
    const unlinked = chain.map((e) => (e.seq === 3 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    expect((await verifyChainPages(CHAIN, [unlinked])).failure).toMatchObject({ seq: 3, reason: 'PREV_HASH_MISMATCH' });
    // Without it, the same entries are checked on canonical alone.
    expect(await verifyChainPages(CHAIN, [chain.map(({ fieldsMatch: _m, ...e }) => e)])).toMatchObject({ ok: true, checked: 3 });
  });

  it('compares a stated version with canonical v, on the fast path and on canonical alone', async () => {
    const chain = chainOf(3);
    expect(await verifyChain(CHAIN, chain.map((e) => ({ ...e, version: 1 })))).toMatchObject({ ok: true, checked: 3 });
    const restated = chain.map((e) => (e.seq === 2 ? { ...e, version: 2 } : e));
    expect((await verifyChain(CHAIN, restated)).failure).toMatchObject({ seq: 2, reason: 'CANONICAL_MISMATCH', message: `canonical v is 1, the entry's is 2` });
    const bare = restated.map(({ fields: _fields, ...e }) => e);
    expect((await verifyChain(CHAIN, bare)).failure).toMatchObject({ seq: 2, reason: 'CANONICAL_MISMATCH' });
  });

  it('refuses a chain whose entries belong to another chain id', async () => {
    const result = await verifyChain('91310101000000001X', chainOf(2));
    expect(result.failure).toMatchObject({ seq: 1, reason: 'CANONICAL_MISMATCH' });
  });

  it('refuses a chain that runs past or ends off its stated head', async () => {
    const chain = chainOf(3);
    expect((await verifyChain(CHAIN, chain, { expectedHead: { seq: 2, hash: chain[1].hash } })).failure).toMatchObject({ seq: 3, reason: 'HEAD_MISMATCH' });
    expect((await verifyChain(CHAIN, chain, { expectedHead: { seq: 3, hash: 'a'.repeat(64) } })).failure).toMatchObject({ seq: 3, reason: 'HEAD_MISMATCH' });
  });

  it('agrees with a naive reference verifier on random tampers', async () => {
    const naiveVerify = (entries: ChainEntry[]): number | null => {
      let prev = GENESIS_PREV_HASH;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.seq !== i + 1 || e.prevHash !== prev || naiveHash(e.canonical) !== e.hash) return e.seq;
        if (naiveCanonical(CHAIN, e.seq, e.prevHash, e.fields!) !== e.canonical) return e.seq;
        prev = e.hash;
      }
      return null;
    };
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const chain = chainOf(6);
      const at = Math.floor(random() * 6);
      const kind = Math.floor(random() * 4);
      const e = chain[at];
      if (kind === 0) chain[at] = { ...e, canonical: e.canonical.replace(/"seq":\d+/, `"seq":${e.seq + 1}`) };
      if (kind === 1) chain[at] = { ...e, prevHash: naiveHash(String(round)) };
      if (kind === 2) chain[at] = { ...e, fields: { ...e.fields!, batch: e.fields!.batch + 'x' } };
      const result = await verifyChain(CHAIN, chain);
      const expected = naiveVerify(chain);
      expect(result.failure?.seq ?? null).toBe(expected);
      expect(result.ok).toBe(expected === null);
    }
  });

  it('JCS serialises strings and keys as RFC 8785 requires', () => {
    expect(jcs({ b: 1, a: '\u00e9\u2028"', A: null })).toBe('{"A":null,"a":"é\u2028\\"","b":1}');
  });
});

describe('the proof folder', () => {
  it('imports no ORM, GraphQL or database code', () => {
    const forbidden = /from\s+['"](@mikro-orm\/[^'"]*|type-graphql|graphql|pg|knex|dataloader|\.\.\/(db|graphql|ledger|registry|access|shared)[^'"]*)['"]|require\(\s*['"](@mikro-orm|type-graphql|pg)/;
    const offenders = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => forbidden.test(fs.readFileSync(path.join(__dirname, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
