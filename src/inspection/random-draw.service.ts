import { randomBytes, randomInt } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertPlanLevel } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { isRegulator, Viewer } from '../access/viewer';
import { AccessError, inputField } from '../shared/domain-error';
import { paginate } from '../db/paginate';
import { rawQuery } from '../db/raw-query';
import { CalendarDay } from '../licensing/calendar-day.entity';
import { drawEnterprises, drawTeam } from '../proof/random-draw';
import { Enterprise } from '../registry/enterprise.entity';
import { EnterpriseStatus, IndustryCategory } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate, yearOf } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { currentRiskGrades } from '../supervision/current-risk-grades';
import { RiskGrade } from '../supervision/supervision.enums';
import { InspectionType, YEARLY_INSPECTION_CAP } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { AnnounceRandomDrawInput } from './inspection.inputs';
import { checkDate, checkId } from './inspection-rules';
import { spreadDates } from './plan-draft-rules';
import { planForChange } from './plan-scope';
import { DrawExclusion, DrawExclusionReason, DrawnEnterprise, RandomDraw, RandomDrawStatus } from './random-draw.entity';
import { SchedulingService } from './scheduling.service';

export const MAX_DRAW_COUNT = 500;

/** A TOWN regulator draws from its own town only (no towns named: its town); others from the towns they name. */
function drawTowns(viewer: Viewer, towns: string[]): string[] {
  const own = areaTown(viewer);
  if (own === undefined) return towns;
  const other = towns.findIndex((t) => t !== own);
  if (other >= 0) throw AccessError.forbidden(`${towns[other]} is another town: a TOWN regulator of ${own} draws from ${own} only`, inputField('towns', other));
  return [own];
}

/** What the public sees of a draw: everything once its inspections are published, the announcement (seed included) before. */
export interface DrawResult {
  public: boolean;
  pool: string[] | null;
  excluded: DrawExclusion[] | null;
  drawn: DrawnEnterprise[] | null;
  roster: string[] | null;
}

/**
 * 双随机一公开: a regulator announces a draw on a DRAFT plan (filter, count,
 * team size, roster, dates) and its seed is public from then; performing it
 * freezes the pool, draws with src/proof/random-draw.ts and schedules a
 * GENERAL_RANDOM inspection per drawn enterprise through
 * SchedulingService.proposeInspection (level, cap, plan rules), all in one
 * transaction: a refusal leaves the draw ANNOUNCED to be performed again.
 */
