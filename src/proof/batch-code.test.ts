import { ALPHABET } from './mod31';
import { batchCodeCheckCharacter, batchCodeProblem, batchPath, formatBatchCode, isCodableBatchNumber, MAX_BATCH_CODE_LENGTH, MIN_BATCH_CODE_LENGTH, normalizeBatchCode, parseBatchCode } from './batch-code';
import { creditCodeCheckCharacter } from './credit-code';
import { formatTraceCode } from './trace-code';

const credit = '91350100M000100Y4' + creditCodeCheckCharacter('91350100M000100Y4');
const trace = formatTraceCode(credit, 42);

/** The definition written out: Σ v(cᵢ)·3^(n−i+1) over the data, check = the value making the total ≡ 0 (mod 31). */
function naiveCheck(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    let w = 1;
    for (let k = 0; k < data.length - i; k++) w = (w * 3) % 31;
    sum += ALPHABET.indexOf(data[i]) * w;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** One batch number of every allowed length (1 to 20), using every character of the alphabet somewhere. */
const batches = Array.from({ length: 20 }, (_, n) => Array.from({ length: n + 1 }, (_, i) => ALPHABET[(i * 7 + n * 3) % 31]).join(''));

describe('batch code', () => {
  it('is the trace code, the batch number and a check character, and reads back', () => {
    const code = formatBatchCode(trace, '2026A01');
    expect(code).toBe(trace + '2026A01' + naiveCheck(trace + '2026A01'));
    expect(batchCodeProblem(code)).toBeNull();
    expect(parseBatchCode(code)).toEqual({ traceCode: trace, batch: '2026A01' });
    expect(normalizeBatchCode(` ${code.slice(0, 10).toLowerCase()}-${code.slice(10)} `)).toBe(code);
  });

  it('agrees with the naive reference for every length', () => {
    for (const batch of batches) expect(batchCodeCheckCharacter(trace + batch)).toBe(naiveCheck(trace + batch));
    expect(formatBatchCode(trace, batches[19])).toHaveLength(MAX_BATCH_CODE_LENGTH);
    expect(formatBatchCode(trace, batches[0])).toHaveLength(MIN_BATCH_CODE_LENGTH);
  });

  it('catches every single substitution at every position of codes of every length', () => {
    let tried = 0;
    const passed: string[] = [];
    for (const batch of batches) {
      const code = formatBatchCode(trace, batch);
      for (let i = 0; i < code.length; i++) {
        for (const ch of ALPHABET) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          if (batchCodeProblem(typo) === null) passed.push(typo);
          tried++;
        }
      }
    }
    expect(passed).toEqual([]);
    // Σ over lengths 27..46 of 30 · length.
    expect(tried).toBe((30 * (27 + 46) * 20) / 2);
  });

  it('catches every adjacent swap of two different characters, the check character included', () => {
    let tried = 0;
    const passed: string[] = [];
    for (let n = 1; n <= 50; n++) {
      for (const batch of batches) {
        const code = formatBatchCode(formatTraceCode(credit, n * 97), batch);
        for (let i = 0; i + 1 < code.length; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (batchCodeProblem(swapped) === null) passed.push(swapped);
          tried++;
        }
      }
    }
    expect(passed).toEqual([]);
    expect(tried).toBeGreaterThan(29_000);
  });

  it('holds for every code, not only these: the sum changes for every substitution and swap at every length', () => {
    // A change moves the sum by (v' − v)·w for a substitution and by (a − b)·(w_i − w_{i+1}) for a swap,
    // whatever the other characters are; so checking every pair of values at every position of every
    // length covers every possible code.
    const undetected: string[] = [];
    for (let length = MIN_BATCH_CODE_LENGTH; length <= MAX_BATCH_CODE_LENGTH; length++) {
      const w = (i: number) => {
        let x = 1;
        for (let k = 0; k < length - 1 - i; k++) x = (x * 3) % 31;
        return x;
      };
      for (let i = 0; i < length; i++) {
        for (let a = 0; a < 31; a++) {
          for (let b = 0; b < 31; b++) {
            if (a === b) continue;
            if (((a - b) * w(i)) % 31 === 0) undetected.push(`substitution ${a}→${b} at ${i} of ${length}`);
            if (i + 1 < length && ((a - b) * (w(i) - w(i + 1))) % 31 === 0) undetected.push(`swap ${a}${b} at ${i} of ${length}`);
          }
        }
      }
    }
    expect(undetected).toEqual([]);
  });

  it('names the problem', () => {
    const code = formatBatchCode(trace, 'B1');
    expect(batchCodeProblem(trace)).toBe('LENGTH');
    expect(batchCodeProblem(code + 'A'.repeat(20))).toBe('LENGTH');
    expect(batchCodeProblem(code.slice(0, -1) + 'O')).toBe('CHARACTER');
    expect(batchCodeProblem(code.slice(0, -1) + ALPHABET[(ALPHABET.indexOf(code[code.length - 1]) + 1) % 31])).toBe('CHECK_CHARACTER');
    // A trace code with a wrong check character, sealed by a correct batch check character.
    const badTrace = trace.slice(0, -1) + ALPHABET[(ALPHABET.indexOf(trace[24]) + 1) % 31];
    expect(batchCodeProblem(badTrace + 'B1' + batchCodeCheckCharacter(badTrace + 'B1'))).toBe('TRACE_CODE');
  });

  it('codes batch numbers of the code alphabet only', () => {
    expect(isCodableBatchNumber('20261126A')).toBe(true);
    for (const bad of ['', 'b1', 'B-1', 'LOT I', 'A'.repeat(21), '批次1']) expect(isCodableBatchNumber(bad)).toBe(false);
    expect(() => formatBatchCode(trace, 'B-1')).toThrow(RangeError);
  });

  it('has a GS1-Digital-Link-shaped path', () => {
    expect(batchPath(trace.toLowerCase(), 'B1')).toBe(`/p/${trace}/10/B1`);
  });
});
