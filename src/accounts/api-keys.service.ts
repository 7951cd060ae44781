import crypto from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { describeViewer, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { AccessError } from '../shared/domain-error';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { AccountEvent } from './account-event.entity';
import { normaliseRange } from './address-ranges';
import { ApiKey } from './api-key.entity';
import { AccountAction } from './accounts.enums';
import { AccountsError } from './accounts.errors';
import { CreateApiKeyInput } from './accounts.inputs';
import { sha256 } from './sessions.service';

/** The longest a key may live. */
export const MAX_KEY_DAYS = 730;
export const KEY_PREFIX = 'hzk_';

export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
}

/** Whose keys a viewer holds: its enterprise's or its department's; ADMIN everyone's. */
type KeyOwner = { enterprise: string; department: null } | { enterprise: null; department: NonNullable<ApiKey['department']> };

/**
 * API keys of enterprises' and partner departments' systems: created by a
 * signed-in user of the enterprise or department (never by a key), shown
 * once, listed with their last use, revoked by their owners or an ADMIN.
 */
export class ApiKeysService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async createApiKey(viewer: Viewer, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const owner = keyOwner(viewer, input.enterprise ?? null);
    if (viewer.role === null || !viewer.user || viewer.key) throw AccessError.forbidden('API keys are created by a signed-in user, not by a key or a script token');
    const name = input.name.trim();
    if (name === '' || [...name].length > 100) throw AccountsError.invalid(['input', 'name'], 'A key name has 1 to 100 characters');
    const now = this.clock.now();
    const latest = now.getTime() + MAX_KEY_DAYS * 86_400_000;
    if (input.expiresAt.getTime() <= now.getTime() || input.expiresAt.getTime() > latest) {
      throw AccountsError.invalid(['input', 'expiresAt'], `A key expires in the future and within ${MAX_KEY_DAYS} days`);
    }
    const allowedRanges = (input.allowedRanges ?? []).map((raw, i) => {
      const range = normaliseRange(raw);
      if (!range) throw AccountsError.invalid(['input', 'allowedRanges', i], `"${raw}" is not an IP address or CIDR range`);
      return range;
    });
    const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
    const userId = viewer.user;
    const apiKey = await this.em.transactional(async (em) => {
      const row = em.create(ApiKey, { name, prefix: key.slice(0, 12), secretHash: sha256(key), ...owner, allowedRanges, createdByUserId: userId, createdAt: now, expiresAt: input.expiresAt });
      await em.flush();
      em.create(AccountEvent, { at: now, actor: describeViewer(viewer), userId, action: AccountAction.KEY_CREATED, details: { keyId: row.id, name, prefix: row.prefix, ...owner, expiresAt: input.expiresAt.toISOString(), allowedRanges } });
      return row;
    });
    return { key, apiKey };
  }

  async revokeApiKey(viewer: Viewer, keyId: string): Promise<ApiKey> {
    return this.em.transactional(async (em) => {
      const row = /^\d{1,18}$/.test(keyId) ? await em.findOne(ApiKey, { id: keyId }) : null;
      if (!row) throw AccountsError.keyNotFound(keyId);
      if (viewer.role !== Role.ADMIN) {
        const owner = keyOwner(viewer, null);
        if (viewer.role === null || viewer.key || owner.enterprise !== (row.enterprise ?? null) || owner.department !== (row.department ?? null)) {
          throw AccessError.forbidden(`Key ${keyId} is not this user's to revoke`, ['keyId']);
        }
      }
      if (!row.revokedAt) {
        const now = this.clock.now();
        row.revokedAt = now;
        em.create(AccountEvent, { at: now, actor: describeViewer(viewer), userId: row.createdByUserId, action: AccountAction.KEY_REVOKED, details: { keyId: row.id, name: row.name, prefix: row.prefix } });
      }
      return row;
    });
  }

  apiKeys(viewer: Viewer, includeRevoked: boolean, page: PageArgs): Promise<Page<ApiKey>> {
    const where: Record<string, unknown> = viewer.role === Role.ADMIN ? {} : { ...keyOwner(viewer, null) };
    if (!includeRevoked) where.revokedAt = null;
    return paginate(this.em, ApiKey, where, page);
  }
}

/** The enterprise or department whose keys the viewer manages; an enterprise user naming another enterprise is refused. */
function keyOwner(viewer: Viewer, requested: string | null): KeyOwner {
  if (viewer.role === null) throw AccessError.unauthenticated();
  if (viewer.role === Role.ENTERPRISE) {
    if (requested && requested !== viewer.enterprise) throw AccessError.forbidden(`This user may not create keys for enterprise ${requested}`, ['input', 'enterprise']);
    return { enterprise: viewer.enterprise, department: null };
  }
  if (viewer.role === Role.PARTNER && !requested) return { enterprise: null, department: viewer.department };
  throw AccessError.forbidden("API keys belong to an enterprise's or a partner department's systems: only their users manage them");
}
