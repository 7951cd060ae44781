import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { createLoaders } from './context';

describe('createLoaders', () => {
  const em = (name: string) => ({ name }) as unknown as EntityManager;

  it('gives every request loaders of its own, each domain’s there', () => {
    const first = createLoaders(em('first'));
    const second = createLoaders(em('second'));
    for (const name of ['enterprise', 'warehouse', 'product', 'licence', 'ledgerEntry', 'logIndex', 'inspection', 'majorHazardOfWarehouse'] as const) {
      expect(first[name]).toBeInstanceOf(DataLoader);
      expect(first[name]).toBe(first[name]);
      expect(second[name]).not.toBe(first[name]);
    }
    expect(typeof first.pages).toBe('function');
    expect(second.pages).not.toBe(first.pages);
  });
});
