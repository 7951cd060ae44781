/**
 * Calendar arithmetic in the bureau's time zone. Dates of reminders, months
 * of publication and "N days without movement" are counted in Shanghai time
 * (UTC+8, no daylight saving), whatever the server's zone.
 */
export const BUREAU_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const format = new Intl.DateTimeFormat('en-CA', { timeZone: BUREAU_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Shanghai. */
export function localDate(at: Date): string {
  return format.format(at);
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The month after the one holding `date`: "2026-12-25" → "2027-01". */
export function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The instant a Shanghai calendar date starts. */
export function startOfLocalDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

/** The instant `years` calendar years before `at` (for the 3-year scoring window). */
export function yearsBefore(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

/** First and last day of a month "YYYY-MM". */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
