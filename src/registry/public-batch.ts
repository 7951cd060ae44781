import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { batchPath } from '../proof/batch-code';
import { Batch } from './batch.entity';
import { PublicProductFacts, qrCodeSvg } from './public-product';

/**
 * What anyone holding a package may read from its batch code: the product, its chemical and
 * hazards, the producer, the batch and its dates. Nothing about who holds it now or who bought it.
 */
@ObjectType({ description: 'The public view of a batch, reached by its batch code or its QR code (a GS1 Digital Link)' })
export class PublicBatch extends PublicProductFacts {
  @Field({ description: 'Registered with the ledger: the code is genuine' })
  genuine!: boolean;

  @Field()
  code!: string;

  @Field()
  batchNumber!: string;

  @Field({ description: 'The producer or importer: the enterprise where the batch entered the ledger' })
  producerName!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  productionDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  expiryDate!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  retestDate!: string | null;

  @Field({ description: 'The URL its QR code holds: {PUBLIC_BASE_URL}/p/{traceCode}/10/{batch}' })
  url!: string;

  @Field({ description: 'The QR code as an SVG document' })
  qrCodeSvg!: string;
}

export function publicBatchUrl(publicBaseUrl: string, batch: Pick<Batch, 'productCode' | 'batchNumber'>): string {
  return publicBaseUrl + batchPath(batch.productCode, batch.batchNumber);
}

/** A batch loaded with its product's chemical and its origin. */
export async function toPublicBatch(batch: Batch, publicBaseUrl: string): Promise<PublicBatch> {
  const url = publicBatchUrl(publicBaseUrl, batch);
  const product = batch.product;
  return {
    genuine: true,
    code: batch.code,
    traceCode: batch.productCode,
    batchNumber: batch.batchNumber,
    tradeName: product.tradeName,
    specification: product.specification,
    packaging: product.packaging,
    unit: product.unit,
    chemical: product.chemical,
    producerName: batch.origin.name,
    productionDate: batch.productionDate ?? null,
    expiryDate: batch.expiryDate ?? null,
    retestDate: batch.retestDate ?? null,
    url,
    qrCodeSvg: await qrCodeSvg(url),
  };
}
