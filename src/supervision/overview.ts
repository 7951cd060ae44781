import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { AlertCode } from '../licensing/licensing.enums';
import { RiskGrade } from './supervision.enums';

@ObjectType({ description: 'Enterprises of a town with a grade (null: never graded)' })
export class TownGradeCount {
  @Field()
  town!: string;

  @Field(() => RiskGrade, { nullable: true })
  grade!: RiskGrade | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Highly toxic and explosive-precursor stock held in a town, in tonnes (stock kept in KG or T; L and M3 are not converted)' })
export class TownHazardStock {
  @Field()
  town!: string;

  @Field(() => DecimalScalar)
  highlyToxicTonnes!: string;

  @Field(() => DecimalScalar)
  precursorTonnes!: string;
}

@ObjectType()
export class AlertCodeCount {
  @Field(() => AlertCode)
  code!: AlertCode;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'The regulators’ dashboard figures, as of now (months and days in Asia/Shanghai)' })
export class SupervisionOverview {
  @Field()
  asOf!: Date;

  @Field(() => [TownGradeCount], { description: 'Enterprises by town and current risk grade' })
  enterprisesByGrade!: TownGradeCount[];

  @Field(() => [TownHazardStock])
  hazardStockByTown!: TownHazardStock[];

  @Field(() => [AlertCodeCount], { description: 'Alerts not yet resolved (OPEN or ACKNOWLEDGED), by code' })
  unresolvedAlerts!: AlertCodeCount[];

  @Field(() => Int, { description: 'Inspections scheduled this month and not cancelled' })
  inspectionsPlannedThisMonth!: number;

  @Field(() => Int, { description: 'Of those, COMPLETED or CLOSED' })
  inspectionsDoneThisMonth!: number;

  @Field(() => Int, { description: 'VALID licences whose validity ends within 90 days from today' })
  licencesExpiringIn90Days!: number;
}
