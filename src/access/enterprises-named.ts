import { isValidCreditCode } from '../proof/credit-code';

/** At most this many credit codes are kept per read: a whole register's list is named by its rows count. */
export const MAX_NAMED_ENTERPRISES = 1000;

/**
 * The enterprises a read concerns, for its audit row: every valid credit code
 * among the variables' strings and the answer's `creditCode`, `holder`,
 * `enterprise` and `chain` values, distinct, in first-seen order. Pure.
 */
export function enterprisesNamed(variables: unknown, data: unknown): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (found.size < MAX_NAMED_ENTERPRISES && typeof value === 'string' && !found.has(value) && isValidCreditCode(value)) found.add(value);
  };
  const everyString = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(everyString);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(everyString);
    else add(value);
  };
  // It walks every answer a regulator gets (a nested read: thousands of objects), so it allocates
  // nothing per object and makes no call for a scalar.
  const codeFields = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') codeFields(item);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const k in record) {
        const v = record[k];
        if (typeof v === 'string') {
          if (KEYS.has(k)) add(v);
        } else if (v !== null && typeof v === 'object') codeFields(v);
      }
    }
  };
  everyString(variables);
  codeFields(data);
  return [...found];
}

const KEYS = new Set(['creditCode', 'holder', 'enterprise', 'chain', 'counterpartyCode']);
