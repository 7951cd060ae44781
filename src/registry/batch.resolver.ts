import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { Batch } from './batch.entity';
import { BatchService } from './batch.service';
import { Product } from './product.entity';
import { PublicBatch, publicBatchUrl, toPublicBatch } from './public-batch';
import { RegisterBatchInput } from './registry.inputs';

export const BatchConnection = connectionType(Batch);

@Resolver(() => Batch)
export class BatchResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Batch, { description: 'Codes a batch ahead of its first ledger entry (production date, expiry or retest date, planned quantity)' })
  registerBatch(@Arg('input') input: RegisterBatchInput, @Ctx() ctx: Context) {
    return new BatchService(ctx.em).registerBatch(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => BatchConnection, { description: "A product's coded batches: regulators, the product's enterprise, the enterprise a batch entered with" })
  batches(@Arg('product') product: string, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return new BatchService(ctx.em).batches(ctx.viewer, product, args);
  }

  @Query(() => PublicBatch, { description: 'Public: a batch by its batch code, as its QR code shows it; a code nobody registered is NOT_FOUND' })
  async batchByCode(@Arg('code') code: string, @Ctx() ctx: Context) {
    return toPublicBatch(await new BatchService(ctx.em).batchByCode(code), ctx.config.publicBaseUrl);
  }

  @FieldResolver(() => Product)
  product(@Root() batch: Batch, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(batch.product.id);
  }

  @FieldResolver(() => String, { description: 'The URL its QR code holds: {PUBLIC_BASE_URL}/p/{traceCode}/10/{batch}, a GS1 Digital Link' })
  url(@Root() batch: Batch, @Ctx() ctx: Context) {
    return publicBatchUrl(ctx.config.publicBaseUrl, batch);
  }
}
