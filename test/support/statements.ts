import { Client } from 'pg';

/**
 * Runs `work` and returns its result with the SQL statements sent meanwhile,
 * counted at the pg driver: the ORM's queries, knex raw queries and prepared
 * statements all end in `Client.prototype.query`, so nothing escapes the count.
 * Jest runs each test file in its own process, so the count is the file's own.
 * A regulator's read audit row (one insert per request, whatever the query) is
 * not part of the read, and is left out.
 */
const AUDIT_ROW = /^insert into "regulator_read_log"/;

export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }> {
  const sql: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    if (!AUDIT_ROW.test(text)) sql.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    return { result: await work(), statements: sql.length, sql };
  } finally {
    Client.prototype.query = original;
  }
}
