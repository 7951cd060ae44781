import { Arg, Args, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { ApiKeysArgs, CreateApiKeyInput } from './accounts.inputs';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';

const ApiKeyConnection = connectionType(ApiKey);

@ObjectType({ description: 'A new key: `key` is shown this once and never again' })
class CreatedApiKey {
  @Field({ description: 'Send as `Authorization: Bearer <key>`' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

const keys = (ctx: Context) => new ApiKeysService(ctx.em, ctx.clock);

@Resolver()
export class ApiKeysResolver {
  @Query(() => ApiKeyConnection, { description: "The caller's enterprise's or department's keys (ADMIN: all), with their last use" })
  apiKeys(@Args() args: ApiKeysArgs, @Ctx() ctx: Context) {
    return keys(ctx).apiKeys(ctx.viewer, args.includeRevoked ?? false, args);
  }

  @Mutation(() => CreatedApiKey)
  createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: Context) {
    return keys(ctx).createApiKey(ctx.viewer, input);
  }

  @Mutation(() => ApiKey, { description: 'The key stops working at once' })
  revokeApiKey(@Arg('keyId', () => ID) keyId: string, @Ctx() ctx: Context) {
    return keys(ctx).revokeApiKey(ctx.viewer, keyId);
  }
}
