import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The names of the configured migrations the database has not applied, in order, read with one query
 * (two before the first migration): the migrator's own check loads @mikro-orm/migrations and runs four,
 * work a start and every `/readyz` would do for nothing once the database is up to date.
 * Its table and names are the migrator's (`migrations.tableName`, names without extension).
 */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const { tableName = 'mikro_orm_migrations', migrationsList = [] } = orm.config.get('migrations');
  const connection = orm.em.getConnection();
  const qualified = tableName.includes('.') ? tableName : `${orm.config.get('schema') ?? 'public'}.${tableName}`;
  const [{ present }] = await connection.execute<{ present: boolean }[]>('select to_regclass(?) is not null as present', [qualified]);
  const applied = present ? new Set((await connection.execute<{ name: string }[]>(`select name from ${quoted(qualified)}`)).map((row) => row.name)) : new Set<string>();
  return migrationsList.map((migration) => migration.name).filter((name) => !applied.has(name));
}

const quoted = (qualified: string) =>
  qualified
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
