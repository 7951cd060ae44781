import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { AlertCode } from '../licensing/licensing.enums';
import { Clock } from '../shared/clock';
import { SupervisionOverview } from './overview';
import { RiskGrade } from './supervision.enums';

/** Shanghai's calendar day of the instant, as SQL computes it from the bound instant. */
const TODAY = `(?::timestamptz at time zone 'Asia/Shanghai')::date`;

/**
 * The dashboard's figures, each one grouped statement over the whole
 * register (regulators read every enterprise), so the page costs five
 * statements whatever the number of enterprises.
 */
export class OverviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async overview(viewer: Viewer): Promise<SupervisionOverview> {
    assertRegulator(viewer);
    const now = this.clock.now();
    const grades = await rawQuery<{ town: string; grade: RiskGrade | null; count: number }>(
      this.em,
      `select e.town, g.grade, count(*)::int as count
         from enterprise e
         left join lateral (select r.grade from risk_grade r where r.enterprise_id = e.id order by r.id desc limit 1) g on true
        where e.status <> 'CLOSED'
        group by e.town, g.grade
        order by e.town, g.grade nulls last`,
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
        where b.quantity > 0 and (c.highly_toxic or c.explosive_precursor)
        group by e.town
        order by e.town`,
    );
    const alerts = await rawQuery<{ code: AlertCode; count: number }>(
      this.em,
      `select code, count(*)::int as count from alert where status <> 'RESOLVED' group by code order by code`,
    );
    const [inspections] = await rawQuery<{ planned: number; done: number }>(
      this.em,
      `select count(*)::int as planned, (count(*) filter (where status in ('COMPLETED', 'CLOSED')))::int as done
         from inspection
        where status <> 'CANCELLED' and scheduled_date >= date_trunc('month', ${TODAY})::date
          and scheduled_date < (date_trunc('month', ${TODAY}) + interval '1 month')::date`,
      [now, now],
    );
    const [licences] = await rawQuery<{ count: number }>(
      this.em,
      `select count(*)::int as count from licence where state = 'VALID' and valid_until >= ${TODAY} and valid_until <= ${TODAY} + 90`,
      [now, now],
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
