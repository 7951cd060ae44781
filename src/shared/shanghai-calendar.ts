/**
 * Calendar dates of the bureau, in Asia/Shanghai time (UTC+8 all year, no
 * daylight saving since 1991), whatever the server's zone: a licence "valid
 * until 2029-11-25" is in force to the end of that day there; an inspection's
 * year, a reminder's day and a publication's month are Shanghai dates. Dates
 * travel as "YYYY-MM-DD" strings. Pure: no ORM, no GraphQL.
 */
export const BUREAU_TIME_ZONE = 'Asia/Shanghai';

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const utcMidnight = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// The instant last asked and its date: the licence checks ask for one entry's instant once per licence and activity.
let lastMs = NaN;
let lastDate = '';

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): string {
  const ms = at.getTime();
  if (ms !== lastMs) {
    lastDate = dateOf(ms + OFFSET_MS);
    lastMs = ms;
  }
  return lastDate;
}

/** "YYYY-MM" of an instant in Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

/** The instant a Shanghai date starts. */
export function startOfShanghaiDate(date: string): Date {
  return new Date(utcMidnight(date) - OFFSET_MS);
}

/** Whether text is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = utcMidnight(text);
  return !Number.isNaN(ms) && dateOf(ms) === text;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function addDays(date: string, days: number): string {
  return dateOf(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The last day of a validity of `years` starting on `from`: 2026-11-26 + 3 years → 2029-11-25; 29 Feb rolls to 1 Mar first. */
export function validityEnd(from: string, years: number): string {
  const [y, m, d] = from.split('-').map(Number);
  return addDays(dateOf(Date.UTC(y + years, m - 1, d)), -1);
}

/** The month after the one holding `date`: "2026-12-25" → "2027-01". */
export function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** First and last day of a month "YYYY-MM". */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: dateOf(Date.UTC(y, m, 0)) };
}

/** The instant `years` calendar years before `at` (the 3-year scoring window). */
export function yearsBefore(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}
