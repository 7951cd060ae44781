import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, Field, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { ConnectionArgs, PageInfo } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { EpcisParameters } from './epcis-query';
import { EpcisService } from './epcis.service';

/** SimpleEventQuery parameters under their EPCIS 2.0 names; each list is or-ed, the parameters and-ed (docs/epcis.md). */
@InputType()
export class EpcisQueryInput {
  @Field(() => [String], { nullable: true, description: 'ObjectEvent, TransformationEvent' })
  eventType?: string[] | null;

  @Field(() => String, { nullable: true, description: 'eventTime at or after (ISO 8601 with a zone)' })
  GE_eventTime?: string | null;

  @Field(() => String, { nullable: true, description: 'eventTime before' })
  LT_eventTime?: string | null;

  @Field(() => String, { nullable: true, description: 'recordTime at or after' })
  GE_recordTime?: string | null;

  @Field(() => String, { nullable: true, description: 'recordTime before' })
  LT_recordTime?: string | null;

  @Field(() => [String], { nullable: true, description: 'OBSERVE, ADD, DELETE' })
  EQ_action?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'CBV 2.0 bizStep: bare word, GS1 Web URI or URN' })
  EQ_bizStep?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'CBV 2.0 disposition: bare word, GS1 Web URI or URN' })
  EQ_disposition?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Batch URIs {base}/p/{code}/10/{batch}, or …/10/* for every batch of a product; production inputs match too' })
  MATCH_anyEPCClass?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Warehouse URIs {base}/party/{creditCode}/warehouse/{code}' })
  EQ_bizLocation?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Party URIs {base}/party/{creditCode} (COUNTERPARTIES mandate for partners)' })
  EQ_source_owning_party?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Party URIs {base}/party/{creditCode} (COUNTERPARTIES mandate for partners)' })
  EQ_destination_owning_party?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Event IDs ni:///sha-256;{hash}' })
  EQ_eventID?: string[] | null;
}

@ObjectType()
export class EpcisEventEdge {
  @Field()
  cursor!: string;

  @Field(() => GraphQLJSONObject, { description: 'The EPCIS 2.0 event (JSON-LD, without @context)' })
  node!: Record<string, unknown>;
}

@ObjectType({ description: 'EPCIS events in append order; no totalCount (an EPCIS page carries none)' })
export class EpcisEventConnection {
  @Field(() => [EpcisEventEdge])
  edges!: EpcisEventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => String, { nullable: true, description: 'The REST binding’s nextPageToken (the endCursor); null on the last page' })
  nextPageToken!: string | null;
}

@Resolver()
export class EpcisResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.CONTROLLED_MOVEMENTS), mandate(Mandate.DISPOSAL_MOVEMENTS))
  @Query(() => EpcisEventConnection, { description: 'Ledger entries as EPCIS 2.0 events (docs/epcis.md): the rows `movements` shows the caller' })
  epcisEvents(@Arg('query', () => EpcisQueryInput, { nullable: true }) query: EpcisQueryInput | null, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return new EpcisService(ctx.em, ctx.config.publicBaseUrl).connection(ctx.viewer, parametersOf(query), args);
  }
}

function parametersOf(input: EpcisQueryInput | null): EpcisParameters {
  const params: EpcisParameters = {};
  for (const [name, value] of Object.entries(input ?? {})) if (value !== null && value !== undefined) params[name] = value as string | string[];
  return params;
}

export const exchangeResolvers = [EpcisResolver] as const;
