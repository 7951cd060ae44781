import { EntityManager } from '@mikro-orm/postgresql';
import { PlainStatement, withConnection } from '../db/plain-connection';
import { AppendedMovement, MovementObserver, ObserverLookup, observerLookups } from '../ledger/movement-observer';
import { alertInsert, RaisedAlert } from './alert-insert';
import { activitiesOf, needsBuyerLicence } from './licence-activities';
import { checkActivity, LicenceView } from './licence-check';
import { StatePoint } from './licence-status';
import { Activity, AlertCode } from './licensing.enums';

/**
 * Checks every appended movement against the licences in force at its
 * occurredAt (docs/licensing.md, "Ledger checks"), inside the ledger's
 * transaction. Never refuses an entry: a failed check becomes an OPEN Alert
 * linked to the entry, committed or rolled back with it.
 */
export class LicenceChecker implements MovementObserver {
  /**
   * Every party that may need a licence (the chain, and any counterparty of a SALE), with the chemicals' hazard
   * flags, in one select: this runs inside every append. Each lookup goes through an index (`= any(array(...))`,
   * a lateral per holder): `in (select ...)` and a plain join were planned as scans of the whole chemical and
   * licence tables (issue 12).
   */
  lookup(movements: readonly AppendedMovement[]): ObserverLookup {
    const codes = [...new Set(movements.flatMap((m) => [m.chain, ...(m.counterparty && m.reason === 'SALE' ? [m.counterparty] : [])]))];
    const serials = [...new Set(movements.map((m) => m.chemicalSerial))];
    return {
      text: `with holders as (select id, credit_code from enterprise where credit_code = any(array(select jsonb_array_elements_text($1::jsonb))))
       select (select json_agg(json_build_object('serial', serial, 'highlyToxic', highly_toxic, 'explosivePrecursor', explosive_precursor))
                 from chemical where serial = any(array(select jsonb_array_elements_text($2::jsonb)::int))) as chemicals,
              (select json_agg(json_build_object('id', id::text, 'creditCode', credit_code)) from holders) as enterprises,
              (select json_agg(json_build_object(
                        'holder', h.credit_code, 'id', l.id::text, 'type', l.type, 'number', l.number,
                        'validFrom', to_char(l.valid_from, 'YYYY-MM-DD'), 'validUntil', to_char(l.valid_until, 'YYYY-MM-DD'),
                        'events', (select json_agg(json_build_object('id', e.id::text, 'occurredAt', e.occurred_at, 'stateAfter', e.state_after) order by e.id)
                                     from licence_event e where e.licence_id = l.id),
                        'scope', (select json_agg(json_build_object('chemicalSerial', x.chemical_serial, 'storageAllowed', x.storage_allowed, 'addedAt', x.added_at))
                                    from licence_scope_item x where x.licence_id = l.id)) order by l.id)
                 from holders h cross join lateral (select * from licence x where x.holder_id = h.id offset 0) l) as licences`,
      // Lists travel as JSON: the driver would spread an array binding into separate parameters.
      values: [JSON.stringify(codes), JSON.stringify(serials)],
    };
  }

  /** The alerts of the checks that failed, as one insert (alert-insert.ts); null when every check passed. */
  writeFor(movements: readonly AppendedMovement[], lookedUp: unknown): PlainStatement | null {
    const found = lookedUp as LicenceRows;
    const chemicals = new Map((found.chemicals ?? []).map((c) => [c.serial, c]));
    const enterprises = new Map((found.enterprises ?? []).map((e) => [e.creditCode, e]));
    const licences = licenceViews(found.licences ?? []);

    const alerts: RaisedAlert[] = [];
    for (const m of movements) {
      const enterprise = enterprises.get(m.chain);
      const chemical = chemicals.get(m.chemicalSerial);
      if (!enterprise || !chemical) continue;
      const raise = (code: AlertCode, activity: Activity, message: string, licenceId: string | null, counterparty: string | null = null) =>
        alerts.push({
          code,
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
    return alertInsert(alerts);
  }

  /** The checks on their own, outside an append (the ledger runs lookup and writeFor itself): in the caller's transaction when it has one. */
  async afterAppend(em: EntityManager, movements: readonly AppendedMovement[], lookedUp?: unknown): Promise<void> {
    if (movements.length === 0) return;
    await withConnection(em, async (connection) => {
      const write = this.writeFor(movements, lookedUp ?? (await observerLookups(connection, [this.lookup(movements)]))[0]);
      if (write) await connection.rows(write);
    });
  }
}

interface LicenceRows {
  chemicals: ChemicalFlags[] | null;
  enterprises: Holder[] | null;
  licences: LicenceRow[] | null;
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
  /** The holder's credit code. */
  holder: string;
  type: LicenceView['type'];
  number: string | null;
  validFrom: string | null;
  validUntil: string | null;
  events: { id: string; occurredAt: string; stateAfter: StatePoint['stateAfter'] }[] | null;
  scope: { chemicalSerial: number; storageAllowed: boolean; addedAt: string }[] | null;
}

/** Licence rows as the pure checks read them, by holder credit code. */
function licenceViews(rows: readonly LicenceRow[]): Map<string, LicenceView[]> {
  const byCode = new Map<string, LicenceView[]>();
  for (const l of rows) {
    const views = byCode.get(l.holder) ?? [];
    views.push({
      id: l.id,
      type: l.type,
      number: l.number,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      events: (l.events ?? []).map((e) => ({ id: e.id, occurredAt: new Date(e.occurredAt), stateAfter: e.stateAfter })),
      scope: (l.scope ?? []).map((x) => ({ chemicalSerial: x.chemicalSerial, storageAllowed: x.storageAllowed, addedAt: new Date(x.addedAt) })),
    });
    byCode.set(l.holder, views);
  }
  return byCode;
}
