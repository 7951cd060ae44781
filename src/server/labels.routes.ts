import { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { Config } from '../config';
import { BatchService } from '../registry/batch.service';
import { toPublicBatch } from '../registry/public-batch';
import { DomainError } from '../shared/domain-error';
import { batchLabelsPage, LABEL_GRIDS, LabelGrid } from './batch-labels.page';

const MAX_BATCHES = 50;
const MAX_LABELS = 2000;

/**
 * The print page of batch labels: `/labels?product={traceCode}&batch=A&batch=B&grid=3x8&copies=24`,
 * an A4 sheet of QR labels per page, printed from the browser (docs/scanning.md). Each label shows
 * only what the batch's public page shows, so the page needs no sign-in; unknown batches are 404.
 */
export function labelRoutes(orm: MikroORM, config: Config): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const refuse = (field: string, message: string) => res.status(400).json({ code: 'BAD_USER_INPUT', field, message });
    const batches = ([] as unknown[]).concat(req.query.batch ?? []).map(String);
    const grid = String(req.query.grid ?? '3x8');
    const copies = Number(req.query.copies ?? 1);
    if (typeof req.query.product !== 'string') return refuse('product', 'Name the product by its traceability code');
    if (batches.length < 1 || batches.length > MAX_BATCHES) return refuse('batch', `Name 1 to ${MAX_BATCHES} batches`);
    if (!(grid in LABEL_GRIDS)) return refuse('grid', `grid is one of ${Object.keys(LABEL_GRIDS).join(', ')}`);
    if (!Number.isInteger(copies) || copies < 1 || copies * batches.length > MAX_LABELS) return refuse('copies', `copies is a whole number, at most ${MAX_LABELS} labels in all`);
    try {
      const service = new BatchService(orm.em.fork());
      const found = [];
      for (const batch of new Set(batches)) found.push({ batch: await toPublicBatch(await service.batchOf(req.query.product, batch), config.publicBaseUrl), copies });
      res.type('html').send(batchLabelsPage(found, grid as LabelGrid));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.code === 'NOT_FOUND' ? 404 : 400).json({ code: error.code, field: error.field?.join('.'), message: error.message });
    }
  });
  return router;
}
