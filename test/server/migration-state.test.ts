import { MikroORM } from '@mikro-orm/postgresql';
import { pendingMigrations } from '../../src/db/migration-state';
import { ormConfig } from '../../src/db/orm-config';
import { adminUrl, createScratchDatabase, ScratchDatabase } from '../../src/db/scratch-database';
import { entities } from '../../src/entities';
import { migrationsList } from '../../migrations';

/**
 * The start's migration check (src/db/migration-state.ts) reads the migrator's table with one query
 * instead of loading the migrator: it must name what the migrator itself would run, on a new
 * database, an up-to-date one and one missing a migration.
 */
jest.setTimeout(120_000);

let db: ScratchDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createScratchDatabase(adminUrl(), 'hz_migration_state');
  orm = await MikroORM.init(ormConfig(db.url, entities));
});

afterAll(async () => {
  await orm.close(true);
  await db.drop();
});

const migratorPending = async () => (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);

it('names the pending migrations as the migrator does, before the first, after all and with one missing', async () => {
  const all = migrationsList.map((m) => m.name);
  expect(await pendingMigrations(orm)).toEqual(all);

  await orm.getMigrator().up();
  expect(await pendingMigrations(orm)).toEqual([]);
  expect(await migratorPending()).toEqual([]);

  const last = all[all.length - 1];
  await orm.em.getConnection().execute('delete from mikro_orm_migrations where name = ?', [last]);
  expect(await pendingMigrations(orm)).toEqual([last]);
  expect(await migratorPending()).toEqual([last]);
});
