import { ALPHABET } from './mod31';
import { casCheckDigit, isValidCasNumber } from './cas-number';
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code';
import { formatTraceCode, traceCodeProblem } from './trace-code';

describe('GB 32100 credit code', () => {
  it('accepts published examples and refuses a changed check character', () => {
    // A widely published example code (国家税务总局 samples use this structure).
    const body = '91350100M000100Y4';
    const code = body + creditCodeCheckCharacter(body);
    expect(isValidCreditCode(code)).toBe(true);
    const wrong = code.slice(0, 17) + ALPHABET[(ALPHABET.indexOf(code[17]) + 1) % 31];
    expect(isValidCreditCode(wrong)).toBe(false);
  });

  it('refuses wrong length and letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M00O100Y43')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
  });

  it('computes the check character as (31 - Σ v·3^(i-1) mod 31) mod 31, against a naive reference', () => {
    const naive = (body: string) => {
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]) * (3 ** i % 31);
      return ALPHABET[(31 - (sum % 31)) % 31];
    };
    for (const body of ['91310115MA1K3YJ12', '12100000400000624', '11111111111111111', '00000000000000000']) {
      expect(creditCodeCheckCharacter(body)).toBe(naive(body));
    }
  });
});

describe('CAS number', () => {
  it.each(['7664-41-7', '7782-50-5', '7732-18-5', '50-00-0', '8006-14-2'])('accepts %s', (cas) => {
    expect(isValidCasNumber(cas)).toBe(true);
  });

  it.each(['7664-41-8', '7664417', '7-41-7', '07664-41-7', '7664-4-7'])('refuses %s', (cas) => {
    expect(isValidCasNumber(cas)).toBe(false);
  });

  it('computes 7732-18-5 (water): 8·1 + 1·2 + 2·3 + 3·4 + 7·5 + 7·6 = 105 → 5', () => {
    expect(casCheckDigit('773218')).toBe(5);
  });

  it('every CAS number in the shipped data passes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadCatalogue } = require('../registry/catalogue-data');
    const all: string[] = loadCatalogue().flatMap((c: { cas_numbers: string[] }) => c.cas_numbers);
    expect(all.length).toBeGreaterThan(2500);
    expect(all.filter((c) => !isValidCasNumber(c))).toEqual([]);
  });
});

describe('traceability code', () => {
  const credit = '91350100M000100Y4' + creditCodeCheckCharacter('91350100M000100Y4');
  const code = formatTraceCode(credit, 42);

  it('embeds the credit code and the product number, and validates', () => {
    expect(code).toHaveLength(25);
    expect(code.startsWith(credit + '000042')).toBe(true);
    expect(traceCodeProblem(code)).toBeNull();
  });

  it('catches every single-character substitution, at every position', () => {
    let tried = 0;
    for (let i = 0; i < code.length; i++) {
      for (const ch of ALPHABET) {
        if (ch === code[i]) continue;
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        expect(traceCodeProblem(typo)).not.toBeNull();
        tried++;
      }
    }
    expect(tried).toBe(25 * 30);
  });

  it('catches every adjacent swap of two different characters, the check character included', () => {
    for (let n = 1; n <= 300; n++) {
      const c = formatTraceCode(credit, n * 37);
      for (let i = 0; i + 1 < c.length; i++) {
        if (c[i] === c[i + 1]) continue;
        const swapped = c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2);
        expect(traceCodeProblem(swapped)).not.toBeNull();
      }
    }
  });

  it('names the problem', () => {
    expect(traceCodeProblem(code.slice(1))).toBe('LENGTH');
    expect(traceCodeProblem(code.slice(0, 24) + 'I')).toBe('CHARACTER');
    expect(traceCodeProblem(code.slice(0, 24) + ALPHABET[(ALPHABET.indexOf(code[24]) + 1) % 31])).toBe('CHECK_CHARACTER');
  });
});
