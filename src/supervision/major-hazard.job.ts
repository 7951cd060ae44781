import { shanghaiDate } from '../shared/shanghai-calendar';
import { JobDefinition } from './job-definition';
import { loadHazardLines } from './major-hazard-lines';
import { MajorHazardFlag } from './major-hazard-flag.entity';
import { majorHazardSum } from './major-hazard-sum';
import { notify } from './outbox';
import { NotificationAudience, NotificationKind } from './supervision.enums';
import { Warehouse } from '../registry/warehouse.entity';

/**
 * major-hazard-identification (重大危险源辨识): for every warehouse with stock
 * or a flag, S = Σ q/Q from live balances; records the flag and, when a
 * warehouse crosses 1 (either way), tells the regulators and the enterprise.
 * Queries compute S live; this job remembers the flag and raises the notice.
 */
export const majorHazardJob: JobDefinition = {
  name: 'major-hazard-identification',
  description: 'Sums q/Q (GB 18218-2018 table 1) over every warehouse’s live stock; flags warehouses reaching 1 and notifies on change',
  async run(ctx) {
    const lines = await loadHazardLines(ctx.em, null);
    const flags = await ctx.em.find(MajorHazardFlag, {}, { populate: ['warehouse'] });
    const flagOf = new Map(flags.map((f) => [f.warehouse.id, f]));
    const ids = [...new Set([...lines.keys(), ...flagOf.keys()])].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await ctx.forEachItem(
      ids,
      (id) => `warehouse ${id}`,
      async (id, em) => {
        const result = majorHazardSum(lines.get(id) ?? []);
        const now = ctx.clock.now();
        const previous = flagOf.get(id);
        const wasFlagged = previous?.flagged ?? false;
        await em.transactional(async (tx) => {
          const warehouse = await tx.findOneOrFail(Warehouse, { id }, { populate: ['enterprise'] });
          const flag = previous ? await tx.findOneOrFail(MajorHazardFlag, { id: previous.id }) : tx.create(MajorHazardFlag, { warehouse, sum: result.sum, flagged: false, computedAt: now });
          flag.sum = result.sum;
          flag.flagged = result.flagged;
          flag.computedAt = now;
          if (result.flagged && !wasFlagged) flag.flaggedSince = now;
          if (!result.flagged) flag.flaggedSince = null;
          if (result.flagged === wasFlagged) return;
          const kind = result.flagged ? NotificationKind.MAJOR_HAZARD_IDENTIFIED : NotificationKind.MAJOR_HAZARD_CLEARED;
          const title = result.flagged
            ? `${warehouse.enterprise.name} ${warehouse.code} 构成重大危险源（S = ${result.sum}）`
            : `${warehouse.enterprise.name} ${warehouse.code} 不再构成重大危险源（S = ${result.sum}）`;
          const payload = { warehouseId: id, enterprise: warehouse.enterprise.creditCode, warehouseCode: warehouse.code, sum: result.sum, flagged: result.flagged, date: shanghaiDate(now) };
          const key = `major-hazard:${id}:${result.flagged ? 'on' : 'off'}:${now.toISOString()}`;
          for (const audience of [NotificationAudience.REGULATORS, NotificationAudience.ENTERPRISE]) {
            await notify(tx, { audience, enterpriseId: warehouse.enterprise.id, kind, title, payload, dedupeKey: `${key}:${audience}` }, now);
          }
          ctx.count(result.flagged ? 'identified' : 'cleared');
        });
        if (result.flagged) ctx.count('flagged');
      },
    );
    return { warehouses: ids.length };
  },
};
