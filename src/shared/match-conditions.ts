/**
 * MikroORM-style conditions (the subset the read rules use: equality, `$or`, `$and`, `$in`, nested
 * relations) evaluated against one plain row in memory, so a rule written once as a query's
 * conditions also decides rows a shared reader already holds. A condition naming something the row
 * does not carry throws rather than guessing: a rule that grows a new fact must be given it.
 */
export type Conditions = Record<string, unknown>;

export function matchesAll(conditions: readonly Conditions[], row: Record<string, unknown>): boolean {
  return conditions.every((c) => matches(c, row));
}

function matches(condition: Conditions, row: Record<string, unknown>): boolean {
  return Object.entries(condition).every(([key, expected]) => {
    if (key === '$or') return (expected as Conditions[]).some((c) => matches(c, row));
    if (key === '$and') return (expected as Conditions[]).every((c) => matches(c, row));
    if (key.startsWith('$')) throw new Error(`match-conditions: operator ${key} is not supported here`);
    if (!(key in row)) throw new Error(`match-conditions: the row carries no "${key}"`);
    return matchesValue(expected, row[key]);
  });
}

function matchesValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || expected instanceof Date) return same(expected, actual);
  if (Array.isArray(expected)) throw new Error('match-conditions: an array is not a condition (use $in)');
  const entries = Object.entries(expected as Conditions);
  if (entries.some(([k]) => k.startsWith('$'))) {
    return entries.every(([op, value]) => {
      if (op === '$in') return (value as unknown[]).some((v) => same(v, actual));
      if (op === '$eq') return same(value, actual);
      if (op === '$or' || op === '$and') return matches({ [op]: value }, actual as Record<string, unknown>);
      throw new Error(`match-conditions: operator ${op} is not supported here`);
    });
  }
  if (actual === null || typeof actual !== 'object') throw new Error('match-conditions: a nested condition needs a nested row');
  return matches(expected as Conditions, actual as Record<string, unknown>);
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}
