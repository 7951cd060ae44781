import { ALPHABET, isInAlphabet, valueOf, weight, weightedSum } from './mod31';

/**
 * A shipment code: short enough to type from a transport document, e.g. "00A3-K7Q2" (grouped for
 * reading; hyphens, spaces and lower case are accepted). 7 characters of the GB 32100 alphabet
 * writing the shipment's number in base 31, then a check character with the weights of
 * trace-code.ts (Σ value(c_i) · 3^(n-i+1) + value(check) ≡ 0 mod 31): every single wrong character
 * and every swap of two different neighbours is caught before any look-up. The number is the
 * shipment's database id, so codes are unique by construction and never reused; a code gives no
 * right to anything, since only the named receiver may receive (receiveShipment).
 */
export const SHIPMENT_CODE_DATA_LENGTH = 7;
export const SHIPMENT_CODE_LENGTH = SHIPMENT_CODE_DATA_LENGTH + 1;
export const MAX_SHIPMENT_NUMBER = 31n ** BigInt(SHIPMENT_CODE_DATA_LENGTH) - 1n;

export function shipmentCodeCheckCharacter(data: string): string {
  const sum = weightedSum(data, (i) => weight(data.length - i));
  return ALPHABET[(31 - sum) % 31];
}

export function formatShipmentCode(shipmentNumber: bigint | string): string {
  let n = BigInt(shipmentNumber);
  if (n < 1n || n > MAX_SHIPMENT_NUMBER) throw new RangeError(`Shipment number must be 1..${MAX_SHIPMENT_NUMBER}`);
  let data = '';
  for (let i = 0; i < SHIPMENT_CODE_DATA_LENGTH; i++) {
    data = ALPHABET[Number(n % 31n)] + data;
    n /= 31n;
  }
  return data + shipmentCodeCheckCharacter(data);
}

/** "00A3-K7Q2": the printed form. */
export function groupShipmentCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normalizeShipmentCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export type ShipmentCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER';

/** Why a normalised code is not a valid shipment code, or null when it is. */
export function shipmentCodeProblem(code: string): ShipmentCodeProblem | null {
  if (code.length !== SHIPMENT_CODE_LENGTH) return 'LENGTH';
  if (!isInAlphabet(code)) return 'CHARACTER';
  if (shipmentCodeCheckCharacter(code.slice(0, -1)) !== code[code.length - 1]) return 'CHECK_CHARACTER';
  return null;
}

/** The shipment number a valid code names. */
export function shipmentNumberOf(code: string): bigint {
  let n = 0n;
  for (const ch of code.slice(0, SHIPMENT_CODE_DATA_LENGTH)) n = n * 31n + BigInt(valueOf(ch)!);
  return n;
}
