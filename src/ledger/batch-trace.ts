import { Field, Int, ObjectType } from 'type-graphql';
import { TraceDirection, TraceEdgeKind } from './ledger.enums';

/** One holding of a batch: an enterprise's warehouse, or goods in transit to an enterprise (no warehouse). */
@ObjectType({ description: 'A batch held in a warehouse, or in transit to an enterprise' })
export class TraceNode {
  @Field({ description: 'Opaque id that edges refer to' })
  id!: string;

  @Field({ description: "The holder's credit code" })
  enterpriseCode!: string;

  /** Null for a transit node to an unregistered enterprise. */
  enterpriseId!: string | null;

  @Field(() => String, { nullable: true, description: 'Null: in transit to the enterprise' })
  warehouseCode!: string | null;

  warehouseId!: string | null;

  @Field()
  productCode!: string;

  productId!: string;

  @Field()
  batch!: string;

  @Field({ description: 'Held now (or still in transit), in the product’s unit' })
  quantity!: string;

  @Field()
  inTransit!: boolean;

  @Field(() => Int, { description: 'Transformations (PRODUCTION) between this batch and the traced one' })
  depth!: number;
}

@ObjectType({ description: 'A shipment between holdings, or a PRODUCTION consuming one batch into another' })
export class TraceEdge {
  @Field(() => TraceEdgeKind)
  kind!: TraceEdgeKind;

  @Field({ description: 'Node id' })
  from!: string;

  @Field({ description: 'Node id' })
  to!: string;

  @Field({ description: 'Shipment: received (or in transit); PRODUCTION: the quantity produced' })
  quantity!: string;

  @Field(() => String, { nullable: true, description: "Shipment: the sender's OUT entry hash" })
  outHash!: string | null;

  @Field(() => String, { nullable: true, description: "Shipment: the receiver's IN entry hash; null while in transit" })
  inHash!: string | null;

  @Field(() => String, { nullable: true, description: 'PRODUCTION: the production entry hash' })
  productionHash!: string | null;
}

@ObjectType({ description: 'Where a batch came from and went, across enterprises and transformations' })
export class TraceGraph {
  @Field()
  product!: string;

  @Field()
  batch!: string;

  @Field(() => TraceDirection)
  direction!: TraceDirection;

  @Field(() => Int)
  maxDepth!: number;

  @Field(() => [TraceNode])
  nodes!: TraceNode[];

  @Field(() => [TraceEdge])
  edges!: TraceEdge[];

  @Field({ description: 'True when the node cap stopped the walk early' })
  truncated!: boolean;

  @Field(() => Int, { description: 'SQL statements the trace ran: the product lookup, then at most two per depth level (in one database call), never one per node' })
  queries!: number;
}
