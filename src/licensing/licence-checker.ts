import { EntityManager } from '@mikro-orm/postgresql';
import { AppendedMovement, MovementObserver } from '../ledger/movement-observer';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Alert } from './alert.entity';
import { activitiesOf, needsBuyerLicence } from './licence-activities';
import { checkActivity, LicenceView } from './licence-check';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { Licence } from './licence.entity';
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
    const chemicals = new Map(
      (await em.find(Chemical, { serial: { $in: [...new Set(movements.map((m) => m.chemicalSerial))] } })).map((c) => [c.serial, c]),
    );
    const codes = new Set<string>();
    for (const m of movements) {
      codes.add(m.chain);
      const chemical = chemicals.get(m.chemicalSerial);
      if (m.counterparty && chemical && needsBuyerLicence(m, chemical)) codes.add(m.counterparty);
    }
    const enterprises = new Map((await em.find(Enterprise, { creditCode: { $in: [...codes] } })).map((e) => [e.creditCode, e]));
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

/** Every licence of the given holders with its state history and scope, in three queries, by credit code. */
export async function loadLicenceViews(em: EntityManager, holders: readonly Enterprise[]): Promise<Map<string, LicenceView[]>> {
  const byCode = new Map<string, LicenceView[]>(holders.map((h) => [h.creditCode, []]));
  if (holders.length === 0) return byCode;
  const codeOf = new Map(holders.map((h) => [h.id, h.creditCode]));
  const licences = await em.find(Licence, { holder: { $in: holders.map((h) => h.id) } }, { orderBy: { id: 'asc' } });
  if (licences.length === 0) return byCode;
  const ids = licences.map((l) => l.id);
  const [events, scope] = await Promise.all([
    em.find(LicenceEvent, { licence: { $in: ids } }, { orderBy: { id: 'asc' } }),
    em.find(LicenceScopeItem, { licence: { $in: ids } }),
  ]);
  for (const l of licences) {
    byCode.get(codeOf.get(l.holder.id)!)!.push({
      id: l.id,
      type: l.type,
      number: l.number ?? null,
      validFrom: l.validFrom ?? null,
      validUntil: l.validUntil ?? null,
      events: events.filter((e) => e.licence.id === l.id).map((e) => ({ id: e.id, occurredAt: e.occurredAt, stateAfter: e.stateAfter })),
      scope: scope
        .filter((s) => s.licence.id === l.id)
        .map((s) => ({ chemicalSerial: s.chemical.serial, storageAllowed: s.storageAllowed, addedAt: s.addedAt })),
    });
  }
  return byCode;
}
