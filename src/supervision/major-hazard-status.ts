import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { loadHazardLines } from './major-hazard-lines';
import { MajorHazardFlag } from './major-hazard-flag.entity';
import { HazardLine, majorHazardSum } from './major-hazard-sum';

@ObjectType({ description: 'One chemical’s share of a warehouse’s GB 18218 sum' })
export class MajorHazardContribution {
  @Field(() => Int)
  chemicalSerial!: number;

  @Field()
  chemicalName!: string;

  @Field(() => DecimalScalar)
  quantityTonnes!: string;

  @Field(() => DecimalScalar, { description: 'GB 18218-2018 table 1 critical quantity Q' })
  thresholdTonnes!: string;

  @Field(() => DecimalScalar, { description: 'q/Q, truncated to 6 decimals' })
  ratio!: string;
}

@ObjectType({ description: 'Major-hazard identification of a warehouse (GB 18218-2018), computed from live stock' })
export class MajorHazardStatus {
  @Field(() => DecimalScalar, { description: 'S = Σ q/Q over table-1 chemicals, truncated to 6 decimals' })
  sum!: string;

  @Field({ description: 'S ≥ 1: a major hazard installation' })
  flagged!: boolean;

  @Field({ description: 'When S was computed (at query time)' })
  computedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Since when the identification job has found it flagged; null if not (yet) flagged by the job' })
  identifiedSince!: Date | null;

  @Field(() => [MajorHazardContribution])
  contributions!: MajorHazardContribution[];

  @Field(() => Int, { description: 'Chemicals held in L or M3: not summed (no density in the catalogue), so S is a lower bound when > 0' })
  unconvertedChemicals!: number;

  @Field(() => Int, { description: 'Chemicals held that are not in GB 18218 table 1 (table 2 categories are not applied)' })
  unlistedChemicals!: number;
}

export interface WarehouseHazardData {
  lines: HazardLine[];
  flag: MajorHazardFlag | undefined;
}

/** Live lines and the job's flag of many warehouses, in two queries. */
export function majorHazardLoader(em: EntityManager) {
  return new DataLoader<string, WarehouseHazardData>(async (ids) => {
    const [lines, flags] = await Promise.all([
      loadHazardLines(em, ids),
      em.find(MajorHazardFlag, { warehouse: { $in: [...ids] } }),
    ]);
    const flagOf = new Map(flags.map((f) => [f.warehouse.id, f]));
    return ids.map((id) => ({ lines: lines.get(id) ?? [], flag: flagOf.get(id) }));
  });
}

export function toMajorHazardStatus(data: WarehouseHazardData, at: Date): MajorHazardStatus {
  const result = majorHazardSum(data.lines);
  return {
    sum: result.sum,
    flagged: result.flagged,
    computedAt: at,
    identifiedSince: data.flag?.flagged ? (data.flag.flaggedSince ?? null) : null,
    contributions: result.contributions,
    unconvertedChemicals: result.unconverted.length,
    unlistedChemicals: result.unlisted.length,
  };
}
