/**
 * Quantities are exact decimals with at most 3 fractional digits, carried as
 * integer thousandths (bigint) and written in the ledger's canonical form:
 * always 3 fractional digits, no sign, no exponent, no leading zeros
 * ("125.500", "0.250").
 */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export type QuantityProblem = 'FORMAT' | 'PRECISION';

/** Thousandths of a non-negative decimal string, or the reason it is not one. */
export function parseThousandths(text: string): bigint | QuantityProblem {
  const match = DECIMAL.exec(text.trim());
  if (!match) return 'FORMAT';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 3) return 'PRECISION';
  return BigInt(match[1]) * 1000n + BigInt(fraction.padEnd(3, '0'));
}

export function formatThousandths(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}

/** The canonical 3-digit form of a non-negative decimal, or null when it is not one. */
export function canonicalDecimal(text: string): string | null {
  const value = parseThousandths(text);
  return typeof value === 'bigint' ? formatThousandths(value) : null;
}
