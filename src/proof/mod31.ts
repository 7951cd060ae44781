/**
 * The 31-character alphabet of GB 32100-2015 (digits and capitals without
 * I, O, S, V, Z) and its weighted mod-31 check. 31 is prime and 3 is a
 * primitive root mod 31, so weights 3^k are distinct and non-zero for up to
 * 30 positions: any single substitution and any adjacent swap changes the sum.
 */
export const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

export function valueOf(ch: string): number | undefined {
  return VALUE.get(ch);
}

export function isInAlphabet(text: string): boolean {
  for (const ch of text) if (!VALUE.has(ch)) return false;
  return true;
}

/** 3^k mod 31. */
export function weight(k: number): number {
  let w = 1;
  for (let i = 0; i < k; i++) w = (w * 3) % 31;
  return w;
}

/** Σ value(text[i]) · weight(i + offset), mod 31. */
export function weightedSum(text: string, weightOf: (index: number) => number): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const v = VALUE.get(text[i]);
    if (v === undefined) throw new RangeError(`"${text[i]}" is not in the GB 32100 alphabet`);
    sum = (sum + v * weightOf(i)) % 31;
  }
  return sum;
}
