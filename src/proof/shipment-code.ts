import { randomInt } from 'node:crypto';
import { ALPHABET, isInAlphabet, weight, weightedSum } from './mod31';

/**
 * A shipment code: short enough to type from a transport document, e.g. "K7Q2M-8XHWA" (grouped for
 * reading; hyphens, spaces and lower case are accepted). 9 characters of the GB 32100 alphabet drawn
 * at random (31^9 ≈ 2.6 · 10^13, about 44.6 bits), then a check character with the weights of
 * trace-code.ts (Σ value(c_i) · 3^(n-i+1) + value(check) ≡ 0 mod 31): every single wrong character
 * and every swap of two different neighbours is caught before any look-up. Drawn, not counted: a
 * receiver or an outsider holding one code learns nothing of the next, and guessing a code that
 * exists takes about 31^9 / (shipments ever made) tries. Unique by the column's constraint
 * (a draw that meets an existing code is drawn again). Shipments made before codes were drawn keep
 * the 8-character code printed on their documents (their number in base 31 and a check character).
 */
export const SHIPMENT_CODE_DATA_LENGTH = 9;
export const SHIPMENT_CODE_LENGTH = SHIPMENT_CODE_DATA_LENGTH + 1;
/** The codes of shipments made before codes were drawn (migration shipment_codes). */
export const NUMBERED_SHIPMENT_CODE_LENGTH = 8;

export function shipmentCodeCheckCharacter(data: string): string {
  const sum = weightedSum(data, (i) => weight(data.length - i));
  return ALPHABET[(31 - sum) % 31];
}

/** A new code: `draw(31)` gives each character (node:crypto's randomInt unless a test passes its own). */
export function drawShipmentCode(draw: (range: number) => number = randomInt): string {
  let data = '';
  for (let i = 0; i < SHIPMENT_CODE_DATA_LENGTH; i++) data += ALPHABET[draw(ALPHABET.length)];
  return data + shipmentCodeCheckCharacter(data);
}

/** "K7Q2M-8XHWA" (an old 8-character code: "00A3-K7Q2"): the printed form. */
export function groupShipmentCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

export function normalizeShipmentCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export type ShipmentCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER';

/** Why a normalised code is not a valid shipment code, or null when it is. */
export function shipmentCodeProblem(code: string): ShipmentCodeProblem | null {
  if (code.length !== SHIPMENT_CODE_LENGTH && code.length !== NUMBERED_SHIPMENT_CODE_LENGTH) return 'LENGTH';
  if (!isInAlphabet(code)) return 'CHARACTER';
  if (shipmentCodeCheckCharacter(code.slice(0, -1)) !== code[code.length - 1]) return 'CHECK_CHARACTER';
  return null;
}

/**
 * The path a shipment's QR code names under PUBLIC_BASE_URL: the console's receive screen for that
 * code (docs/scanning.md). Not a GS1 Digital Link key (a shipment code is no GINC), but the same
 * shape as a batch's `/p/{traceCode}/10/{batch}`: a URL a phone camera opens, the code its last segment.
 */
export function shipmentPath(code: string): string {
  return `/shipments/${normalizeShipmentCode(code)}`;
}
