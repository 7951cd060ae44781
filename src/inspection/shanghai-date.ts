/**
 * Inspection dates are calendar dates of Asia/Shanghai (UTC+8 all year, no
 * daylight saving since 1991): "today" is the Shanghai date of the clock's
 * instant, and an inspection's year is the year of its scheduled date.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether text is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
