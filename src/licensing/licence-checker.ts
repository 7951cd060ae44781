import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { AppendedMovement, MovementObserver } from '../ledger/movement-observer';
import { Alert } from './alert.entity';
import { activitiesOf, needsBuyerLicence } from './licence-activities';
import { checkActivity, LicenceView } from './licence-check';
import { StatePoint } from './licence-status';
import { Activity, AlertCode, AlertStatus } from './licensing.enums';

/**
 * Checks every appended movement against the licences in force at its
 * occurredAt (docs/licensing.md, "Ledger checks"), inside the ledger's
 * transaction. Never refuses an entry: a failed check becomes an OPEN Alert
 * linked to the entry, committed or rolled back with it.
 */
export class LicenceChecker implements MovementObserver {
  async afterAppend(em: EntityManager, movements: readonly AppendedMovement[]): Promise<void> {
    if (movements.length === 0) return;
    // Every party that may need a licence (the chain, and any counterparty of a SALE), with the
    // chemicals' hazard flags, in one query: this runs inside every append.
    const codes = [...new Set(movements.flatMap((m) => [m.chain, ...(m.counterparty && m.reason === 'SALE' ? [m.counterparty] : [])]))];
    const serials = [...new Set(movements.map((m) => m.chemicalSerial))];
    const [found] = await rawQuery<{ chemicals: ChemicalFlags[] | null; enterprises: Holder[] | null }>(
      em,
      `select (select json_agg(json_build_object('serial', serial, 'highlyToxic', highly_toxic, 'explosivePrecursor', explosive_precursor))
                 from chemical where serial in (select jsonb_array_elements_text(?::jsonb)::int)) as chemicals,
              (select json_agg(json_build_object('id', id::text, 'creditCode', credit_code))
                 from enterprise where credit_code in (select jsonb_array_elements_text(?::jsonb))) as enterprises`,
      // Lists travel as JSON: the driver would spread an array binding into separate parameters.
      [JSON.stringify(serials), JSON.stringify(codes)],
    );
    const chemicals = new Map((found.chemicals ?? []).map((c) => [c.serial, c]));
    const enterprises = new Map((found.enterprises ?? []).map((e) => [e.creditCode, e]));
    const licences = await loadLicenceViews(em, [...enterprises.values()]);

    const alerts: Partial<Record<keyof Alert, unknown>>[] = [];
    for (const m of movements) {
      const enterprise = enterprises.get(m.chain);
      const chemical = chemicals.get(m.chemicalSerial);
      if (!enterprise || !chemical) continue;
      const raise = (code: AlertCode, activity: Activity, message: string, licenceId: string | null, counterparty: string | null = null) =>
        alerts.push({
          code,
          status: AlertStatus.OPEN,
          enterprise: enterprise.id,
          chain: m.chain,
          entry: m.entryId,
          entryHash: m.hash,
          entrySeq: m.seq,
          activity,
          chemical: chemical.serial,
          counterparty,
          licence: licenceId,
          message,
          occurredAt: m.occurredAt,
        });
      for (const activity of activitiesOf(m)) {
        const result = checkActivity(licences.get(m.chain) ?? [], activity, chemical.serial, m.occurredAt);
        if (!result.ok) raise(result.code, activity, result.message, result.licenceId);
      }
      if (needsBuyerLicence(m, chemical)) {
        const kind = chemical.highlyToxic ? 'highly toxic' : 'explosive-precursor';
        if (!m.counterparty) {
          raise(AlertCode.COUNTERPARTY_UNLICENSED, Activity.PURCHASE, `SALE of ${kind} chemical ${chemical.serial} names no buyer`, null);
        } else if (!enterprises.has(m.counterparty)) {
          raise(AlertCode.COUNTERPARTY_UNLICENSED, Activity.PURCHASE, `Buyer ${m.counterparty} of ${kind} chemical ${chemical.serial} is not a registered enterprise`, null, m.counterparty);
        } else {
          const result = checkActivity(licences.get(m.counterparty) ?? [], Activity.PURCHASE, chemical.serial, m.occurredAt);
          if (!result.ok) {
            raise(AlertCode.COUNTERPARTY_UNLICENSED, Activity.PURCHASE, `Buyer ${m.counterparty} of ${kind} chemical ${chemical.serial}: ${result.message} (${result.code})`, result.licenceId, m.counterparty);
          }
        }
      }
    }
    if (alerts.length === 0) return;
    // A movement is checked once; should the ledger ever call again for the same entry, nothing doubles.
    await em.createQueryBuilder(Alert).insert(alerts as never).onConflict(['entry', 'code', 'activity'] as never).ignore().execute();
  }
}

interface ChemicalFlags {
  serial: number;
  highlyToxic: boolean;
  explosivePrecursor: boolean;
}

interface Holder {
  id: string;
  creditCode: string;
}

interface LicenceRow {
  id: string;
  holder: string;
  type: LicenceView['type'];
  number: string | null;
  validFrom: string | null;
  validUntil: string | null;
  events: { id: string; occurredAt: string; stateAfter: StatePoint['stateAfter'] }[] | null;
  scope: { chemicalSerial: number; storageAllowed: boolean; addedAt: string }[] | null;
}

/** Every licence of the given holders with its state history and scope, in one query, by credit code. */
export async function loadLicenceViews(em: EntityManager, holders: readonly Holder[]): Promise<Map<string, LicenceView[]>> {
  const byCode = new Map<string, LicenceView[]>(holders.map((h) => [h.creditCode, []]));
  if (holders.length === 0) return byCode;
  const codeOf = new Map(holders.map((h) => [h.id, h.creditCode]));
  const rows = await rawQuery<LicenceRow>(
    em,
    `select l.id::text as id, l.holder_id::text as holder, l.type, l.number,
            to_char(l.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(l.valid_until, 'YYYY-MM-DD') as "validUntil",
            (select json_agg(json_build_object('id', e.id::text, 'occurredAt', e.occurred_at, 'stateAfter', e.state_after) order by e.id)
               from licence_event e where e.licence_id = l.id) as events,
            (select json_agg(json_build_object('chemicalSerial', s.chemical_serial, 'storageAllowed', s.storage_allowed, 'addedAt', s.added_at))
               from licence_scope_item s where s.licence_id = l.id) as scope
       from licence l where l.holder_id in (select jsonb_array_elements_text(?::jsonb)::bigint) order by l.id`,
    [JSON.stringify(holders.map((h) => h.id))],
  );
  for (const l of rows) {
    byCode.get(codeOf.get(l.holder)!)!.push({
      id: l.id,
      type: l.type,
      number: l.number,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      events: (l.events ?? []).map((e) => ({ id: e.id, occurredAt: new Date(e.occurredAt), stateAfter: e.stateAfter })),
      scope: (l.scope ?? []).map((x) => ({ chemicalSerial: x.chemicalSerial, storageAllowed: x.storageAllowed, addedAt: new Date(x.addedAt) })),
    });
  }
  return byCode;
}
