import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { AlertCode } from '../licensing/licensing.enums';
import { Clock } from '../shared/clock';
import { SupervisionOverview } from './overview';
import { RiskGrade } from './supervision.enums';

/** Shanghai's calendar day of the instant, as SQL computes it from the bound instant. */
const TODAY = `(?::timestamptz at time zone 'Asia/Shanghai')::date`;
/** The enterprise `e` is in the bound town (a TOWN regulator's), or any town when it is null. */
const IN_AREA = `e.town = coalesce(?::text, e.town)`;

/**
 * The dashboard's figures, each one grouped statement over the whole
 * register (regulators read every enterprise), so the page costs five
 * statements whatever the number of enterprises. A TOWN regulator's figures
 * are its town's.
 */
export class OverviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async overview(viewer: Viewer): Promise<SupervisionOverview> {
    assertRegulator(viewer);
    const now = this.clock.now();
    const town = areaTown(viewer) ?? null;
    const grades = await rawQuery<{ town: string; grade: RiskGrade | null; count: number }>(
      this.em,
      `select e.town, g.grade, count(*)::int as count
         from enterprise e
         left join lateral (select r.grade from risk_grade r where r.enterprise_id = e.id order by r.id desc limit 1) g on true
        where e.status <> 'CLOSED' and ${IN_AREA}
        group by e.town, g.grade
        order by e.town, g.grade nulls last`,
      [town],
    );
    const stock = await rawQuery<{ town: string; highly_toxic: string; precursor: string }>(
      this.em,
      `select e.town,
              round(coalesce(sum(b.quantity * t.tonnes) filter (where c.highly_toxic), 0), 3)::text as highly_toxic,
              round(coalesce(sum(b.quantity * t.tonnes) filter (where c.explosive_precursor), 0), 3)::text as precursor
         from ledger_balance b
         join enterprise e on e.id = b.enterprise_id
         join product p on p.id = b.product_id
         join chemical c on c.serial = p.chemical_serial
         join (values ('KG'::unit, 0.001), ('T'::unit, 1)) as t(unit, tonnes) on t.unit = p.unit
        where b.quantity > 0 and (c.highly_toxic or c.explosive_precursor) and ${IN_AREA}
        group by e.town
        order by e.town`,
      [town],
    );
    const alerts = await rawQuery<{ code: AlertCode; count: number }>(
      this.em,
      `select a.code, count(*)::int as count
         from alert a join enterprise e on e.id = a.enterprise_id
        where a.status <> 'RESOLVED' and ${IN_AREA}
        group by a.code order by a.code`,
      [town],
    );
    const [inspections] = await rawQuery<{ planned: number; done: number }>(
      this.em,
      `select count(*)::int as planned, (count(*) filter (where i.status in ('COMPLETED', 'CLOSED')))::int as done
         from inspection i join enterprise e on e.id = i.enterprise_id
        where i.status <> 'CANCELLED' and i.scheduled_date >= date_trunc('month', ${TODAY})::date
          and i.scheduled_date < (date_trunc('month', ${TODAY}) + interval '1 month')::date and ${IN_AREA}`,
      [now, now, town],
    );
    const [licences] = await rawQuery<{ count: number }>(
      this.em,
      `select count(*)::int as count
         from licence l join enterprise e on e.id = l.holder_id
        where l.state = 'VALID' and l.valid_until >= ${TODAY} and l.valid_until <= ${TODAY} + 90 and ${IN_AREA}`,
      [now, now, town],
    );
    return {
      asOf: now,
      enterprisesByGrade: grades,
      hazardStockByTown: stock.map((s) => ({ town: s.town, highlyToxicTonnes: s.highly_toxic, precursorTonnes: s.precursor })),
      unresolvedAlerts: alerts,
      inspectionsPlannedThisMonth: inspections.planned,
      inspectionsDoneThisMonth: inspections.done,
      licencesExpiringIn90Days: licences.count,
    };
  }
}
