import { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { areaTown } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { monthBounds } from '../shared/shanghai-calendar';
import { InspectionError } from './inspection.errors';

@ObjectType({ description: 'Evaluations of one group: how many, their average rating, how many rated 1 or 2' })
export class EvaluationGroup {
  @Field({ description: 'The inspection type, the officer, or "ALL"' })
  key!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  averageRating!: number;

  @Field(() => Int)
  lowRatings!: number;
}

@ObjectType({ description: 'A comment left with an evaluation' })
export class EvaluationComment {
  @Field()
  inspectionCode!: string;

  @Field(() => Int)
  rating!: number;

  @Field()
  comment!: string;

  @Field()
  evaluatedAt!: Date;
}

@ObjectType({ description: 'The monthly analysis of the evaluations left by inspection code (检查码评价)' })
export class EvaluationAnalysis {
  @Field()
  month!: string;

  @Field(() => EvaluationGroup)
  overall!: EvaluationGroup;

  @Field(() => [EvaluationGroup])
  byType!: EvaluationGroup[];

  @Field(() => [EvaluationGroup], { description: 'Each officer named on the inspection; one inspection counts for each of its officers' })
  byInspector!: EvaluationGroup[];

  @Field(() => [EvaluationComment], { description: 'Lowest ratings first' })
  comments!: EvaluationComment[];
}

type Row = { key: string; count: string; average: string; low: string };
const group = (r: Row): EvaluationGroup => ({ key: r.key, count: Number(r.count), averageRating: Math.round(Number(r.average) * 100) / 100, lowRatings: Number(r.low) });

/** Regulators: the evaluations made in a month (Asia/Shanghai), overall, by type, by officer, and their comments. */
export async function evaluationAnalysis(em: EntityManager, viewer: Viewer, month: string): Promise<EvaluationAnalysis> {
  assertRegulator(viewer);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw InspectionError.invalid(['month'], `"${month}" is not a month (YYYY-MM)`);
  const { from, to } = monthBounds(month);
  // The month's evaluations of inspections in the viewer's area: a TOWN regulator's town, anyone else's all.
  const evaluated = `inspection_evaluation e join inspection i on i.id = e.inspection_id join enterprise en on en.id = i.enterprise_id`;
  const where = `(e.created_at at time zone 'Asia/Shanghai')::date between ?::date and ?::date and en.town = coalesce(?::text, en.town)`;
  const params = [from, to, areaTown(viewer) ?? null];
  const aggregate = `count(*)::text as count, coalesce(avg(e.rating), 0)::text as average, count(*) filter (where e.rating <= 2)::text as low`;
  const [overall] = await rawQuery<Row>(em, `select 'ALL' as key, ${aggregate} from ${evaluated} where ${where}`, params);
  const byType = await rawQuery<Row>(em, `select i.type::text as key, ${aggregate} from ${evaluated} where ${where} group by i.type order by i.type`, params);
  const byInspector = await rawQuery<Row>(
    em,
    `select o.name as key, ${aggregate} from ${evaluated} cross join lateral unnest(i.inspectors) as o(name)
      where ${where} group by o.name order by avg(e.rating), o.name`,
    params,
  );
  const comments = await rawQuery<{ code: string; rating: number; comment: string; created_at: Date }>(
    em,
    `select i.code, e.rating, e.comment, e.created_at from ${evaluated}
      where ${where} and e.comment is not null order by e.rating, e.created_at`,
    params,
  );
  return {
    month,
    overall: group(overall),
    byType: byType.map(group),
    byInspector: byInspector.map(group),
    comments: comments.map((c) => ({ inspectionCode: c.code, rating: Number(c.rating), comment: c.comment, evaluatedAt: new Date(c.created_at) })),
  };
}
