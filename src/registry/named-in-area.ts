import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertInArea } from '../access/jurisdiction';
import { Viewer } from '../access/viewer';
import { Enterprise } from './enterprise.entity';

/**
 * Refuses a TOWN regulator naming an enterprise of another town (FORBIDDEN naming `field`); reads
 * nothing for anyone else. An unknown enterprise is left to the caller's own answer (NOT_FOUND or none).
 */
export async function assertNamedInArea(em: EntityManager, viewer: Viewer, creditCode: string, field: ReadonlyArray<string | number>): Promise<void> {
  if (areaTown(viewer) === undefined) return;
  const enterprise = await em.findOne(Enterprise, { creditCode }, { fields: ['creditCode', 'town'] });
  if (enterprise) assertInArea(viewer, enterprise, field);
}
