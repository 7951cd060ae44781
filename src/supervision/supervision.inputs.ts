import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { AccidentSeverity, SpecialOperationType } from './supervision.enums';

@InputType({ description: 'A special-operation certificate (特种作业操作证) held by an employee' })
export class RegisterCertificateInput {
  @Field(() => CreditCodeScalar, { description: 'The employer' })
  enterprise!: string;

  @Field()
  holder!: string;

  @Field(() => SpecialOperationType)
  type!: SpecialOperationType;

  @Field()
  number!: string;

  @Field(() => GraphQLLocalDate, { description: 'Next review date (复审日期)' })
  reviewDate!: string;
}

@InputType({ description: 'A certificate reviewed: its next review date' })
export class RecordCertificateReviewInput {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLLocalDate)
  nextReviewDate!: string;
}

@InputType()
export class RecordAccidentInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => AccidentSeverity)
  severity!: AccidentSeverity;

  @Field(() => Int, { defaultValue: 0 })
  deaths!: number;

  @Field(() => Int, { defaultValue: 0 })
  injuries!: number;

  @Field()
  description!: string;
}

@InputType({ description: 'A complaint or report received about an enterprise' })
export class RecordComplaintInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field({ description: 'e.g. "12345 hotline", "letter", "online"' })
  channel!: string;

  @Field()
  content!: string;

  @Field({ description: 'When the bureau received it' })
  receivedAt!: Date;
}
