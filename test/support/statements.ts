import { MikroORM } from '@mikro-orm/postgresql';

/** Runs `work` and returns its result with the number of SQL statements the ORM sent meanwhile. */
export async function countStatements<T>(orm: MikroORM, work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const connection = orm.em.getConnection();
  const original = connection.execute;
  connection.execute = function (this: unknown, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof connection.execute;
  try {
    return { result: await work(), statements };
  } finally {
    connection.execute = original;
  }
}
