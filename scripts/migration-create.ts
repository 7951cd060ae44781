import 'reflect-metadata';
/**
 * Generates a migration from the difference between the entities and the
 * migrator's snapshot, then rewrites migrations/index.ts to list every
 * migration file in order. Usage: npm run migration:create -- <name> [--blank]
 */
import fs from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { adminUrl, createScratchDatabase } from '../src/db/scratch-database';
import { ormConfig } from '../src/db/orm-config';
import { entities } from '../src/entities';
import { projectRoot } from '../src/shared/project-root';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const blank = args.includes('--blank');
  const name = args.find((a) => !a.startsWith('--'));
  const root = projectRoot();
  const dir = path.join(root, 'migrations');
  // Diff against a scratch database brought up to date by the existing migrations.
  const scratch = await createScratchDatabase(adminUrl());
  try {
    const orm = await MikroORM.init(ormConfig(scratch.url, entities, {}, { snapshot: true }));
    try {
      await orm.getMigrator().up();
      const migrator = orm.getMigrator();
      const result = await migrator.createMigration(dir, blank, false, name);
      console.log(result.fileName ? `created migrations/${result.fileName}` : 'no changes: no migration created');
    } finally {
      await orm.close(true);
    }
  } finally {
    await scratch.drop();
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^Migration\d{14}.*\.ts$/.test(f))
    .sort();
  const lines = [
    '// Written by `npm run migration:create`: every migration, in order. Each module is required when the',
    '// migrator runs, not by a start that finds none pending (src/db/migration-state.ts reads the names only).',
    "import type { MigrationObject } from '@mikro-orm/core';",
    '',
    'const migration = (name: string, exported: string): MigrationObject => ({',
    '  name,',
    '  get class() {',
    '    return require(`./${name}`)[exported];',
    '  },',
    '});',
    '',
    'export const migrationsList: MigrationObject[] = [',
    ...files.map((f) => `  migration('${f.replace(/\.ts$/, '')}', '${className(dir, f)}'),`),
    '];',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'index.ts'), lines.join('\n'));
}

function className(dir: string, file: string): string {
  const match = /export class (\w+)/.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (!match) throw new Error(`${file} exports no migration class`);
  return match[1];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
