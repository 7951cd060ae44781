import { HazardLine, majorHazardSum } from './major-hazard-sum';

const line = (quantity: string, unit: HazardLine['unit'], thresholdTonnes: string | null, serial = 1): HazardLine => ({
  chemicalSerial: serial,
  chemicalName: `c${serial}`,
  unit,
  quantity,
  thresholdTonnes,
});

describe('majorHazardSum (GB 18218-2018 S = Σ q/Q)', () => {
  it.each([
    ['nothing stored', [], '0.000000', false],
    ['chlorine 4.999 t of 5 t', [line('4.999', 'T', '5')], '0.999800', false],
    ['chlorine exactly 5 t', [line('5.000', 'T', '5')], '1.000000', true],
    ['5000 kg is 5 t', [line('5000', 'KG', '5')], '1.000000', true],
    ['4999.999 kg stays under', [line('4999.999', 'KG', '5')], '0.999999', false],
    ['three thirds reach 1 exactly', [line('1', 'T', '3', 1), line('1', 'T', '3', 2), line('1', 'T', '3', 3)], '1.000000', true],
    ['two chemicals, half each', [line('2.5', 'T', '5', 1), line('5000', 'KG', '10', 2)], '1.000000', true],
    ['just below with two', [line('2.499', 'T', '5', 1), line('5000', 'KG', '10', 2)], '0.999800', false],
  ])('%s', (_name, lines, sum, flagged) => {
    const result = majorHazardSum(lines as HazardLine[]);
    expect(result.sum).toBe(sum);
    expect(result.flagged).toBe(flagged);
  });

  it('sets volume units and chemicals outside table 1 aside, never guessing a density', () => {
    const result = majorHazardSum([line('10000', 'L', '5', 1), line('3', 'M3', '5', 2), line('100', 'T', null, 3), line('1', 'T', '10', 4)]);
    expect(result.sum).toBe('0.100000');
    expect(result.unconverted.map((l) => l.chemicalSerial)).toEqual([1, 2]);
    expect(result.unlisted.map((l) => l.chemicalSerial)).toEqual([3]);
    expect(result.contributions).toEqual([{ chemicalSerial: 4, chemicalName: 'c4', quantityTonnes: '1.000000', thresholdTonnes: '10.000', ratio: '0.100000' }]);
  });

  it('agrees with a naive floating-point sum away from the boundary', () => {
    const lines = [line('123.456', 'KG', '0.5', 1), line('7.25', 'T', '50', 2), line('999', 'KG', '20', 3)];
    const naive = 0.123456 / 0.5 + 7.25 / 50 + 0.999 / 20;
    expect(Number(majorHazardSum(lines).sum)).toBeCloseTo(naive, 5);
  });
});
