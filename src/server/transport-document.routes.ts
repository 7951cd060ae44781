import { MikroORM } from '@mikro-orm/postgresql';
import { Request, Router } from 'express';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { transportDocument } from '../ledger/transport-document.service';
import { shipmentPath } from '../proof/shipment-code';
import { qrCodeSvg } from '../registry/public-product';
import { CommonCode, DomainError } from '../shared/domain-error';
import { transportDocumentPage } from './transport-document.page';

const STATUS: Record<string, number> = { [CommonCode.UNAUTHENTICATED]: 401, [CommonCode.FORBIDDEN]: 403, [CommonCode.NOT_FOUND]: 404 };

/**
 * The print page of a shipment's transport document: `GET /transport-documents/{code}` with the
 * caller's Bearer token (the console fetches it and opens it to print; docs/scanning.md). Unlike the
 * label sheets it names both parties, so only the sender, the receiver and their regulators read it.
 */
export function transportDocumentRoutes(orm: MikroORM, config: Config, authenticate: (req: Request) => Promise<Viewer>): Router {
  const router = Router();
  router.get('/:code', async (req, res) => {
    try {
      const doc = await transportDocument(orm.em.fork(), await authenticate(req), req.params.code);
      const url = config.publicBaseUrl + shipmentPath(doc.code);
      // Private to its reader: never kept by a shared cache.
      res.set('cache-control', 'private, no-store').type('html').send(transportDocumentPage(doc, url, await qrCodeSvg(url)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(STATUS[error.code] ?? 400).json({ code: error.code, field: error.field?.join('.'), message: error.message, ...error.details });
    }
  });
  return router;
}
