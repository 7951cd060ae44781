import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide } from '../access/jurisdiction';
import { assertRegulator, enterpriseWhere } from '../access/policy';
import { Viewer } from '../access/viewer';
import { addDays, shanghaiDate, shanghaiMonth, startOfShanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { CalendarDay } from './calendar-day.entity';
import { Licence } from './licence.entity';
import { LicenceType } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import { checkDate } from './licensing-input';
import { CalendarDayInput } from './licensing.inputs';
import { COMMITTED_REDUCTION, STATUTORY_WORKING_DAYS } from './statutory-limits';
import { workingDaysBetween } from './working-days';

/** One row of the processing-time report: decisions of one licence type in one month. */
export interface ProcessingTimeRow {
  type: LicenceType;
  month: string;
  decided: number;
  averageWorkingDays: number;
  maxWorkingDays: number;
  statutoryWorkingDays: number;
  /** 1 − average / statutory: 0.6 is the committed 60 % reduction. */
  averageReduction: number;
  meetsCommitment: boolean;
}

/** How long deciding applications takes, in working days (holidays and make-up days on the calendar). */
export class ProcessingTimesService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Applied → decided in working days, by licence type and month of decision,
   * against the statutory limit: the reduction the bureau committed to (60 %).
   * Simple changes, reissues and cancellations are decided in the call and not counted.
   */
  async processingTimes(viewer: Viewer, from: string, to: string, type?: LicenceType | null): Promise<ProcessingTimeRow[]> {
    assertRegulator(viewer);
    checkDate(from, ['from']);
    checkDate(to, ['to']);
    if (to < from) throw LicensingError.invalid(['to'], 'to must not be before from');
    if (to > addDays(from, 731)) throw LicensingError.invalid(['to'], 'The report spans at most two years');
    const holder = enterpriseWhere(viewer);
    const where: FilterQuery<Licence> = {
      decidedAt: { $gte: startOfShanghaiDate(from), $lt: startOfShanghaiDate(addDays(to, 1)) },
      ...(type ? { type } : {}),
      // A TOWN regulator's figures are its town's licences'.
      ...(holder ? { holder } : {}),
    };
    const decided = await this.em.find(Licence, where, { orderBy: { decidedAt: 'asc', id: 'asc' } });
    if (decided.length === 0) return [];
    const firstApplied = shanghaiDate(decided.reduce((min, l) => (l.appliedAt < min ? l.appliedAt : min), decided[0].appliedAt));
    const calendar = await this.em.find(CalendarDay, { date: { $gte: firstApplied, $lte: to } });
    const exceptions = new Map(calendar.map((d) => [d.date, d.working]));
    const groups = new Map<string, { type: LicenceType; month: string; days: number[] }>();
    for (const licence of decided) {
      const month = shanghaiMonth(licence.decidedAt!);
      const key = `${month}|${licence.type}`;
      const group = groups.get(key) ?? { type: licence.type, month, days: [] };
      group.days.push(workingDaysBetween(shanghaiDate(licence.appliedAt), shanghaiDate(licence.decidedAt!), exceptions));
      groups.set(key, group);
    }
    return [...groups.values()]
      .sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type))
      .map(({ type: t, month, days }) => {
        const statutory = STATUTORY_WORKING_DAYS[t];
        const average = days.reduce((s, d) => s + d, 0) / days.length;
        const reduction = 1 - average / statutory;
        return {
          type: t,
          month,
          decided: days.length,
          averageWorkingDays: round(average),
          maxWorkingDays: Math.max(...days),
          statutoryWorkingDays: statutory,
          averageReduction: round(reduction),
          meetsCommitment: reduction >= COMMITTED_REDUCTION,
        };
      });
  }

  /** Records a holiday or a make-up working day; the last word on a date wins. */
  async setCalendarDay(viewer: Viewer, input: CalendarDayInput): Promise<CalendarDay> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'setCalendarDay');
    const date = checkDate(input.date, ['input', 'date']);
    const name = requiredText(input.name, ['input', 'name'], 100);
    await this.em.upsert(CalendarDay, { date, working: input.working, name });
    return this.em.findOneOrFail(CalendarDay, { date }, { refresh: true });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
