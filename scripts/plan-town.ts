/**
 * Names the town of a TOWN enforcement plan made before plans had one (docs/access.md): until it is
 * named, TOWN regulators acting on it get PLAN_WITHOUT_TOWN. Against DATABASE_URL or the embedded
 * database, as the server does; the operator acts as a system administrator:
 *   npm run plan-town -- --id 12 --town 高桥镇
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Role } from '../src/access/viewer';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { entities } from '../src/entities';
import { EnforcementPlanService } from '../src/inspection/plan.service';
import { createLogger } from '../src/logger';
import { systemClock } from '../src/shared/clock';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { id: { type: 'string' }, town: { type: 'string' } } });
  if (!values.id || !values.town) throw new Error('usage: npm run plan-town -- --id <plan> --town <town>');
  const database = await openDatabase(loadConfig(), createLogger(process.env.LOG_LEVEL ?? 'warn'), entities);
  try {
    const plan = await new EnforcementPlanService(database.orm.em.fork(), systemClock).nameOldPlanTown({ role: Role.ADMIN, subject: 'cli' }, values.id, values.town);
    process.stdout.write(`plan ${plan.id} (${plan.year} ${plan.title}) is the plan of ${plan.town}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
