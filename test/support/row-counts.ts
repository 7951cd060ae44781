import { MikroORM } from '@mikro-orm/postgresql';

/**
 * Every table's row count in one statement: a refused request must leave it as it was.
 * The migrator's own table is left out; everything else a request could write is in.
 */
export async function rowCounts(orm: MikroORM): Promise<Record<string, number>> {
  const connection = orm.em.getConnection();
  const tables: { name: string }[] = await connection.execute(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'mikro_orm_migrations' ORDER BY tablename`,
  );
  const [row] = await connection.execute(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t.name})::int AS ${t.name}`).join(', ')}`);
  return row as Record<string, number>;
}

/**
 * Every table's contents as one digest each: a refused update (a changed name, level or status) leaves
 * the counts as they were, so the rows themselves must be compared.
 */
export async function tableDigests(orm: MikroORM): Promise<Record<string, string>> {
  const connection = orm.em.getConnection();
  const tables: { name: string }[] = await connection.execute(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'mikro_orm_migrations' ORDER BY tablename`,
  );
  const [row] = await connection.execute(
    `SELECT ${tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${t.name} x) AS ${t.name}`).join(', ')}`,
  );
  return row as Record<string, string>;
}
