import { ALPHABET } from './mod31';
import { formatShipmentCode, groupShipmentCode, MAX_SHIPMENT_NUMBER, normalizeShipmentCode, shipmentCodeProblem, shipmentNumberOf } from './shipment-code';

describe('shipment code', () => {
  it('writes the shipment number in base 31 with a check character, and reads it back', () => {
    for (const n of [1n, 30n, 31n, 961n, 123_456_789n, MAX_SHIPMENT_NUMBER]) {
      const code = formatShipmentCode(n);
      expect(code).toHaveLength(8);
      expect(shipmentCodeProblem(code)).toBeNull();
      expect(shipmentNumberOf(code)).toBe(n);
      expect(normalizeShipmentCode(groupShipmentCode(code).toLowerCase())).toBe(code);
    }
    expect(formatShipmentCode(1n).slice(0, 7)).toBe('0000001');
    expect(() => formatShipmentCode(0n)).toThrow(RangeError);
    expect(() => formatShipmentCode(MAX_SHIPMENT_NUMBER + 1n)).toThrow(RangeError);
  });

  it('catches every single substitution and every adjacent swap, for 2,000 codes', () => {
    const passed: string[] = [];
    let tried = 0;
    for (let k = 1n; k <= 2000n; k++) {
      const code = formatShipmentCode(k * 13_757_123n % MAX_SHIPMENT_NUMBER + 1n);
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
    expect(tried).toBe(2000 * 8 * 30);
  });

  it('names the problem', () => {
    const code = formatShipmentCode(42n);
    expect(shipmentCodeProblem(code.slice(1))).toBe('LENGTH');
    expect(shipmentCodeProblem(code.slice(0, 7) + 'O')).toBe('CHARACTER');
    expect(shipmentCodeProblem(code.slice(0, 7) + ALPHABET[(ALPHABET.indexOf(code[7]) + 1) % 31])).toBe('CHECK_CHARACTER');
  });
});
