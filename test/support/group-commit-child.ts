/**
 * A process that appends one group of calls and stops inside its transaction, after the group's entries are
 * written and before it commits, saying so on stdout; the group-commit test kills it there with SIGKILL.
 * GROUP_CHILD: {url, calls: [{chain, requestId, entries}]}.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { GroupCommit } from '../../src/ledger/group-commit';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { MovementObserver } from '../../src/ledger/movement-observer';
import { ledgerClock } from './ledger-fixtures';
import { pendingAppend } from './group-commit-calls';

async function main(): Promise<void> {
  const { url, calls } = JSON.parse(process.env.GROUP_CHILD!) as { url: string; calls: { chain: string; requestId: string; entries: MovementInput[] }[] };
  const orm = await MikroORM.init(ormConfig(url, entities, { pool: { min: 0, max: 4 } }));
  const halt: MovementObserver = {
    async afterAppend(em, movements) {
      const [{ n }] = await em.getConnection().execute(`select count(*)::int as n from ledger_entry where request_id like 'killed-%'`, [], 'all', em.getTransactionContext());
      process.stdout.write(`WRITTEN ${n} ${movements[0].chain}\n`);
      await new Promise(() => undefined);
    },
  };
  const commit = new GroupCommit(orm.em.fork(), [halt], { enabled: true, windowMs: 50, maxEntries: 64 });
  const pending = await Promise.all(calls.map((c) => pendingAppend(orm.em.fork(), c.chain, c.requestId, c.entries)));
  await Promise.all(pending.map((p) => commit.append(p, ledgerClock())));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
