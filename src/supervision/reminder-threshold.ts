/** Days before a date at which a reminder goes out. */
export const REMINDER_DAYS: readonly number[] = [90, 30, 7];

/**
 * The reminder due `daysLeft` days before a date: the nearest threshold not
 * yet passed (7 when 5 days are left, 30 when 25 are). A job that missed a
 * day therefore sends the reminder it missed, never an older one as well.
 * Null when the date is past or further than the first threshold.
 */
export function dueReminder(daysLeft: number, thresholds: readonly number[] = REMINDER_DAYS): number | null {
  if (daysLeft < 0) return null;
  const due = thresholds.filter((t) => daysLeft <= t);
  return due.length === 0 ? null : Math.min(...due);
}
