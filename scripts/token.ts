/**
 * Prints a Bearer token signed with the server's secret (JWT_SECRET, or the
 * one kept in DATA_DIR), for scripts and tests: no account stands behind it,
 * so it cannot be revoked before it expires (people sign in with `login`). Usage:
 *   npm run token -- --role REGULATOR --level CITY|DISTRICT [--subject alice] [--days 30]
 *   npm run token -- --role REGULATOR --level TOWN --town 高桥镇
 *   npm run token -- --role ENTERPRISE --enterprise <credit code>
 *   npm run token -- --role PARTNER --department FIRE_RESCUE
 * A REGULATOR token always names its level (and, at TOWN, its town): a
 * regulator bounded by nothing is what ADMIN is for, and must be asked for as such.
 */
import { parseArgs } from 'node:util';
import { resolveJwtSecret } from '../src/access/jwt-secret';
import { mintToken } from '../src/access/tokens';
import { Role } from '../src/access/viewer';
import { loadConfig } from '../src/config';
import { EnforcementLevel } from '../src/registry/registry.enums';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      enterprise: { type: 'string' },
      department: { type: 'string' },
      subject: { type: 'string' },
      level: { type: 'string' },
      town: { type: 'string' },
      days: { type: 'string', default: '30' },
    },
  });
  const role = values.role as Role;
  if (!Object.values(Role).includes(role)) throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
  if (role === Role.REGULATOR && !values.level) {
    throw new Error('A REGULATOR token needs --level CITY|DISTRICT|TOWN (and --town at TOWN): it acts only for that level; for a token bounded by no level, use --role ADMIN');
  }
  const days = Number(values.days);
  if (!(days > 0)) throw new Error('--days must be a positive number');
  const secret = resolveJwtSecret(loadConfig());
  const token = await mintToken(secret, {
    role,
    subject: values.subject ?? values.enterprise ?? values.department ?? role.toLowerCase(),
    department: values.department as string | undefined,
    enterprise: values.enterprise,
    level: values.level as EnforcementLevel | undefined,
    town: values.town,
    expiresInSeconds: Math.round(days * 86400),
  });
  console.log(token);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
