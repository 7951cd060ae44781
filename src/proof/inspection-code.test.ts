import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  generateInspectionCode,
  groupInspectionCode,
  inspectionCodeCheckCharacter,
  inspectionCodeProblem,
  normalizeInspectionCode,
} from './inspection-code';
import { ALPHABET } from './mod31';

describe('inspection code', () => {
  const codes = Array.from({ length: 200 }, () => generateInspectionCode(randomInt));

  it('has 12 random characters of the GB 32100 alphabet and a check character', () => {
    for (const code of codes) {
      expect(code).toMatch(/^[0-9ABCDEFGHJKLMNPQRTUWXY]{13}$/);
      expect(inspectionCodeProblem(code)).toBeNull();
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('computes the check character against a naive reference', () => {
    const naive = (data: string) => {
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += ALPHABET.indexOf(data[i]) * (3 ** (data.length - i) % 31);
      return ALPHABET[(31 - (sum % 31)) % 31];
    };
    for (const code of codes.slice(0, 50)) expect(inspectionCodeCheckCharacter(code.slice(0, 12))).toBe(naive(code.slice(0, 12)));
    expect(generateInspectionCode(() => 0)).toBe('0000000000000');
  });

  it('catches every single-character substitution and every adjacent swap', () => {
    for (const code of codes.slice(0, 40)) {
      for (let i = 0; i < code.length; i++) {
        for (const ch of ALPHABET) {
          if (ch !== code[i]) expect(inspectionCodeProblem(code.slice(0, i) + ch + code.slice(i + 1))).toBe('CHECK_CHARACTER');
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          expect(inspectionCodeProblem(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).toBe('CHECK_CHARACTER');
        }
      }
    }
  });

  it('accepts the printed grouping and lower case; names other problems', () => {
    const code = codes[0];
    expect(normalizeInspectionCode(` ${groupInspectionCode(code).toLowerCase()} `)).toBe(code);
    expect(inspectionCodeProblem(code.slice(1))).toBe('LENGTH');
    expect(inspectionCodeProblem(code.slice(0, 12) + 'O')).toBe('CHARACTER');
  });
});

describe('src/proof stays pure', () => {
  it('imports no ORM, GraphQL or database module', () => {
    for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(__dirname, file), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => /mikro-orm|type-graphql|graphql|^pg$|\.\.\//.test(i))).toEqual([]);
    }
  });
});
