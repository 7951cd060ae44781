/**
 * GB 18218-2018 §4.2: a unit is a major hazard installation when
 * S = q1/Q1 + q2/Q2 + … + qn/Qn ≥ 1, q the actual quantity of each hazardous
 * chemical (tonnes) and Q its critical quantity (table 1, tonnes).
 * Pure and exact: quantities are decimals with 3 fractional digits, summed as
 * bigint fractions, so S = 1 exactly is flagged and rounding never flips it.
 */

/** A chemical's stock in one warehouse, in the product's unit. */
export interface HazardLine {
  chemicalSerial: number;
  chemicalName: string;
  unit: 'KG' | 'T' | 'L' | 'M3';
  /** Decimal string, ≤ 3 fractional digits. */
  quantity: string;
  /** GB 18218-2018 table 1 critical quantity; null when the chemical is not in table 1. */
  thresholdTonnes: string | null;
}

export interface HazardContribution {
  chemicalSerial: number;
  chemicalName: string;
  quantityTonnes: string;
  thresholdTonnes: string;
  /** q/Q, truncated to 6 decimals. */
  ratio: string;
}

export interface HazardSum {
  /** S, truncated (never rounded up) to 6 decimals: "1.000000" shown means S ≥ 1. */
  sum: string;
  flagged: boolean;
  contributions: HazardContribution[];
  /** Lines in L or M3: tonnes need a density the catalogue does not hold, so they are not summed. */
  unconverted: HazardLine[];
  /** Lines of chemicals absent from table 1 (table 2, by hazard category, is not applied). */
  unlisted: HazardLine[];
}

const DIGITS = 6;

function thousandths(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) throw new Error(`Not a non-negative decimal with ≤ 3 fractional digits: "${text}"`);
  return BigInt(match[1]) * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

interface Fraction {
  num: bigint;
  den: bigint;
}

function add(a: Fraction, b: Fraction): Fraction {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/** A fraction as a decimal string truncated to `digits` places. */
function truncated(f: Fraction, digits = DIGITS): string {
  const scale = 10n ** BigInt(digits);
  const scaled = (f.num * scale) / f.den;
  return `${scaled / scale}.${String(scaled % scale).padStart(digits, '0')}`;
}

/** Tonnes of a line as a fraction of thousandths, or null for volume units. */
function tonnes(line: HazardLine): Fraction | null {
  const q = thousandths(line.quantity);
  if (line.unit === 'T') return { num: q, den: 1000n };
  if (line.unit === 'KG') return { num: q, den: 1_000_000n };
  return null;
}

export function majorHazardSum(lines: readonly HazardLine[]): HazardSum {
  let sum: Fraction = { num: 0n, den: 1n };
  const contributions: HazardContribution[] = [];
  const unconverted: HazardLine[] = [];
  const unlisted: HazardLine[] = [];
  for (const line of lines) {
    if (thousandths(line.quantity) === 0n) continue;
    if (line.thresholdTonnes === null || thousandths(line.thresholdTonnes) === 0n) {
      unlisted.push(line);
      continue;
    }
    const q = tonnes(line);
    if (q === null) {
      unconverted.push(line);
      continue;
    }
    const threshold = thousandths(line.thresholdTonnes);
    const ratio: Fraction = { num: q.num * 1000n, den: q.den * threshold };
    sum = add(sum, ratio);
    contributions.push({
      chemicalSerial: line.chemicalSerial,
      chemicalName: line.chemicalName,
      quantityTonnes: truncated(q),
      thresholdTonnes: truncated({ num: threshold, den: 1000n }, 3),
      ratio: truncated(ratio),
    });
  }
  return { sum: truncated(sum), flagged: sum.num >= sum.den, contributions, unconverted, unlisted };
}
