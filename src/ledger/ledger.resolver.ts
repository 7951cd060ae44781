import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { joinedRow } from '../db/plain-rows';
import { ConnectionArgs } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { compiledRelation } from '../graphql/json-read-plan';
import { auditOfKnownAnswer } from '../graphql/known-answer';
import { CreditCodeScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Warehouse } from '../registry/warehouse.entity';
import { TraceGraph, TraceNode } from './batch-trace';
import { BatchTraceService } from './batch-trace.service';
import { ChainVerificationService } from './chain-verification.service';
import { LedgerEntry } from './ledger-entry.entity';
import { MovementsArgs, PendingBalanceInput, RecordMovementsInput, ShipmentsArgs, StockArgs, TraceBatchArgs } from './ledger.inputs';
import { LedgerService } from './ledger.service';
import {
  ChainVerificationResult,
  LedgerChainView,
  LedgerEntryConnection,
  MovementCheck,
  RecordMovementsResult,
  ShipmentConnection,
  StockConnection,
  StockTotal,
  stockWants,
} from './ledger.types';
import { Shipment } from './shipment.entity';
import { DispatchBatchInput, ReceiveShipmentInput, ScanResult } from './shipment-scan.inputs';
import { MovementCheckService } from './movement-check.service';
import { ShipmentScanService } from './shipment-scan.service';
import { groupShipmentCode } from '../proof/shipment-code';
import { StockService } from './stock.service';
import { StockBalance } from './stock-balance.entity';

const ledger = (ctx: Context) => new LedgerService(ctx.em, ctx.clock, ctx.config, ctx.movementObservers, ctx.groupCommit);
const scanning = (ctx: Context) => new ShipmentScanService(ctx.em, ctx.clock, ctx.config, ctx.movementObservers, ctx.groupCommit);

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @Authorized(Role.ENTERPRISE)
  @Mutation(() => RecordMovementsResult, {
    description: 'Appends 1 to 1,000 movements to the caller’s own chain, all or nothing, in order; idempotent by requestId',
  })
  recordMovements(@Arg('input') input: RecordMovementsInput, @Ctx() ctx: Context) {
    return ledger(ctx).recordMovements(ctx.viewer, input);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => MovementCheck, {
    description: 'A dry run of recordMovements writing nothing: every entry checked, each refused one named with its reason (a bulk upload checks its file first)',
  })
  checkMovements(
    @Arg('input') input: RecordMovementsInput,
    @Arg('carry', () => [PendingBalanceInput], { nullable: true, description: "The previous call's carry: the stock its entries (and those before) would move" }) carry: PendingBalanceInput[] | null,
    @Ctx() ctx: Context,
  ) {
    return new MovementCheckService(ctx.em, ctx.clock, ctx.config).checkMovements(ctx.viewer, input, carry ?? []);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.CONTROLLED_MOVEMENTS), mandate(Mandate.DISPOSAL_MOVEMENTS))
  @Query(() => LedgerEntryConnection, { description: 'Movements: an enterprise its own, regulators all, partners within their mandate' })
  movements(@Args() args: MovementsArgs, @Ctx() ctx: Context) {
    return ledger(ctx).movements(ctx.viewer, args);
  }

  @FieldResolver(() => Enterprise, { description: 'The enterprise whose chain holds the entry' })
  enterprise(@Root() entry: LedgerEntry, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(entry.enterprise.id);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() entry: LedgerEntry, @Ctx() ctx: Context) {
    return ctx.loaders.warehouse.load(entry.warehouse.id);
  }

  @FieldResolver(() => Product)
  product(@Root() entry: LedgerEntry, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(entry.product.id);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.COUNTERPARTIES))
  @FieldResolver(() => String, { nullable: true, description: 'Credit code of the other enterprise (`counterparty` in canonical)' })
  counterpartyCode(@Root() entry: LedgerEntry) {
    return entry.counterpartyCode ?? null;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.COUNTERPARTIES))
  @FieldResolver(() => Enterprise, { nullable: true, description: 'The other enterprise, when registered' })
  counterparty(@Root() entry: LedgerEntry, @Ctx() ctx: Context) {
    return entry.counterparty ? ctx.loaders.enterprise.load(entry.counterparty.id) : null;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.WAYBILLS))
  @FieldResolver(() => String, { nullable: true, description: 'Electronic waybill number' })
  transportDoc(@Root() entry: LedgerEntry) {
    return entry.transportDoc ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: "The entry's leaf index in the transparency log (docs/log.md), what entryProof proves; null until the integrator has sequenced it, within a second or so of the commit" })
  logIndex(@Root() entry: LedgerEntry, @Ctx() ctx: Context) {
    return ctx.loaders.logIndex.load(String(entry.id));
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @FieldResolver(() => String, { description: 'The RFC 8785 canonical JSON of the entry: it holds every field, counterparty and waybill included' })
  canonical(@Root() entry: LedgerEntry) {
    return entry.canonical;
  }
}

