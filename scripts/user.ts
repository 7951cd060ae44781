/**
 * Manages accounts from the command line, against DATABASE_URL or the
 * embedded database (as the server does). The first ADMIN of a fresh install
 * is made here; everything after that through the API. The password is read
 * from standard input (first line), never from the command line:
 *   printf '%s\n' "$PW" | npm run user -- create --name admin --display 管理员 --role ADMIN
 *   … --role REGULATOR --level TOWN --town 高桥镇 | --role PARTNER --department FIRE_RESCUE
 *   … --role ENTERPRISE --enterprise <credit code>
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Role } from '../src/access/viewer';
import { AccountsError } from '../src/accounts/accounts.errors';
import { UsersService } from '../src/accounts/users.service';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { entities } from '../src/entities';
import { createLogger } from '../src/logger';
import { EnforcementLevel } from '../src/registry/registry.enums';
import { systemClock } from '../src/shared/clock';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters; it is shown as typed, prefer piping it): ');
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.includes('\n')) break;
  }
  return input.split(/\r?\n/)[0];
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      display: { type: 'string' },
      role: { type: 'string' },
      level: { type: 'string' },
      town: { type: 'string' },
      department: { type: 'string' },
      enterprise: { type: 'string' },
    },
  });
  if (positionals[0] !== 'create' || !values.name || !values.role) {
    throw new Error('usage: npm run user -- create --name <login> [--display <name>] --role ADMIN|REGULATOR|PARTNER|ENTERPRISE [--level … --town … | --department … | --enterprise …] < password');
  }
  const password = await readPassword();
  const config = loadConfig();
  const database = await openDatabase(config, createLogger(process.env.LOG_LEVEL ?? 'warn'), entities);
  try {
    // The command line is the server's operator, who holds the database: it acts as a system administrator.
    const user = await new UsersService(database.orm.em.fork(), systemClock).createUser(
      { role: Role.ADMIN, subject: 'cli' },
      {
        loginName: values.name,
        displayName: values.display ?? values.name,
        role: values.role as Role,
        level: (values.level as EnforcementLevel | undefined) ?? null,
        town: values.town ?? null,
        department: (values.department as string | undefined) ?? null,
        enterprise: values.enterprise ?? null,
        password,
      },
    );
    console.log(`created user ${user.loginName} (${user.role}, id ${user.id})`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  const field = error instanceof AccountsError && error.field ? ` (${error.field.slice(-1)[0]})` : '';
  console.error(`${error instanceof Error ? error.message : error}${field}`);
  process.exit(1);
});
