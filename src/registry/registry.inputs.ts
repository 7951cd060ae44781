import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { CasNumberScalar, CreditCodeScalar, DecimalScalar } from '../graphql/scalars';
import { EnforcementLevel, EnterpriseStatus, IndustryCategory, StorageType, Unit } from './registry.enums';

@InputType()
export class RegisterEnterpriseInput {
  @Field(() => CreditCodeScalar)
  creditCode!: string;

  @Field()
  name!: string;

  @Field()
  address!: string;

  @Field({ description: '属地: town or street' })
  town!: string;

  @Field(() => EnforcementLevel)
  enforcementLevel!: EnforcementLevel;

  @Field(() => IndustryCategory)
  industry!: IndustryCategory;

  @Field(() => CreditCodeScalar, { nullable: true, description: 'The group enterprise it belongs to' })
  parentCreditCode?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  keyUnit?: boolean;
}

@InputType({ description: 'Changes to an enterprise; omitted fields stay as they are' })
export class UpdateEnterpriseInput {
  @Field(() => CreditCodeScalar)
  creditCode!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  town?: string | null;

  @Field(() => EnforcementLevel, { nullable: true })
  enforcementLevel?: EnforcementLevel | null;

  @Field(() => IndustryCategory, { nullable: true })
  industry?: IndustryCategory | null;

  @Field(() => CreditCodeScalar, { nullable: true })
  parentCreditCode?: string | null;

  @Field(() => EnterpriseStatus, { nullable: true })
  status?: EnterpriseStatus | null;

  @Field(() => Boolean, { nullable: true })
  keyUnit?: boolean | null;
}

@InputType()
export class RegisterWarehouseInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field({ description: 'Unique within the enterprise' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  address!: string;

  @Field(() => StorageType)
  storageType!: StorageType;

  @Field(() => DecimalScalar, { description: 'Capacity in tonnes' })
  capacityTonnes!: string;
}

@InputType({ description: 'Name the chemical by catalogue serial or by CAS number' })
export class RegisterProductInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field(() => Int, { nullable: true })
  chemicalSerial?: number | null;

  @Field(() => CasNumberScalar, { nullable: true })
  casNumber?: string | null;

  @Field()
  tradeName!: string;

  @Field({ description: 'Specification or concentration' })
  specification!: string;

  @Field()
  packaging!: string;

  @Field(() => Unit)
  unit!: Unit;
}

@InputType({ description: 'A batch coded ahead of its first ledger entry: by the product\'s enterprise or a regulator' })
export class RegisterBatchInput {
  @Field({ description: 'The product traceability code' })
  product!: string;

  @Field({ description: 'Batch (lot) number: 1 to 20 digits and capitals of the code alphabet (no I, O, S, V, Z)' })
  batch!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  productionDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  expiryDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  retestDate?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "In the product's unit" })
  plannedQuantity?: string | null;
}
