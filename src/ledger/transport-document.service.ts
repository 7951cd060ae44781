import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown } from '../access/jurisdiction';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { groupShipmentCode, normalizeShipmentCode, shipmentCodeProblem } from '../proof/shipment-code';
import { Batch } from '../registry/batch.entity';
import { Chemical } from '../registry/chemical.entity';
import { Unit } from '../registry/registry.enums';
import { AccessError } from '../shared/domain-error';
import { LedgerError } from './ledger.errors';
import { Shipment } from './shipment.entity';

/** What a transport document (随货同行单) says of one shipment. */
export interface TransportDocument {
  /** Grouped for reading, e.g. "K7Q2M-8XHWA". */
  code: string;
  sender: { creditCode: string; name: string; address: string };
  receiver: { creditCode: string; name: string | null; address: string | null };
  product: { traceCode: string; tradeName: string; specification: string; packaging: string; chemical: Chemical };
  batch: string;
  /** The batch code when the batch is coded (docs/trace-code.md), else null. */
  batchCode: string | null;
  quantity: string;
  unit: Unit;
  shippedAt: Date;
  transportDoc: string | null;
}

const FIELD = ['code'];

/**
 * A shipment's transport document, read by its code: by the sender, the named receiver, or a
 * regulator whose area holds either of them (a TOWN regulator's town; every other regulator reads
 * the whole deployment, as the shipments list does). Anyone else is refused.
 */
export async function transportDocument(em: EntityManager, viewer: Viewer, input: string): Promise<TransportDocument> {
  if (viewer.role === null) throw AccessError.unauthenticated();
  const code = normalizeShipmentCode(input);
  const problem = shipmentCodeProblem(code);
  if (problem) throw LedgerError.invalidCode(FIELD, `"${input}" is not a valid shipment code (${problem}): probably mistyped`, problem);
  const shipment = await em.findOne(Shipment, { code }, { populate: ['sender', 'receiver', 'product.chemical', 'outEntry'] });
  if (!shipment) throw LedgerError.shipmentNotFound(code, FIELD);
  const party = viewer.role === Role.ENTERPRISE && (viewer.enterprise === shipment.senderCode || viewer.enterprise === shipment.receiverCode);
  const town = areaTown(viewer);
  const regulator = isRegulator(viewer) && (town === undefined || town === shipment.sender.town || town === shipment.receiver?.town);
  if (!party && !regulator) throw AccessError.forbidden(`Shipment ${code} is between other enterprises: only its sender, its receiver and their regulators read its document`, FIELD);
  const coded = await em.findOne(Batch, { productCode: shipment.productCode, batchNumber: shipment.batch }, { fields: ['code'] });
  const { sender, receiver, product, outEntry } = shipment;
  return {
    code: groupShipmentCode(code),
    sender: { creditCode: sender.creditCode, name: sender.name, address: sender.address },
    receiver: { creditCode: shipment.receiverCode, name: receiver?.name ?? null, address: receiver?.address ?? null },
    product: { traceCode: product.traceCode, tradeName: product.tradeName, specification: product.specification, packaging: product.packaging, chemical: product.chemical },
    batch: shipment.batch,
    batchCode: coded?.code ?? null,
    quantity: shipment.shipped,
    unit: outEntry.unit,
    shippedAt: shipment.shippedAt,
    transportDoc: outEntry.transportDoc ?? null,
  };
}
