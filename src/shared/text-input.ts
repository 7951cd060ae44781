import { CommonCode, DomainError, FieldPath } from './domain-error';

/** A free-text input, trimmed; empty or longer than `max` is BAD_USER_INPUT on its field. */
export function requiredText(value: string | null | undefined, field: FieldPath, max = 500): string {
  const text = (value ?? '').trim();
  const name = field[field.length - 1];
  if (text === '') throw new DomainError(CommonCode.BAD_USER_INPUT, `${name} must not be empty`, field);
  if (text.length > max) throw new DomainError(CommonCode.BAD_USER_INPUT, `${name} must be at most ${max} characters`, field);
  return text;
}

/** Like requiredText, but absent or blank is null. */
export function optionalText(value: string | null | undefined, field: FieldPath, max = 500): string | null {
  return value == null || value.trim() === '' ? null : requiredText(value, field, max);
}
