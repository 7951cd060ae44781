import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { lazyLoaders } from './loaders';

describe('lazyLoaders', () => {
  const em = (name: string) => ({ name }) as unknown as EntityManager;

  it('makes each loader on first use, once a request, from that request’s EntityManager', () => {
    const made: string[] = [];
    const Loaders = lazyLoaders({
      a: (e: EntityManager) => {
        made.push(`a:${(e as unknown as { name: string }).name}`);
        return new DataLoader<string, string>(async (keys) => keys);
      },
      b: () => {
        made.push('b');
        return new DataLoader<string, string>(async (keys) => keys);
      },
    });
    const one = new Loaders(em('one'));
    const two = new Loaders(em('two'));
    expect(made).toEqual([]);
    expect(one.a).toBe(one.a);
    expect(two.a).not.toBe(one.a);
    expect(made).toEqual(['a:one', 'a:two']);
  });
});
