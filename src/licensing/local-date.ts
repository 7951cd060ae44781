/**
 * Calendar dates of the licences, in Shanghai time (UTC+8, no daylight saving):
 * a licence "valid until 2029-11-25" is in force until the end of that day there.
 * Pure: no ORM, no GraphQL.
 */
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Shanghai calendar date of an instant, "YYYY-MM-DD". */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM" of an instant in Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

/** The instant a Shanghai date starts. */
export function startOfShanghaiDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS);
}

export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of a validity of `years` starting on `from`: 2026-11-26 + 3 years → 2029-11-25; 29 Feb rolls to 1 Mar first. */
export function validityEnd(from: string, years: number): string {
  const [y, m, d] = from.split('-').map(Number);
  const anniversary = new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
  return addDays(anniversary, -1);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
