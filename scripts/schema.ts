/** Writes (--write) or checks (--check) schema/schema.graphql, the schema printed sorted from the code. */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from '../src/schema';
import { projectRoot } from '../src/shared/project-root';

async function main(): Promise<void> {
  const file = path.join(projectRoot(), 'schema', 'schema.graphql');
  const printed = printSchema(lexicographicSortSchema(await buildApiSchema())) + '\n';
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== printed) {
      console.error('schema/schema.graphql is stale: run `npm run schema:emit` and commit it');
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printed);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
