import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertJurisdiction } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { AccessError, FieldPath as Field } from '../shared/domain-error';
import { Clock } from '../shared/clock';
import { shanghaiDate, validityEnd } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { licenceStatus } from './licence-status';
import { TRANSITIONS } from './licence-transitions';
import { Licence } from './licence.entity';
import { LicenceEventType, LicenceState, LicenceStatus } from './licensing.enums';
import { LicensingError } from './licensing.errors';
import { checkDate, checkId } from './licensing-input';
import {
  AddLicenceScopeInput,
  ApplyForLicenceInput,
  ChangeLicenceInput,
  IssueLicenceInput,
  LicenceActionInput,
  LicenceScopeItemInput,
} from './licensing.inputs';
import { DEFAULT_VALIDITY_YEARS } from './statutory-limits';

/** A licence's lifecycle: application, decision, changes, each step recorded as an event. */
export class LicenceLifecycleService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** An enterprise applies for itself, or a regulator records an application received on paper. */
  async applyForLicence(viewer: Viewer, input: ApplyForLicenceInput): Promise<Licence> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    const own = viewer.role === Role.ENTERPRISE && viewer.enterprise === input.holder;
    if (!isRegulator(viewer) && !own) throw AccessError.forbidden(`This token may not apply for enterprise ${input.holder}`, ['input', 'holder']);
    if (!isValidCreditCode(input.holder)) throw LicensingError.invalid(['input', 'holder'], `"${input.holder}" is not a valid credit code`);
    const holder = await this.em.findOne(Enterprise, { creditCode: input.holder });
    if (!holder) throw LicensingError.enterpriseNotFound(input.holder, ['input', 'holder']);
    assertJurisdiction(viewer, holder, { field: ['input', 'holder'] });
    const legalRepresentative = requiredText(input.legalRepresentative, ['input', 'legalRepresentative'], 100);
    const issuingAuthority = requiredText(input.issuingAuthority, ['input', 'issuingAuthority']);
    const holderName = input.holderName != null ? requiredText(input.holderName, ['input', 'holderName']) : holder.name;
    const address = input.address != null ? requiredText(input.address, ['input', 'address']) : holder.address;
    if (input.scope.length === 0) throw LicensingError.invalid(['input', 'scope'], 'A licence scope names at least one chemical');
    const chemicals = await this.scopeChemicals(input.scope, ['input', 'scope']);
    const now = this.clock.now();
    return this.em.transactional(async (em) => {
      const licence = em.create(Licence, {
        type: input.type,
        holder,
        holderName,
        address,
        legalRepresentative,
        issuingAuthority,
        state: LicenceState.PENDING,
        appliedAt: now,
        reissueCount: 0,
      } as never);
      input.scope.forEach((item, i) =>
        em.create(LicenceScopeItem, { licence, chemical: chemicals[i], storageAllowed: item.storageAllowed ?? false, addedAt: now } as never),
      );
      em.create(LicenceEvent, {
        licence,
        type: LicenceEventType.APPLIED,
        occurredAt: now,
        stateAfter: LicenceState.PENDING,
        actor: viewer.subject,
        details: { scope: input.scope.map((s) => ({ chemicalSerial: s.chemicalSerial, storageAllowed: s.storageAllowed ?? false })) },
      } as never);
      return licence;
    });
  }

  async issueLicence(viewer: Viewer, input: IssueLicenceInput): Promise<Licence> {
    const number = requiredText(input.number, ['input', 'number'], 64);
    try {
      return await this.step(viewer, input.licenceId, LicenceEventType.ISSUED, null, async (licence, em, now) => {
        const validFrom = input.validFrom ? checkDate(input.validFrom, ['input', 'validFrom']) : shanghaiDate(now);
        const validUntil = input.validUntil ? checkDate(input.validUntil, ['input', 'validUntil']) : validityEnd(validFrom, DEFAULT_VALIDITY_YEARS);
        if (validUntil < validFrom) throw LicensingError.invalid(['input', 'validUntil'], 'validUntil must not be before validFrom');
        if (await em.count(Licence, { number })) throw LicensingError.numberTaken(number);
        Object.assign(licence, { number, validFrom, validUntil, decidedAt: now });
        return { number, validFrom, validUntil };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw LicensingError.numberTaken(number);
      throw error;
    }
  }

  refuseLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.REFUSED, reason, async (licence, _em, now) => {
      licence.decidedAt = now;
      return {};
    });
  }

  /** 变更: name, address, legal representative, in one call; the event keeps before and after. */
  changeLicence(viewer: Viewer, input: ChangeLicenceInput): Promise<Licence> {
    const changes: Partial<Pick<Licence, 'holderName' | 'address' | 'legalRepresentative'>> = {};
    if (input.holderName != null) changes.holderName = requiredText(input.holderName, ['input', 'holderName']);
    if (input.address != null) changes.address = requiredText(input.address, ['input', 'address']);
    if (input.legalRepresentative != null) changes.legalRepresentative = requiredText(input.legalRepresentative, ['input', 'legalRepresentative'], 100);
    if (Object.keys(changes).length === 0) throw LicensingError.invalid(['input'], 'Give at least one of holderName, address, legalRepresentative');
    return this.step(viewer, input.licenceId, LicenceEventType.CHANGED, input.reason ?? null, async (licence) => {
      const before: Record<string, string> = {};
      for (const key of Object.keys(changes) as (keyof typeof changes)[]) before[key] = licence[key];
      Object.assign(licence, changes);
      return { before, after: changes };
    });
  }

  /** 新增品名: the new chemicals are in scope from now on, never before. */
  async addLicenceScope(viewer: Viewer, input: AddLicenceScopeInput): Promise<Licence> {
    if (input.items.length === 0) throw LicensingError.invalid(['input', 'items'], 'Name at least one chemical');
    const chemicals = await this.scopeChemicals(input.items, ['input', 'items']);
    return this.step(viewer, input.licenceId, LicenceEventType.SCOPE_ADDED, input.reason ?? null, async (licence, em, now) => {
      const existing = await em.find(LicenceScopeItem, { licence, chemical: { serial: { $in: chemicals.map((c) => c.serial) } } });
      if (existing.length > 0) {
        const serial = existing[0].chemical.serial;
        throw LicensingError.alreadyInScope(serial, ['input', 'items', input.items.findIndex((i) => i.chemicalSerial === serial), 'chemicalSerial']);
      }
      input.items.forEach((item, i) =>
        em.create(LicenceScopeItem, { licence, chemical: chemicals[i], storageAllowed: item.storageAllowed ?? false, addedAt: now } as never),
      );
      return { added: input.items.map((s) => ({ chemicalSerial: s.chemicalSerial, storageAllowed: s.storageAllowed ?? false })) };
    });
  }

  /** 补办: a replacement certificate, same number and validity. */
  reissueLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.REISSUED, input.reason ?? null, async (licence) => {
      licence.reissueCount += 1;
      return { certificate: licence.reissueCount + 1 };
    });
  }

  suspendLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.SUSPENDED, reason, async () => ({}));
  }

  reinstateLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.REINSTATED, input.reason ?? null, async () => ({}));
  }

  revokeLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    const reason = requiredText(input.reason, ['input', 'reason']);
    return this.step(viewer, input.licenceId, LicenceEventType.REVOKED, reason, async () => ({}));
  }

  /** 注销, in one call; an expired licence may be cancelled too. */
  cancelLicence(viewer: Viewer, input: LicenceActionInput): Promise<Licence> {
    return this.step(viewer, input.licenceId, LicenceEventType.CANCELLED, input.reason ?? null, async () => ({}));
  }

  /**
   * One lifecycle step under a row lock: checks the transition table against
   * the status now, applies the change, records the event, all or nothing.
   */
  private async step(
    viewer: Viewer,
    licenceId: string,
    type: Exclude<LicenceEventType, LicenceEventType.APPLIED>,
    reason: string | null,
    apply: (licence: Licence, em: EntityManager, now: Date) => Promise<Record<string, unknown>>,
  ): Promise<Licence> {
    assertRegulator(viewer);
    const id = checkId(licenceId, ['input', 'licenceId']);
    return this.em.transactional(async (em) => {
      const licence = await em.findOne(Licence, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!licence) throw LicensingError.licenceNotFound(id, ['input', 'licenceId']);
      assertJurisdiction(viewer, await em.findOneOrFail(Enterprise, { id: licence.holder.id }), { field: ['input', 'licenceId'] });
      const now = this.clock.now();
      const transition = TRANSITIONS[type];
      const status = licenceStatus(licence.state, licence.validFrom, licence.validUntil, now);
      if (!transition.from.includes(licence.state) || (status === LicenceStatus.EXPIRED && !transition.whenExpired)) {
        throw LicensingError.transition(type, status);
      }
      const details = await apply(licence, em, now);
      if (transition.to) licence.state = transition.to;
      em.create(LicenceEvent, { licence, type, occurredAt: now, stateAfter: licence.state, actor: viewer.subject, reason, details } as never);
      return licence;
    });
  }

  private async scopeChemicals(items: readonly LicenceScopeItemInput[], field: Field): Promise<Chemical[]> {
    const seen = new Set<number>();
    items.forEach((item, i) => {
      if (seen.has(item.chemicalSerial)) throw LicensingError.invalid([...field, i, 'chemicalSerial'], `Chemical ${item.chemicalSerial} is named twice`);
      seen.add(item.chemicalSerial);
    });
    const found = new Map((await this.em.find(Chemical, { serial: { $in: [...seen] } })).map((c) => [c.serial, c]));
    return items.map((item, i) => {
      const chemical = found.get(item.chemicalSerial);
      if (!chemical) throw LicensingError.chemicalNotFound(item.chemicalSerial, [...field, i, 'chemicalSerial']);
      return chemical;
    });
  }
}
