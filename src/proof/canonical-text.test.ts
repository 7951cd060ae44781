import { businessListPieces, canonicalEntry, canonicalText, EntryFields, fieldsWellFormed, sealEntry } from './canonical-entry';
import { jcs } from './jcs';
import { sha256Hex, sha256HexOfPieces } from './sha256';

const base: EntryFields = {
  direction: 'OUT',
  reason: 'SALE',
  warehouse: 'A-01',
  product: '91310115MA1K3YJ12G000017L',
  batch: '20261126-A',
  quantity: '20.000',
  unit: 'KG',
  counterparty: '91310115MA1K48C07M',
  sourceHash: null,
  inputs: null,
  corrects: null,
  transportDoc: '沪危运2026112600017',
  occurredAt: '2026-11-26T09:00:00.000Z',
  recordedAt: '2026-11-26T09:00:05.120Z',
  requestId: 'b7e0c6a4-2f1d-4c55-9a43-0d4d5f1f9e22',
};

describe('canonicalText, the written-out serialiser', () => {
  const cases: [string, EntryFields][] = [
    ['a sale', base],
    ['a production with inputs', { ...base, direction: 'IN', reason: 'PRODUCTION', counterparty: null, transportDoc: null, inputs: [{ product: 'A', batch: 'b"1' }, { product: 'B', batch: '\u0001\u2028😀' }] }],
    ['a production without inputs', { ...base, direction: 'IN', reason: 'PRODUCTION', counterparty: null, inputs: [] }],
    ['a receipt', { ...base, direction: 'IN', reason: 'PURCHASE', sourceHash: 'a'.repeat(64), warehouse: 'W\\1 "x"\n', batch: '\ud800lone' }],
    ['a correction', { ...base, direction: 'IN', reason: 'CORRECTION', corrects: 'b'.repeat(64), requestId: '请求/1\t' }],
  ];
  it.each(cases)('writes exactly what jcs writes: %s', (_, fields) => {
    const entry = canonicalEntry('91310115MA1K3YJ12G', 7, 'c'.repeat(64), fields);
    expect(fieldsWellFormed(entry)).toBe(true);
    expect(canonicalText('91310115MA1K3YJ12G', 7, 'c'.repeat(64), entry)).toBe(jcs(entry));
    expect(sealEntry('91310115MA1K3YJ12G', 7, 'c'.repeat(64), fields).canonical).toBe(jcs(entry));
  });

  it('writes a list of business fields (the content digest) exactly as jcs does, in pieces', () => {
    const items = cases.map(([, { recordedAt: _r, requestId: _q, ...fields }]) => canonicalEntryFields(fields));
    const text = (list: typeof items) => [...businessListPieces(list)].join('');
    expect(text(items)).toBe(jcs(items));
    expect(text([])).toBe(jcs([]));
    const listOf = (length: number) => Array.from({ length }, (_, i) => ({ ...items[i % items.length], batch: `B${i}` }));
    // Lists ending on a piece's boundary, just past it, and over several pieces.
    for (const length of [1, 99, 100, 101, 200, 201, 1000]) expect(text(listOf(length))).toBe(jcs(listOf(length)));
    expect(sha256HexOfPieces(businessListPieces(listOf(250)))).toBe(sha256Hex(jcs(listOf(250))));
    expect([...businessListPieces(items)]).toHaveLength(1);
    expect([...businessListPieces(Array.from({ length: 250 }, () => items[0]))]).toHaveLength(3);
  });

  it('leaves anything unusual to jcs', () => {
    expect(fieldsWellFormed({ ...base, quantity: '20' })).toBe(false);
    expect(fieldsWellFormed({ ...base, quantity: 20 as unknown as string })).toBe(false);
    expect(fieldsWellFormed({ ...base, reason: 'PRODUCTION' })).toBe(false);
    expect(fieldsWellFormed({ ...base, sourceHash: 'xyz' })).toBe(false);
    expect(fieldsWellFormed({ ...base, inputs: [{ product: 'A', batch: 'b', extra: 1 } as never] })).toBe(false);
    expect(fieldsWellFormed({ ...base, inputs: {} as never })).toBe(false);
  });
});

/** The business fields as canonicalEntry normalises them (nulls for absent values, inputs sorted). */
function canonicalEntryFields(fields: Omit<EntryFields, 'recordedAt' | 'requestId'>): Omit<EntryFields, 'recordedAt' | 'requestId'> {
  const { v: _v, chain: _c, seq: _s, prevHash: _p, recordedAt: _r, requestId: _q, ...rest } = canonicalEntry('c', 1, 'p', { ...fields, recordedAt: '', requestId: '' });
  return rest;
}
