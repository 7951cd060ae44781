import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { AlertCode, AlertSeverity, AlertStatus, LicenceStatus, LicenceType } from './licensing.enums';

@InputType({ description: 'A catalogue chemical for a licence scope' })
export class LicenceScopeItemInput {
  @Field(() => Int, { description: 'Catalogue serial (序号)' })
  chemicalSerial!: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Storage permitted (带储存)' })
  storageAllowed?: boolean;
}

@InputType({ description: 'An application for a licence; holder name and address default to the enterprise record' })
export class ApplyForLicenceInput {
  @Field(() => CreditCodeScalar)
  holder!: string;

  @Field(() => LicenceType)
  type!: LicenceType;

  @Field(() => String, { nullable: true })
  holderName?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field()
  legalRepresentative!: string;

  @Field({ description: '发证机关' })
  issuingAuthority!: string;

  @Field(() => [LicenceScopeItemInput])
  scope!: LicenceScopeItemInput[];
}

@InputType({ description: 'Issues an applied-for licence; validity defaults to 3 years from the decision date' })
export class IssueLicenceInput {
  @Field(() => ID)
  licenceId!: string;

  @Field({ description: '许可证编号, unique' })
  number!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  validFrom?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Inclusive' })
  validUntil?: string | null;
}

@InputType({ description: '变更: the fields given change; in one call' })
export class ChangeLicenceInput {
  @Field(() => ID)
  licenceId!: string;

  @Field(() => String, { nullable: true })
  holderName?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  legalRepresentative?: string | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType({ description: '新增品名: chemicals added to the scope' })
export class AddLicenceScopeInput {
  @Field(() => ID)
  licenceId!: string;

  @Field(() => [LicenceScopeItemInput])
  items!: LicenceScopeItemInput[];

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType({ description: 'A lifecycle step that needs only the licence and, for refusals, suspensions and revocations, a reason' })
export class LicenceActionInput {
  @Field(() => ID)
  licenceId!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
export class AlertActionInput {
  @Field(() => ID)
  alertId!: string;

  @Field(() => String, { nullable: true, description: 'Required to resolve: how it was resolved' })
  note?: string | null;
}

@InputType({ description: 'A public holiday on a weekday (working: false) or a make-up working weekend day (working: true)' })
export class CalendarDayInput {
  @Field(() => GraphQLLocalDate)
  date!: string;

  @Field()
  working!: boolean;

  @Field()
  name!: string;
}

export interface LicenceFilter {
  holder?: string | null;
  type?: LicenceType | null;
  status?: LicenceStatus | null;
}

export interface AlertFilter {
  enterprise?: string | null;
  status?: AlertStatus | null;
  code?: AlertCode | null;
  severity?: AlertSeverity | null;
}
