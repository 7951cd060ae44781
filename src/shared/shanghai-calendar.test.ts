import fc from 'fast-check';
import { shanghaiDate } from './shanghai-calendar';

const inShanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('shanghaiDate', () => {
  it("is the instant's calendar date in Asia/Shanghai, whatever instants were asked before it", () => {
    const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 8 }), (asked) => {
        // Asked in turn and each twice over, as the licence checks ask: the date remembered is never another instant's.
        for (const at of [...asked, ...asked.reverse()]) expect(shanghaiDate(at)).toBe(inShanghai.format(at));
      }),
    );
  });

  it('changes date at midnight in Shanghai, 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2026-12-07T15:59:59.999Z'))).toBe('2026-12-07');
    expect(shanghaiDate(new Date('2026-12-07T16:00:00.000Z'))).toBe('2026-12-08');
    expect(shanghaiDate(new Date('2026-12-07T15:59:59.999Z'))).toBe('2026-12-07');
  });
});