export class RandomDrawService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    /** 32 random bytes as hex: the seed. */
    private readonly newSeed: () => string = () => randomBytes(32).toString('hex'),
    private readonly randomBelow: (n: number) => number = randomInt,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  async announce(viewer: Viewer, input: AnnounceRandomDrawInput): Promise<RandomDraw> {
    assertRegulator(viewer);
    const planId = checkId(input.planId, inputField('planId'));
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_DRAW_COUNT) throw InspectionError.invalid(inputField('count'), `count must be 1 to ${MAX_DRAW_COUNT}`);
    const teamSize = input.teamSize ?? 2;
    if (!Number.isInteger(teamSize) || teamSize < 2 || teamSize > 5) throw InspectionError.invalid(inputField('teamSize'), 'An inspection is made by 2 to 5 officers');
    const roster = input.roster.map((r, i) => requiredText(r, inputField('roster', i), 100));
    if (new Set(roster).size !== roster.length) throw InspectionError.invalid(inputField('roster'), 'An officer is named twice on the roster');
    if (roster.length < teamSize) throw InspectionError.invalid(inputField('roster'), `The roster names ${roster.length} officer(s): a team of ${teamSize} cannot be drawn`);
    if (roster.length > 500) throw InspectionError.invalid(inputField('roster'), 'At most 500 officers on a roster');
    const towns = drawTowns(viewer, [...new Set((input.towns ?? []).map((t, i) => requiredText(t, inputField('towns', i), 100)))]);
    const industries = [...new Set(input.industries ?? [])];
    industries.forEach((v, i) => {
      if (!Object.values(IndustryCategory).includes(v)) throw InspectionError.invalid(inputField('industries', i), `"${v}" is not an industry`);
    });
    const grades = [...new Set(input.grades ?? [])];
    grades.forEach((v, i) => {
      if (!Object.values(RiskGrade).includes(v)) throw InspectionError.invalid(inputField('grades', i), `"${v}" is not a risk grade`);
    });
    const from = checkDate(input.scheduledFrom, inputField('scheduledFrom'));
    const to = checkDate(input.scheduledTo, inputField('scheduledTo'));
    if (from <= this.today()) throw InspectionError.invalid(inputField('scheduledFrom'), `${from} is not after today (${this.today()}): the inspections follow the draw`);
    if (to < from) throw InspectionError.invalid(inputField('scheduledTo'), 'scheduledTo is before scheduledFrom');
    return this.em.transactional(async (em) => {
      const plan = await planForChange(em, viewer, planId, inputField('planId'), { lockMode: LockMode.PESSIMISTIC_READ, draftOnly: true });
      if (yearOf(from) !== plan.year || yearOf(to) !== plan.year) throw InspectionError.invalid(inputField('scheduledTo'), `The dates fall in the plan's year, ${plan.year}`);
      return em.create(RandomDraw, {
        plan,
        count: input.count,
        teamSize,
        towns,
        industries,
        grades,
        roster,
        scheduledFrom: from,
        scheduledTo: to,
        seed: this.newSeed(),
        announcedBy: viewer.subject!,
        announcedAt: this.clock.now(),
      } as never);
    });
  }

  /** ANNOUNCED → DRAWN, once: freezes the pool, draws, schedules. */
  async perform(viewer: Viewer, id: string): Promise<RandomDraw> {
    assertRegulator(viewer);
    checkId(id, ['id']);
    return this.em.transactional(async (em) => {
      const draw = await em.findOne(RandomDraw, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['plan'] });
      if (!draw) throw InspectionError.drawNotFound(id);
      assertPlanLevel(viewer, draw.plan.level, ['id'], draw.plan.town ?? null);
      const town = areaTown(viewer);
      if (town !== undefined && (draw.towns.length !== 1 || draw.towns[0] !== town)) throw AccessError.forbidden(`Draw ${id} is not bounded to ${town}: a TOWN regulator of ${town} may not perform it`, ['id']);
      if (draw.status !== RandomDrawStatus.ANNOUNCED) throw InspectionError.invalidTransition(`Draw ${id}`, draw.status, RandomDrawStatus.DRAWN);
      const plan = draw.plan;
      const { pool, excluded, enterprises } = await this.pool(em, draw);
      const chosen = drawEnterprises(draw.seed, pool, draw.count);
      const calendar = await em.find(CalendarDay, { date: { $gte: draw.scheduledFrom, $lte: draw.scheduledTo } });
      const dates = spreadDates(chosen.length, draw.scheduledFrom, draw.scheduledTo, new Map(calendar.map((d) => [d.date, d.working])));
      if (chosen.length > 0 && dates.length === 0) throw InspectionError.invalid(['id'], `No working day between ${draw.scheduledFrom} and ${draw.scheduledTo}`);
      const scheduler = new SchedulingService(em, this.clock, this.randomBelow);
      const drawn: DrawnEnterprise[] = [];
      for (const [i, c] of chosen.entries()) {
        const team = drawTeam(draw.seed, c.value, draw.roster, draw.teamSize).map((t) => t.value);
        const before = enterprises.get(c.value)!.before;
        const inspection = await scheduler.proposeInspection(
          {
            enterprise: c.value,
            type: InspectionType.GENERAL_RANDOM,
            enforcingLevel: plan.level,
            scheduledDate: dates[i],
            planId: plan.id,
            inspectors: team,
            // A second inspection in the year needs a recorded reason: the draw is it.
            justification: before >= 1 ? `双随机抽查: draw ${draw.id}, seed ${draw.seed}` : null,
          },
          viewer.subject!,
        );
        drawn.push({ creditCode: c.value, ticket: c.ticket, team, inspectionId: inspection.id, scheduledDate: dates[i] });
      }
      draw.status = RandomDrawStatus.DRAWN;
      draw.pool = pool;
      draw.excluded = excluded;
      draw.drawn = drawn;
      draw.drawnAt = this.clock.now();
      draw.drawnBy = viewer.subject;
      return draw;
    });
  }

  /** The plan's level and the filter, less those at the cap, covered key units and those drawn before in the plan. */
  private async pool(em: EntityManager, draw: RandomDraw) {
    const where: Record<string, unknown> = { enforcementLevel: draw.plan.level, status: { $ne: EnterpriseStatus.CLOSED } };
    // A TOWN plan draws from its town, whatever towns the draw names.
    const towns = draw.plan.town ? draw.towns.filter((t) => t === draw.plan.town).concat(draw.towns.length === 0 ? [draw.plan.town] : []) : draw.towns;
    if (towns.length > 0 || draw.plan.town) where.town = { $in: towns };
    if (draw.industries.length > 0) where.industry = { $in: draw.industries };
    let candidates = await em.find(Enterprise, where, { orderBy: { id: 'asc' } });
    if (draw.grades.length > 0) {
      const grades = await currentRiskGrades(em, candidates.map((e) => e.id));
      candidates = candidates.filter((e) => draw.grades.includes(grades.get(e.id)?.grade as RiskGrade));
    }
    const rows =
      candidates.length === 0
        ? []
        : await rawQuery<{ enterprise_id: string; type: InspectionType; plan_id: string | null }>(
            em,
            `select enterprise_id::text as enterprise_id, type, plan_id::text as plan_id from inspection
              where year = ? and status <> 'CANCELLED' and enterprise_id in (${candidates.map(() => '?').join(', ')})`,
            [draw.plan.year, ...candidates.map((e) => e.id)],
          );
    const pool: string[] = [];
    const excluded: DrawExclusion[] = [];
    const enterprises = new Map<string, { before: number }>();
    for (const e of candidates) {
      const held = rows.filter((r) => r.enterprise_id === e.id);
      const reason = held.some((r) => r.type === InspectionType.GENERAL_RANDOM && r.plan_id === draw.plan.id)
        ? DrawExclusionReason.ALREADY_DRAWN
        : held.length >= YEARLY_INSPECTION_CAP
          ? DrawExclusionReason.AT_YEARLY_CAP
          : e.keyUnit && held.some((r) => r.type === InspectionType.KEY_UNIT)
            ? DrawExclusionReason.KEY_UNIT_COVERED
            : null;
      if (reason) excluded.push({ creditCode: e.creditCode, reason });
      else {
        pool.push(e.creditCode);
        enterprises.set(e.creditCode, { before: held.length });
      }
    }
    pool.sort();
    return { pool, excluded, enterprises };
  }

  /** Public: an announced draw (its seed is public from the announcement). */
  async draw(id: string): Promise<RandomDraw> {
    checkId(id, ['id']);
    const draw = await this.em.findOne(RandomDraw, { id });
    if (!draw) throw InspectionError.drawNotFound(id);
    return draw;
  }

  draws(planId: string, page: PageArgs): Promise<Page<RandomDraw>> {
    return paginate(this.em, RandomDraw, { plan: checkId(planId, ['planId']) }, page);
  }

  /**
   * The pool, exclusions, roster and result: to regulators at once (a TOWN
   * regulator reads its town's enterprises of them), to everyone once every
   * drawn inspection still standing has been published as a target (so the
   * draw does not announce an inspection early).
   */
  async result(viewer: Viewer, draw: RandomDraw): Promise<DrawResult> {
    if (draw.status !== RandomDrawStatus.DRAWN) return { public: false, pool: null, excluded: null, drawn: null, roster: null };
    const ids = (draw.drawn ?? []).map((d) => d.inspectionId);
    const unpublished =
      ids.length === 0
        ? 0
        : Number(
            (
              await rawQuery<{ n: string }>(
                this.em,
                `select count(*) as n from inspection where id in (${ids.map(() => '?').join(', ')}) and status <> 'CANCELLED' and published_at is null`,
                ids,
              )
            )[0].n,
          );
    const isPublic = unpublished === 0;
    if (!isPublic && !isRegulator(viewer)) return { public: false, pool: null, excluded: null, drawn: null, roster: null };
    const [pool, excluded, drawn] = [draw.pool ?? [], draw.excluded ?? [], draw.drawn ?? []];
    const town = areaTown(viewer);
    if (isPublic || town === undefined) return { public: isPublic, pool, excluded, drawn, roster: draw.roster };
    const codes = [...new Set([...pool, ...excluded.map((e) => e.creditCode), ...drawn.map((d) => d.creditCode)])];
    const own = new Set(codes.length === 0 ? [] : (await this.em.find(Enterprise, { creditCode: { $in: codes }, town }, { fields: ['creditCode'] })).map((e) => e.creditCode));
    return { public: false, pool: pool.filter((c) => own.has(c)), excluded: excluded.filter((e) => own.has(e.creditCode)), drawn: drawn.filter((d) => own.has(d.creditCode)), roster: draw.roster };
  }
}
