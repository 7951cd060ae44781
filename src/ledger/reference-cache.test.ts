import { Unit } from '../registry/registry.enums';
import { ResolvedReferences } from './append-state';
import { SubmittedMovement } from './movement-submission';
import { ReferenceCache } from './reference-cache';

const movement = (warehouse: string, product: string, extra: Partial<SubmittedMovement> = {}) => ({ warehouse, product, ...extra }) as SubmittedMovement;
const refs = (enterprise: string, warehouses: [string, string][], products: [string, string][], counterparties: [string, string][] = []): ResolvedReferences => ({
  enterprise: { id: enterprise },
  warehouses: new Map(warehouses.map(([code, id]) => [code, { id }])),
  products: new Map(products.map(([code, id]) => [code, { id, unit: Unit.KG, chemicalSerial: 1381 }])),
  counterparties: new Map(counterparties.map(([code, id]) => [code, { id }])),
});

describe('ReferenceCache', () => {
  it('resolves a submission only when every code of it is known', () => {
    const cache = new ReferenceCache();
    expect(cache.resolve('E1', [movement('W1', 'P1')])).toBeNull();
    cache.remember('E1', refs('1', [['W1', '11']], [['P1', '21']], [['E2', '2']]));
    expect(cache.resolve('E1', [movement('W1', 'P1')])).toEqual(refs('1', [['W1', '11']], [['P1', '21']]));
    expect(cache.resolve('E1', [movement('W1', 'P1', { counterparty: 'E2' })])).toEqual(refs('1', [['W1', '11']], [['P1', '21']], [['E2', '2']]));
    for (const unknown of [movement('W2', 'P1'), movement('W1', 'P2'), movement('W1', 'P1', { counterparty: 'E3' }), movement('W1', 'P1', { inputs: [{ product: 'P9', batch: 'B' }] })]) {
      expect(cache.resolve('E1', [movement('W1', 'P1'), unknown])).toBeNull();
    }
    // A warehouse code is the enterprise's own: E2's W1 is another warehouse.
    expect(cache.resolve('E2', [movement('W1', 'P1')])).toBeNull();
  });

  it('keeps at most its limit of each kind, the oldest going first', () => {
    const cache = new ReferenceCache(2);
    for (const n of [1, 2, 3]) cache.remember(`E${n}`, refs(String(n), [['W1', `1${n}`]], [[`P${n}`, `2${n}`]]));
    expect(cache.resolve('E1', [movement('W1', 'P3')])).toBeNull();
    expect(cache.resolve('E3', [movement('W1', 'P1')])).toBeNull();
    expect(cache.resolve('E3', [movement('W1', 'P3')])).toEqual(refs('3', [['W1', '13']], [['P3', '23']]));
    expect(cache.resolve('E2', [movement('W1', 'P2')])).toEqual(refs('2', [['W1', '12']], [['P2', '22']]));
  });
});
