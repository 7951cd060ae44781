import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';

/**
 * The constraint that holds every entry's columns to its canonical text (LedgerEntry's CANONICAL_AGREES, made by
 * migration canonical_agrees): the md5 of its definition and of the function it calls, as PostgreSQL 15 writes
 * them out (pinned by test/ledger/chain-walk.test.ts). Another major version may write them out
 * differently; verifyChain then compares every row's columns itself, as it does without the constraint.
 */
export const CANONICAL_AGREEMENT = { name: 'ledger_entry_canonical_agrees', fingerprint: 'f066cbf44a48344f322cc52641342faa' };

/**
 * SQL: true only while the database holds every entry to CANONICAL_AGREEMENT: the constraint is there,
 * validated, neither it nor the function it calls differs from what the migration made, and the function has
 * not been replaced since the constraint was validated (a function replaced, then put back, would leave rows
 * written meanwhile unchecked: its catalog row is then younger than the constraint's).
 */
export const AGREEMENT_IN_FORCE_SQL = `coalesce((
  select c.convalidated
         and md5(pg_get_constraintdef(c.oid) || coalesce(string_agg(pg_get_functiondef(p.oid), '' order by p.oid), '')) = '${CANONICAL_AGREEMENT.fingerprint}'
         and coalesce(bool_and(age(p.xmin) >= age(c.xmin)), true)
    from pg_constraint c
    left join pg_depend d on d.classid = 'pg_constraint'::regclass and d.objid = c.oid and d.refclassid = 'pg_proc'::regclass
    left join pg_proc p on p.oid = d.refobjid
   where c.conrelid = 'ledger_entry'::regclass and c.conname = '${CANONICAL_AGREEMENT.name}'
   group by c.oid, c.convalidated, c.xmin), false)`;

/** Whether the database now holds every entry's columns to its canonical text. */
export async function canonicalAgreementInForce(em: EntityManager): Promise<boolean> {
  const [row] = await rawQuery<{ agrees: boolean }>(em, `select ${AGREEMENT_IN_FORCE_SQL} as agrees`);
  return row.agrees;
}
