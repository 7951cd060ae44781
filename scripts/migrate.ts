/** Applies pending migrations to DATABASE_DIRECT_URL when set (DATABASE_URL is then a pooler), else DATABASE_URL: `npm run migrate`. */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../src/db/orm-config';
import { entities } from '../src/entities';

async function main(): Promise<void> {
  const url = process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL');
  const orm = await MikroORM.init(ormConfig(url, entities));
  try {
    const applied = await orm.getMigrator().up();
    console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
  } finally {
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
