import fs from 'node:fs';
import path from 'node:path';
import { DEPARTMENT_MANDATES, Mandate } from '../../src/access/mandates';
import { Department } from '../../src/access/viewer';

/** docs/access.md's matrix and DEPARTMENT_MANDATES say the same. */
it('the mandate matrix in docs/access.md matches the code', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/access.md'), 'utf8');
  const lines = doc.split('\n');
  const header = lines.find((l) => l.startsWith('| mandate |'))!;
  const departments = header.split('|').map((s) => s.trim()).slice(3, -1) as Department[];
  expect(new Set(departments)).toEqual(new Set(Object.values(Department)));
  const documented = new Map<Department, Mandate[]>(departments.map((d) => [d, []]));
  const rows = lines.filter((l) => /^\| [A-Z_]+ \|/.test(l) && !l.startsWith('| mandate'));
  expect(new Set(rows.map((r) => r.split('|')[1].trim()))).toEqual(new Set(Object.values(Mandate)));
  for (const row of rows) {
    const cells = row.split('|').map((s) => s.trim());
    departments.forEach((d, i) => {
      if (cells[3 + i] === '✔') documented.get(d)!.push(cells[1] as Mandate);
    });
  }
  for (const d of departments) expect([d, [...documented.get(d)!].sort()]).toEqual([d, [...DEPARTMENT_MANDATES[d]].sort()]);
});
