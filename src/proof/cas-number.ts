/** CAS Registry Number: 2–7 digits, 2 digits, 1 check digit, e.g. 7732-18-5. */
const CAS_PATTERN = /^(\d{2,7})-(\d{2})-(\d)$/;

/** The check digit: digits right to left (check excluded) weighted 1, 2, 3, …, sum mod 10. */
export function casCheckDigit(body: string): number {
  const digits = body.replace(/-/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

export function isValidCasNumber(cas: string): boolean {
  const match = CAS_PATTERN.exec(cas);
  if (!match) return false;
  if (match[1].length > 1 && match[1].startsWith('0')) return false;
  return casCheckDigit(match[1] + match[2]) === Number(match[3]);
}