@Resolver(() => LedgerChainView)
export class LedgerChainResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => LedgerChainView, { description: "An enterprise's chain, for verification: regulators any, an enterprise its own" })
  chain(@Arg('creditCode', () => CreditCodeScalar) creditCode: string, @Ctx() ctx: Context) {
    return ledger(ctx).chain(ctx.viewer, creditCode);
  }

  @FieldResolver(() => LedgerEntryConnection, { description: 'Entries in seq order; the cursor is the seq' })
  entries(@Root() chain: LedgerChainView, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return ledger(ctx).chainEntries(chain, args);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() chain: LedgerChainView, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(chain.enterpriseId);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => ChainVerificationResult, { description: 'Checks a chain as the spec says and names the first broken seq; with crossCheck (the default), also what the rest of the database says against it' })
  async verifyChain(
    @Arg('creditCode', () => CreditCodeScalar) creditCode: string,
    @Arg('crossCheck', () => Boolean, { defaultValue: true, description: 'Also read balances, receipts, shipments, id columns, request rows and log leaves (disagreements)' }) crossCheck: boolean,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChainVerificationResult> {
    // Without the cross-checks, a sound chain's answer is known to its audit row (one row; of its fields only chain names an enterprise).
    const audit = auditOfKnownAnswer(ctx.auditInRead, info, { chain: creditCode, failure: null, disagreements: [] });
    const result = await new ChainVerificationService(ctx.em).verifyChain(ctx.viewer, creditCode, { crossCheck, audit });
    return { chain: result.chain, ok: result.ok, checked: result.checked, headSeq: result.head?.seq ?? null, headHash: result.head?.hash ?? null, failure: result.failure, disagreements: result.disagreements };
  }
}

@Resolver(() => StockBalance)
export class StockResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.STOCK))
  @Query(() => StockConnection, { description: 'Stock per warehouse, product and batch, with totals: an enterprise its own, regulators all' })
  stock(@Args() args: StockArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return new StockService(ctx.em).stock(ctx.viewer, args, stockWants(info));
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() balance: StockBalance, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(balance.enterprise.id);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() balance: StockBalance, @Ctx() ctx: Context) {
    return joinedRow(balance.warehouse) ?? ctx.loaders.warehouse.load(balance.warehouse.id);
  }

  @FieldResolver(() => Product)
  product(@Root() balance: StockBalance, @Ctx() ctx: Context) {
    return joinedRow(balance.product) ?? ctx.loaders.product.load(balance.product.id);
  }
}

compiledRelation('StockBalance', 'enterprise', 'enterprise');
compiledRelation('StockBalance', 'warehouse', 'warehouse');
compiledRelation('StockBalance', 'product', 'product');

@Resolver(() => StockTotal)
export class StockTotalResolver {
  @FieldResolver(() => Product)
  product(@Root() total: StockTotal, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(total.productId);
  }
}

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.SHIPMENTS))
  @Query(() => ShipmentConnection, { description: 'Shipments sent by or awaited by an enterprise; open (in transit) only by default' })
  shipments(@Args() args: ShipmentsArgs, @Ctx() ctx: Context) {
    return ledger(ctx).shipments(ctx.viewer, args);
  }

  @FieldResolver(() => Enterprise)
  sender(@Root() shipment: Shipment, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(shipment.sender.id);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'Null while the receiver is not registered' })
  receiver(@Root() shipment: Shipment, @Ctx() ctx: Context) {
    return shipment.receiver ? ctx.loaders.enterprise.load(shipment.receiver.id) : null;
  }

  @FieldResolver(() => Product)
  product(@Root() shipment: Shipment, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(shipment.product.id);
  }

  @FieldResolver(() => String, { description: 'The shipment code for the transport document, e.g. "K7Q2M-8XHWA", drawn at random: the receiver scans or types it (receiveShipment)' })
  code(@Root() shipment: Shipment) {
    return groupShipmentCode(shipment.code);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => ScanResult, { description: 'The receiver scans a shipment code: a receipt naming the shipper’s entry, closing the shipment (short beyond RECEIPT_TOLERANCE: RECEIPT_SHORTFALL)' })
  receiveShipment(@Arg('input') input: ReceiveShipmentInput, @Ctx() ctx: Context) {
    return scanning(ctx).receiveShipment(ctx.viewer, input);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => ScanResult, { description: 'The sender scans a batch code as it leaves: an OUT entry to the counterparty, opening a shipment with its code' })
  dispatchBatch(@Arg('input') input: DispatchBatchInput, @Ctx() ctx: Context) {
    return scanning(ctx).dispatchBatch(ctx.viewer, input);
  }
}

@Resolver(() => ScanResult)
export class ScanResultResolver {
  @FieldResolver(() => Shipment)
  shipment(@Root() result: ScanResult, @Ctx() ctx: Context) {
    return scanning(ctx).shipment(result.shipmentId);
  }
}

@Resolver(() => TraceGraph)
export class TraceResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => TraceGraph, { description: 'Traces a batch across enterprises and transformations, up to maxDepth PRODUCTION steps (at most 10)' })
  traceBatch(@Args() args: TraceBatchArgs, @Ctx() ctx: Context) {
    return new BatchTraceService(ctx.em).traceBatch(ctx.viewer, args);
  }
}

@Resolver(() => TraceNode)
export class TraceNodeResolver {
  @FieldResolver(() => Enterprise, { nullable: true, description: 'Null for a transit node to an unregistered enterprise' })
  enterprise(@Root() node: TraceNode, @Ctx() ctx: Context) {
    return node.enterpriseId ? ctx.loaders.enterprise.load(node.enterpriseId) : null;
  }

  @FieldResolver(() => Warehouse, { nullable: true })
  warehouse(@Root() node: TraceNode, @Ctx() ctx: Context) {
    return node.warehouseId ? ctx.loaders.warehouse.load(node.warehouseId) : null;
  }

  @FieldResolver(() => Product)
  product(@Root() node: TraceNode, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(node.productId);
  }
}

export const ledgerResolvers = [
  LedgerEntryResolver,
  ScanResultResolver,
  LedgerChainResolver,
  StockResolver,
  StockTotalResolver,
  ShipmentResolver,
  TraceResolver,
  TraceNodeResolver,
] as const;
