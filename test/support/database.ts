import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { createScratchDatabase, ScratchDatabase } from '../../src/db/scratch-database';

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  name: string;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file: a copy of the template made by global-setup. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  const template = process.env.HZ_TEST_TEMPLATE;
  if (!server || !template) throw new Error('Run tests through jest: global-setup prepares the database');
  const db: ScratchDatabase = await createScratchDatabase(server, 'hz_test', template);
  const orm = await MikroORM.init(ormConfig(db.url, entities, { pool: { min: 0, max: 20 } }));
  return {
    orm,
    url: db.url,
    name: db.name,
    close: async () => {
      await orm.close(true);
      await db.drop();
    },
  };
}
