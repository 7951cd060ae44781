import { Args, ArgsType, Authorized, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { Mandate, mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { CommitFeedItem } from '../db/commit-order';
import { commitFeedSubscription } from '../graphql/commit-feed';
import { CreditCodeScalar } from '../graphql/scalars';
import { Notification } from './notification.entity';
import { notificationConditions } from './notification-visibility';
import { NotificationKind } from './supervision.enums';

@ArgsType()
class NotificationFeedArgs {
  @Field(() => String, { nullable: true, description: 'The last position received: resume after it (none: from the first notice)' })
  after?: string | null;

  @Field(() => CreditCodeScalar, { nullable: true, description: 'One enterprise; an enterprise token reads only its own' })
  enterprise?: string | null;

  @Field(() => NotificationKind, { nullable: true })
  kind?: NotificationKind | null;
}

@ObjectType({ description: 'A notice at its place in the notification feed' })
class NotificationFeedItem {
  @Field({ description: 'Subscribe again with after = this to resume' })
  position!: string;

  @Field(() => Notification)
  notification!: Notification;
}

@Resolver()
export class NotificationFeedResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.MAJOR_HAZARD))
  @Subscription(() => NotificationFeedItem, {
    description: 'Notices as they are written, in commit order from a position, live (WebSocket): the `notifications` rules; resumable without gap or duplicate; ends when the token expires',
    subscribe: commitFeedSubscription(Notification, (ctx, args: NotificationFeedArgs) => notificationConditions(ctx.viewer, args)),
  })
  notifications(@Root() item: CommitFeedItem<Notification>, @Args() _args: NotificationFeedArgs): NotificationFeedItem {
    return { position: item.position, notification: item.node };
  }
}
