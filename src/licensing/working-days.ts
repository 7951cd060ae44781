import { addDays, isoWeekday } from '../shared/shanghai-calendar';

/**
 * Working days (工作日) from an application to its decision: the days after the
 * application date up to and including the decision date that are working
 * days. Weekends are rest days unless `exceptions` says a date is a working
 * day (调休), and a weekday is a rest day when `exceptions` marks it a holiday.
 * Decided on the day of application: 0. Pure.
 */
export function workingDaysBetween(applied: string, decided: string, exceptions: ReadonlyMap<string, boolean> = new Map()): number {
  if (decided <= applied) return 0;
  let count = 0;
  for (let day = addDays(applied, 1); day <= decided; day = addDays(day, 1)) {
    if (isWorkingDay(day, exceptions)) count += 1;
  }
  return count;
}

export function isWorkingDay(date: string, exceptions: ReadonlyMap<string, boolean> = new Map()): boolean {
  const exception = exceptions.get(date);
  if (exception !== undefined) return exception;
  return isoWeekday(date) <= 5;
}
