import { isCalendarDate } from '../shared/shanghai-calendar';
import { LicensingError } from './licensing.errors';

/** A path to an input field, for the error that names it. */
export type Field = ReadonlyArray<string | number>;

export function checkId(id: string, field: Field): string {
  if (!/^\d{1,18}$/.test(id)) throw LicensingError.invalid(field, `"${id}" is not an id`);
  return id;
}

export function checkDate(value: string, field: Field): string {
  if (!isCalendarDate(value)) throw LicensingError.invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}
