import { rowsReturned } from './rows-returned';

describe('rowsReturned', () => {
  it('counts edges, items of object lists and top-level objects; not scalars, not nested single objects', () => {
    expect(rowsReturned(null)).toBe(0);
    expect(rowsReturned({ enterprise: { name: 'a', parent: { name: 'b' } } })).toBe(1);
    expect(rowsReturned({ enterprises: { totalCount: 3, edges: [{ node: { casNumbers: ['1', '2'] } }, { node: {} }] } })).toBe(2);
    expect(
      rowsReturned({
        enterprise: { warehouses: { edges: [{ node: { code: 'W1' } }, { node: { code: 'W2' } }] }, licences: { edges: [{ node: { scope: { edges: [{}] } } }] } },
      }),
    ).toBe(1 + 2 + 1 + 1);
    expect(rowsReturned({ chemical: null, x: 5 })).toBe(0);
  });
});
