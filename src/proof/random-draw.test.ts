import { drawEnterprises, drawTeam, drawTicket } from './random-draw';

const SEED = '3f'.repeat(32);

describe('random draw', () => {
  it('is the documented HMAC-SHA256, fixed for a seed', () => {
    // Computed independently: printf 'enterprise\n91310000MA1K000001' | openssl dgst -sha256 -mac HMAC -macopt hexkey:3f3f…3f
    expect(drawTicket(SEED, 'enterprise', '91310000MA1K000001')).toBe('b216855c13e47fc00b6ef8f7374aee28c33d136918ba4e69d3722f00de81bcc4');
    expect(drawTicket(SEED, 'enterprise', 'x')).toBe(drawTicket(SEED, 'enterprise', 'x'));
    expect(drawTicket(SEED, 'enterprise', 'x')).not.toBe(drawTicket('40'.repeat(32), 'enterprise', 'x'));
    expect(() => drawTicket('not a seed', 'x')).toThrow();
  });

  it('does not depend on the order the pool or roster is listed in', () => {
    for (let size = 1; size <= 30; size++) {
      const pool = Array.from({ length: size }, (_, i) => `9131000000000${String(i).padStart(5, '0')}`);
      const shuffled = [...pool].sort(() => Math.random() - 0.5);
      for (const n of [0, 1, size - 1, size, size + 3]) {
        expect(drawEnterprises(SEED, shuffled, n)).toEqual(drawEnterprises(SEED, pool, n));
        expect(drawEnterprises(SEED, pool, n)).toHaveLength(Math.min(n, size));
      }
      expect(drawTeam(SEED, 'c', shuffled, 2)).toEqual(drawTeam(SEED, 'c', pool, 2));
    }
  });

  it('draws the lowest tickets', () => {
    const pool = ['a', 'b', 'c', 'd', 'e'];
    const drawn = drawEnterprises(SEED, pool, 2);
    const all = pool.map((c) => drawTicket(SEED, 'enterprise', c)).sort();
    expect(drawn.map((d) => d.ticket)).toEqual(all.slice(0, 2));
  });
});
