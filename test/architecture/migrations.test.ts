import { openTestDatabase, TestDatabase } from '../support/database';

// The migrations are the schema: a database built by them must already be what
// the entities describe, or the next `npm run migration:create` would carry
// someone else's change (a default spelt differently, a forgotten index).
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

it('a database built by the migrations has nothing left to change for the entities', async () => {
  const sql = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  expect(sql.trim()).toBe('');
});
