import { ALPHABET, isInAlphabet, weight, weightedSum } from './mod31';

/**
 * An inspection code (检查码): 12 random characters of the GB 32100 alphabet
 * and one check character, 13 in all, e.g. "K7Q2M9T4XA1HC". It is printed on
 * the inspection record handed to the enterprise, grouped "K7Q2-M9T4-XA1H-C"
 * for reading aloud; the grouping hyphens, spaces and lower case are accepted.
 *
 * Unguessable: 31^12 ≈ 7.9 × 10^17 codes (59 bits), drawn with a uniform
 * random source, so valid codes cannot be enumerated from a known one.
 * Checkable: with n = 12 data characters, Σ value(c_i) · 3^(n-i+1) + value(check) ≡ 0
 * (mod 31), the weights of trace-code.ts: every single wrong character and
 * every swap of two different neighbours (the check included) is caught
 * before any database look-up.
 */
export const INSPECTION_CODE_DATA_LENGTH = 12;
export const INSPECTION_CODE_LENGTH = INSPECTION_CODE_DATA_LENGTH + 1;

export function inspectionCodeCheckCharacter(data: string): string {
  const sum = weightedSum(data, (i) => weight(data.length - i));
  return ALPHABET[(31 - sum) % 31];
}

/**
 * A fresh code. `randomBelow(n)` must return a uniform integer in [0, n):
 * the caller passes a cryptographic source (node:crypto `randomInt`).
 */
export function generateInspectionCode(randomBelow: (n: number) => number): string {
  let data = '';
  for (let i = 0; i < INSPECTION_CODE_DATA_LENGTH; i++) data += ALPHABET[randomBelow(ALPHABET.length)];
  return data + inspectionCodeCheckCharacter(data);
}

/** Upper case, without the spaces and hyphens a person may type or the printed grouping holds. */
export function normalizeInspectionCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** "K7Q2-M9T4-XA1H-C": the printed form. */
export function groupInspectionCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export type InspectionCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER';

/** Why a normalised code is not a valid inspection code, or null when it is. */
export function inspectionCodeProblem(code: string): InspectionCodeProblem | null {
  if (code.length !== INSPECTION_CODE_LENGTH) return 'LENGTH';
  if (!isInAlphabet(code)) return 'CHARACTER';
  if (inspectionCodeCheckCharacter(code.slice(0, -1)) !== code[code.length - 1]) return 'CHECK_CHARACTER';
  return null;
}
