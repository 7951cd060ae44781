import { ALPHABET, isInAlphabet, weight, weightedSum } from './mod31';

/** GB 32100-2015 unified social credit code: 17 characters and a check character. */
export const CREDIT_CODE_LENGTH = 18;

/** Check character of the first 17 characters: weights 3^(i-1) mod 31, check = (31 - sum mod 31) mod 31. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) throw new RangeError('A credit code body has 17 characters');
  const sum = weightedSum(first17, (i) => weight(i));
  return ALPHABET[(31 - sum) % 31];
}

export function isValidCreditCode(code: string): boolean {
  if (code.length !== CREDIT_CODE_LENGTH || !isInAlphabet(code)) return false;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
