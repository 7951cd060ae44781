import { ALPHABET, isInAlphabet, weight, weightedSum } from './mod31';
import { normalizeTraceCode, TRACE_CODE_LENGTH, traceCodeProblem } from './trace-code';

/**
 * A batch code: the product's 25-character traceability code, the batch
 * number (1 to 20 characters of the GB 32100 alphabet, the length GS1 allows
 * for a lot, AI 10) and one check character of its own. See docs/trace-code.md.
 *
 * Check: with the n data characters (trace code and batch number),
 * Σ value(c_i) · 3^(n-i+1) + value(check) ≡ 0 (mod 31), as for the trace code.
 * Every weight is a non-zero residue and each is 3 times its right
 * neighbour's, so a single wrong character or a swap of two different
 * neighbours (the check character included) always changes the sum; that holds
 * at any length, also past 30 positions where the weights start to repeat.
 */
export const MAX_BATCH_NUMBER_LENGTH = 20;
export const MIN_BATCH_CODE_LENGTH = TRACE_CODE_LENGTH + 2;
export const MAX_BATCH_CODE_LENGTH = TRACE_CODE_LENGTH + MAX_BATCH_NUMBER_LENGTH + 1;

export function batchCodeCheckCharacter(data: string): string {
  const sum = weightedSum(data, (i) => weight(data.length - i));
  return ALPHABET[(31 - sum) % 31];
}

/** A batch number that can be part of a code: 1 to 20 characters of the code alphabet (digits, capitals but I, O, S, V, Z). */
export function isCodableBatchNumber(batch: string): boolean {
  return batch.length >= 1 && batch.length <= MAX_BATCH_NUMBER_LENGTH && isInAlphabet(batch);
}

/** The code of a product's batch; the caller has checked both parts. */
export function formatBatchCode(traceCode: string, batch: string): string {
  if (!isCodableBatchNumber(batch)) throw new RangeError(`Batch number "${batch}" cannot be coded`);
  const data = traceCode + batch;
  return data + batchCodeCheckCharacter(data);
}

/** Upper case, without the spaces and hyphens a person may type. */
export function normalizeBatchCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export type BatchCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER' | 'TRACE_CODE';

/** Why a normalised code is not a valid batch code, or null when it is. */
export function batchCodeProblem(code: string): BatchCodeProblem | null {
  if (code.length < MIN_BATCH_CODE_LENGTH || code.length > MAX_BATCH_CODE_LENGTH) return 'LENGTH';
  if (!isInAlphabet(code)) return 'CHARACTER';
  if (batchCodeCheckCharacter(code.slice(0, -1)) !== code[code.length - 1]) return 'CHECK_CHARACTER';
  if (traceCodeProblem(code.slice(0, TRACE_CODE_LENGTH)) !== null) return 'TRACE_CODE';
  return null;
}

/** The product and batch a valid code names. */
export function parseBatchCode(code: string): { traceCode: string; batch: string } {
  return { traceCode: code.slice(0, TRACE_CODE_LENGTH), batch: code.slice(TRACE_CODE_LENGTH, -1) };
}

/**
 * The path of a batch's public page, in the shape of a GS1 Digital Link
 * (`/p/{traceCode}/10/{batch}`: AI 10 is the batch or lot). The trace code
 * takes the place of the GTIN, so a phone camera opens the page; the batch
 * code itself is the trace code, the batch number and the check character.
 */
export function batchPath(traceCode: string, batch: string): string {
  return `/p/${normalizeTraceCode(traceCode)}/10/${encodeURIComponent(batch)}`;
}
