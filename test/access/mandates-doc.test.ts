import fs from 'node:fs';
import path from 'node:path';
import { Mandate } from '../../src/access/mandates';
import { PartnerDepartment } from '../../src/access/partner-department.entity';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** docs/access.md's matrix and the department table as the migrations seed it say the same. */
it('the mandate matrix in docs/access.md matches the seeded department table', async () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/access.md'), 'utf8');
  const lines = doc.split('\n');
  const header = lines.find((l) => l.startsWith('| mandate |'))!;
  const departments = header.split('|').map((s) => s.trim()).slice(3, -1);
  const seeded = await db.orm.em.fork().find(PartnerDepartment, {});
  expect(new Set(departments)).toEqual(new Set(seeded.map((d) => d.code)));
  const documented = new Map<string, Mandate[]>(departments.map((d) => [d, []]));
  const rows = lines.filter((l) => /^\| [A-Z_]+ \|/.test(l) && !l.startsWith('| mandate'));
  expect(new Set(rows.map((r) => r.split('|')[1].trim()))).toEqual(new Set(Object.values(Mandate)));
  for (const row of rows) {
    const cells = row.split('|').map((s) => s.trim());
    departments.forEach((d, i) => {
      if (cells[3 + i] === '✔') documented.get(d)!.push(cells[1] as Mandate);
    });
  }
  for (const d of seeded) expect([d.code, [...documented.get(d.code)!].sort()]).toEqual([d.code, [...d.mandates].sort()]);
});
