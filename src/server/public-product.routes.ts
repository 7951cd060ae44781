import { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { Config } from '../config';
import { BatchService } from '../registry/batch.service';
import { toPublicBatch } from '../registry/public-batch';
import { toPublicProduct } from '../registry/public-product';
import { RegistryService } from '../registry/registry.service';
import { DomainError } from '../shared/domain-error';
import { escapeHtml } from './html';
import { publicBatchPage, unknownBatchPage } from './public-batch.page';

const escape = escapeHtml;

/**
 * The pages a scanned QR code opens: a product's, `{PUBLIC_BASE_URL}/p/{code}` (its SVG at `/p/{code}/qr.svg`),
 * and a batch's, `/p/{code}/10/{batch}` (a GS1 Digital Link; its SVG at `/p/{code}/10/{batch}/qr.svg`).
 * Each answers JSON when asked for it (`Accept: application/json`).
 */
export function publicProductRoutes(orm: MikroORM, config: Config): Router {
  const router = Router();
  const load = async (code: string) => toPublicProduct(await new RegistryService(orm.em.fork()).productByCode(code), config.publicBaseUrl);

  router.get('/:code/qr.svg', async (req, res) => {
    try {
      const product = await load(req.params.code);
      res.type('image/svg+xml').send(product.qrCodeSvg);
    } catch (error) {
      sendError(res, error);
    }
  });

  const loadBatch = async (code: string, batch: string) => toPublicBatch(await new BatchService(orm.em.fork()).batchOf(code, batch), config.publicBaseUrl);

  router.get('/:code/10/:batch/qr.svg', async (req, res) => {
    try {
      res.type('image/svg+xml').send((await loadBatch(req.params.code, req.params.batch)).qrCodeSvg);
    } catch (error) {
      sendError(res, error);
    }
  });

  router.get('/:code/10/:batch', async (req, res) => {
    const json = req.accepts(['html', 'json']) === 'json';
    try {
      const batch = await loadBatch(req.params.code, req.params.batch);
      if (json) res.json(batch);
      else res.type('html').send(publicBatchPage(batch));
    } catch (error) {
      // A code that reads well but that nobody registered may be a counterfeit: the page says so.
      if (error instanceof DomainError && !json) {
        res.status(error.code === 'NOT_FOUND' ? 404 : 400).type('html').send(unknownBatchPage(`${req.params.code}/10/${req.params.batch}`, error.code === 'NOT_FOUND'));
        return;
      }
      sendError(res, error, { genuine: false });
    }
  });

  router.get('/:code', async (req, res) => {
    try {
      const p = await load(req.params.code);
      if (req.accepts(['html', 'json']) === 'json') {
        res.json(p);
        return;
      }
      const flags = [p.chemical.highlyToxic ? '剧毒 highly toxic' : null, p.chemical.explosivePrecursor ? '易制爆 explosive precursor' : null]
        .filter(Boolean)
        .join(' · ');
      res.type('html').send(`<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${escape(p.tradeName)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<h1>${escape(p.tradeName)}</h1>
<p>${escape(p.traceCode)}</p>
<dl><dt>化学品 Chemical</dt><dd>${escape(p.chemical.name)} (${escape(p.chemical.casNumbers.join(', ') || '—')}), 目录序号 ${p.chemical.serial}</dd>
<dt>规格 Specification</dt><dd>${escape(p.specification)}</dd><dt>包装 Packaging</dt><dd>${escape(p.packaging)}</dd>
<dt>企业 Enterprise</dt><dd>${escape(p.enterpriseName)}</dd>${flags ? `<dt>危险 Hazards</dt><dd>${escape(flags)}</dd>` : ''}</dl>
${p.qrCodeSvg}</body></html>`);
    } catch (error) {
      sendError(res, error);
    }
  });
  return router;
}

function sendError(res: import('express').Response, error: unknown, extra: Record<string, unknown> = {}): void {
  if (error instanceof DomainError) {
    res.status(error.code === 'NOT_FOUND' ? 404 : 400).json({ ...extra, code: error.code, message: error.message });
    return;
  }
  throw error;
}
