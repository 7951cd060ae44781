import type { Knex } from '@mikro-orm/knex';
import { EntityManager } from '@mikro-orm/postgresql';
import { namedStatements } from './raw-query';

/**
 * A statement as the pg driver takes it: `$n` placeholders and their values in order, and a name when its text
 * is fixed, so that each connection parses and plans it once.
 */
export interface PlainStatement {
  name?: string;
  text: string;
  values: unknown[];
  /** pg's type parsers for this statement alone (AS_TEXT: every column as the text PostgreSQL sent). */
  types?: typeof AS_TEXT;
}

/** No type parser: a json column comes back unparsed, as PostgreSQL wrote it. */
export const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * Texts, one a line, as a text parameter's UTF-8 bytes (pg sends a Buffer as they are, in binary format, which
 * is the text's own for a `$n::text`). Joined into one string, a long list would be a string of V8's large-object
 * space, then copied again into pg's: on a VM, the fresh pages of each cost more than the copying (issue 12).
 * The texts must hold no line break of their own.
 */
export function textLines(lines: readonly string[]): Buffer {
  let length = Math.max(lines.length - 1, 0);
  for (const line of lines) length += Buffer.byteLength(line);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) bytes[at++] = 0x0a;
    at += bytes.write(lines[i], at);
  }
  return bytes;
}

/** One connection, its statements handed to the pg driver as they are: no ORM, no placeholder scan, no query builder. */
export interface PlainConnection {
  rows<T = Record<string, unknown>>(statement: PlainStatement): Promise<T[]>;
}

interface PgClient {
  query(statement: string | PlainStatement): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `work` on the connection of the EntityManager's transaction, or else on one checked out of its ORM's pool
 * (the pool every other statement of the ORM shares, with its limits and timeouts) and returned after. Through a
 * transaction-mode pooler (unnamedStatementsFor) named statements are sent unnamed, as preparedQuery does.
 */
export async function withConnection<T>(em: EntityManager, work: (connection: PlainConnection) => Promise<T>): Promise<T> {
  // A knex transaction's client hands out the transaction's one connection and never releases it.
  const knex = (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()) as Knex;
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    return await work(plain(client, namedStatements(em)));
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/**
 * `work` in a transaction of its own on one pooled connection: BEGIN, its statements, COMMIT; ROLLBACK when it
 * throws. For an EntityManager already in a transaction use withConnection (or its `transactional`, for a savepoint).
 */
export async function inPlainTransaction<T>(em: EntityManager, work: (connection: PlainConnection) => Promise<T>): Promise<T> {
  if (em.isInTransaction()) throw new Error('inPlainTransaction: the EntityManager is in a transaction already');
  const knex = em.getKnex();
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    await client.query('BEGIN;');
    let result: T;
    try {
      result = await work(plain(client, namedStatements(em)));
    } catch (error) {
      // A broken connection cannot roll back; the pool discards it (knex marks it disposed).
      await client.query('ROLLBACK;').catch(() => undefined);
      throw error;
    }
    await client.query('COMMIT;');
    return result;
  } finally {
    await knex.client.releaseConnection(client);
  }
}

function plain(client: PgClient, named: boolean): PlainConnection {
  return {
    async rows<T>(statement: PlainStatement): Promise<T[]> {
      const { rows } = await client.query(named || !statement.name ? statement : { ...statement, name: undefined });
      return rows as T[];
    },
  };
}
