import { Field, InputType } from 'type-graphql';
import { DepartmentScalar } from './department-scalar';
import { Mandate } from './mandates';

@InputType({ description: 'A partner department the bureau adds, e.g. 卫生健康 (HEALTH) or 海事 (MARITIME)' })
export class CreateDepartmentInput {
  @Field(() => DepartmentScalar, { description: 'Its code: 2 to 40 upper-case letters, digits or _' })
  code!: string;

  @Field({ description: 'Its Chinese name, 1 to 50 characters, unique' })
  name!: string;

  @Field(() => [Mandate], { description: 'What it may read; at least one' })
  mandates!: Mandate[];
}
