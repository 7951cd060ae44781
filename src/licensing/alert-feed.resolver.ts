import { Args, ArgsType, Authorized, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { Mandate, mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { CommitFeedItem } from '../db/commit-order';
import { commitFeedSubscription } from '../graphql/commit-feed';
import { CreditCodeScalar } from '../graphql/scalars';
import { Alert } from './alert.entity';
import { alertConditions } from './alert-visibility';
import { AlertCode, AlertSeverity } from './licensing.enums';

@ArgsType()
class AlertFeedArgs {
  @Field(() => String, { nullable: true, description: 'The last position received: resume after it (none: from the first alert)' })
  after?: string | null;

  @Field(() => CreditCodeScalar, { nullable: true, description: 'One enterprise; an enterprise token reads only its own' })
  enterprise?: string | null;

  @Field(() => AlertCode, { nullable: true })
  code?: AlertCode | null;

  @Field(() => AlertSeverity, { nullable: true, description: 'CRITICAL: broken ledger chains (regulators only)' })
  severity?: AlertSeverity | null;
}

@ObjectType({ description: 'An alert at its place in the alert feed' })
class AlertFeedItem {
  @Field({ description: 'Subscribe again with after = this to resume' })
  position!: string;

  @Field(() => Alert)
  alert!: Alert;
}

@Resolver()
export class AlertFeedResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.LICENCES))
  @Subscription(() => AlertFeedItem, {
    description: 'Alerts as they are raised, in commit order from a position, live (WebSocket): the `alerts` rules; resumable without gap or duplicate; ends when the token expires',
    subscribe: commitFeedSubscription(Alert, (ctx, args: AlertFeedArgs) => alertConditions(ctx.viewer, args)),
  })
  alerts(@Root() item: CommitFeedItem<Alert>, @Args() _args: AlertFeedArgs): AlertFeedItem {
    return { position: item.position, alert: item.node };
  }
}
