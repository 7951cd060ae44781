import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { WebhookDelivery } from './webhook-delivery.entity';
import { secretBoxOf } from './webhook-secret-box';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookDeliveryStatus } from './webhooks.enums';
import { RegisterWebhookInput } from './webhooks.inputs';
import { WebhooksService } from './webhooks.service';

export const WebhookSubscriptionConnection = connectionType(WebhookSubscription);
export const WebhookDeliveryConnection = connectionType(WebhookDelivery);

@ObjectType({ description: 'A webhook just registered (or its secret rotated), and its signing secret: shown this once' })
class RegisteredWebhook {
  @Field(() => WebhookSubscription)
  webhook!: WebhookSubscription;

  @Field({ description: 'whsec_…: verify each delivery’s webhook-signature with it (docs/feeds.md)' })
  secret!: string;
}

@ArgsType()
class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID)
  webhook!: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;
}

const OWNERS = [Role.REGULATOR, Role.ENTERPRISE, Role.PARTNER];
const service = (ctx: Context) => new WebhooksService(ctx.em, ctx.clock, ctx.config.webhooks.allowPrivate, secretBoxOf(ctx.config));

@Resolver()
export class WebhooksResolver {
  @Authorized(...OWNERS)
  @Mutation(() => RegisteredWebhook, { description: 'Registers a signed webhook for a feed the caller’s organisation may read' })
  registerWebhook(@Arg('input') input: RegisterWebhookInput, @Ctx() ctx: Context) {
    return service(ctx).register(ctx.viewer, input);
  }

  @Authorized(...OWNERS)
  @Query(() => WebhookSubscriptionConnection, { description: 'The webhooks of the caller’s organisation' })
  webhooks(@Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return service(ctx).webhooks(ctx.viewer, args);
  }

  @Authorized(...OWNERS)
  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries of one of the organisation’s webhooks, oldest first' })
  webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Ctx() ctx: Context) {
    return service(ctx).deliveries(ctx.viewer, args.webhook, args.status, args);
  }

  @Authorized(...OWNERS)
  @Mutation(() => WebhookSubscription, { description: 'Stops or resumes deliveries' })
  setWebhookEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: Context) {
    return service(ctx).setEnabled(ctx.viewer, id, enabled);
  }

  @Authorized(...OWNERS)
  @Mutation(() => RegisteredWebhook, { description: 'Replaces the signing secret; the old one also signs for overlapSeconds (default a day, at most a week) while receivers switch' })
  rotateWebhookSecret(@Arg('id', () => ID) id: string, @Arg('overlapSeconds', () => Int, { defaultValue: 86_400 }) overlapSeconds: number, @Ctx() ctx: Context) {
    return service(ctx).rotateSecret(ctx.viewer, id, overlapSeconds);
  }

  @Authorized(...OWNERS)
  @Mutation(() => WebhookDelivery, { description: 'Sends a DEAD delivery again, ahead of the queue' })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).replay(ctx.viewer, id);
  }
}
