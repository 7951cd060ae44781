import { Field, ObjectType } from 'type-graphql';
import { Chemical } from './chemical.entity';
import { Product } from './product.entity';
import { Unit } from './registry.enums';

/** What a package says of its product, on the product's and on the batch's public view. */
@ObjectType({ description: 'What a package says of its product' })
export class PublicProductFacts {
  @Field()
  traceCode!: string;

  @Field()
  tradeName!: string;

  @Field()
  specification!: string;

  @Field()
  packaging!: string;

  @Field(() => Unit)
  unit!: Unit;

  @Field(() => Chemical)
  chemical!: Chemical;
}

/** What anyone holding a product's code may see: the product, its chemical's hazards, the maker's name. Nothing private. */
@ObjectType({ description: 'The public view of a product, reached by its traceability code or QR code' })
export class PublicProduct extends PublicProductFacts {

  @Field({ description: "The enterprise's name" })
  enterpriseName!: string;

  @Field({ description: 'The URL the QR code holds' })
  url!: string;

  @Field({ description: 'The QR code as an SVG document' })
  qrCodeSvg!: string;
}

export function publicProductUrl(publicBaseUrl: string, traceCode: string): string {
  return `${publicBaseUrl}/p/${traceCode}`;
}

/** qrcode (and its PNG encoder) is required by the first QR code drawn, not by every start. */
export function qrCodeSvg(url: string): Promise<string> {
  const QRCode = require('qrcode') as typeof import('qrcode');
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function toPublicProduct(product: Product, publicBaseUrl: string): Promise<PublicProduct> {
  const url = publicProductUrl(publicBaseUrl, product.traceCode);
  return {
    traceCode: product.traceCode,
    tradeName: product.tradeName,
    specification: product.specification,
    packaging: product.packaging,
    unit: product.unit,
    chemical: product.chemical,
    enterpriseName: product.enterprise.name,
    url,
    qrCodeSvg: await qrCodeSvg(url),
  };
}
