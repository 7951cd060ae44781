import { isCalendarDate } from '../shared/shanghai-calendar';
import type { FieldPath as Field } from '../shared/domain-error';
import { LicensingError } from './licensing.errors';

/** Ids and dates in licensing's input, refused as BAD_USER_INPUT on their field. */
export function checkId(id: string, field: Field): string {
  if (!/^\d{1,18}$/.test(id)) throw LicensingError.invalid(field, `"${id}" is not an id`);
  return id;
}

export function checkDate(value: string, field: Field): string {
  if (!isCalendarDate(value)) throw LicensingError.invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}
