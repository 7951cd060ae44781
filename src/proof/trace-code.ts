import { ALPHABET, isInAlphabet, weight, weightedSum } from './mod31';
import { CREDIT_CODE_LENGTH, isValidCreditCode } from './credit-code';

/**
 * A product's traceability code (一企一品一码): the enterprise's 18-character
 * credit code, a 6-digit product number that the enterprise never reuses, and
 * one check character. See docs/trace-code.md.
 *
 * Check: with n = 24 data characters, Σ value(c_i) · 3^(n-i+1) + value(check) ≡ 0 (mod 31).
 * Every position, the check included, has a distinct non-zero weight and
 * neighbours' weights differ, so a single wrong character or a swap of two
 * neighbours (the check character included) never passes.
 */
export const PRODUCT_NUMBER_DIGITS = 6;
export const TRACE_CODE_LENGTH = CREDIT_CODE_LENGTH + PRODUCT_NUMBER_DIGITS + 1;
export const MAX_PRODUCT_NUMBER = 10 ** PRODUCT_NUMBER_DIGITS - 1;

function dataSum(data: string): number {
  return weightedSum(data, (i) => weight(data.length - i));
}

export function traceCodeCheckCharacter(data: string): string {
  return ALPHABET[(31 - dataSum(data)) % 31];
}

export function formatTraceCode(creditCode: string, productNumber: number): string {
  if (!Number.isInteger(productNumber) || productNumber < 1 || productNumber > MAX_PRODUCT_NUMBER) {
    throw new RangeError(`Product number must be 1..${MAX_PRODUCT_NUMBER}`);
  }
  const data = creditCode + String(productNumber).padStart(PRODUCT_NUMBER_DIGITS, '0');
  return data + traceCodeCheckCharacter(data);
}

/** Accepts lower case and surrounding spaces as a person may type them. */
export function normalizeTraceCode(input: string): string {
  return input.trim().toUpperCase();
}

export type TraceCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER' | 'CREDIT_CODE';

/** Why a code is not a valid traceability code, or null when it is. */
export function traceCodeProblem(code: string): TraceCodeProblem | null {
  if (code.length !== TRACE_CODE_LENGTH) return 'LENGTH';
  if (!isInAlphabet(code) || !/^\d+$/.test(code.slice(CREDIT_CODE_LENGTH, -1))) return 'CHARACTER';
  if (traceCodeCheckCharacter(code.slice(0, -1)) !== code[code.length - 1]) return 'CHECK_CHARACTER';
  if (!isValidCreditCode(code.slice(0, CREDIT_CODE_LENGTH))) return 'CREDIT_CODE';
  return null;
}

export function enterpriseOfTraceCode(code: string): string {
  return code.slice(0, CREDIT_CODE_LENGTH);
}
