import { ALPHABET } from './mod31';
import { drawShipmentCode, groupShipmentCode, normalizeShipmentCode, shipmentCodeCheckCharacter, shipmentCodeProblem } from './shipment-code';

/** A deterministic draw for the exhaustive checks: a linear congruential sequence. */
function seeded(seed: number): (range: number) => number {
  let state = seed;
  return (range) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % range;
  };
}

describe('shipment code', () => {
  it('is 9 drawn characters and a check character, printed in two groups, read back however typed', () => {
    const code = drawShipmentCode();
    expect(code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{10}$/);
    expect(shipmentCodeProblem(code)).toBeNull();
    expect(groupShipmentCode(code)).toBe(`${code.slice(0, 5)}-${code.slice(5)}`);
    expect(normalizeShipmentCode(` ${groupShipmentCode(code).toLowerCase()} `)).toBe(code);
    // A shipment made before codes were drawn keeps its 8-character code.
    const numbered = `00000A3${shipmentCodeCheckCharacter('00000A3')}`;
    expect(shipmentCodeProblem(numbered)).toBeNull();
    expect(groupShipmentCode(numbered)).toBe(`0000-0A3${numbered[7]}`);
  });

  it('says nothing of the next code: 20,000 codes drawn in a row are distinct, and each character is spread evenly', () => {
    const codes = Array.from({ length: 20_000 }, () => drawShipmentCode());
    expect(new Set(codes).size).toBe(codes.length);
    // No two successive codes share their first 4 characters more often than chance (31^-4 ≈ 1e-6) would allow.
    expect(codes.filter((c, i) => i > 0 && c.slice(0, 4) === codes[i - 1].slice(0, 4)).length).toBeLessThanOrEqual(1);
    for (let position = 0; position < 9; position++) {
      const counts = new Map<string, number>();
      for (const c of codes) counts.set(c[position], (counts.get(c[position]) ?? 0) + 1);
      expect(counts.size).toBe(31);
      // 20,000 / 31 ≈ 645 each; a draw that favoured some characters would leave this band.
      for (const n of counts.values()) expect(Math.abs(n - 645)).toBeLessThan(150);
    }
  });

  it('catches every single substitution and every adjacent swap, for 2,000 codes', () => {
    const draw = seeded(7);
    const passed: string[] = [];
    let tried = 0;
    for (let k = 0; k < 2000; k++) {
      const code = drawShipmentCode(draw);
      for (let i = 0; i < code.length; i++) {
        for (const ch of ALPHABET) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          if (shipmentCodeProblem(typo) === null) passed.push(typo);
          tried++;
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (shipmentCodeProblem(swapped) === null) passed.push(swapped);
        }
      }
    }
    expect(passed).toEqual([]);
    expect(tried).toBe(2000 * 10 * 30);
  });

  it('names the problem', () => {
    const code = drawShipmentCode(seeded(42));
    expect(shipmentCodeProblem(code.slice(1))).toBe('LENGTH');
    expect(shipmentCodeProblem(code + '0')).toBe('LENGTH');
    expect(shipmentCodeProblem(code.slice(0, 9) + 'O')).toBe('CHARACTER');
    expect(shipmentCodeProblem(code.slice(0, 9) + ALPHABET[(ALPHABET.indexOf(code[9]) + 1) % 31])).toBe('CHECK_CHARACTER');
  });
});
