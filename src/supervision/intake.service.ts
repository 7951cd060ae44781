import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertInArea } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { CommonCode, DomainError, FieldPath, inputField } from '../shared/domain-error';
import { optionalText, requiredText } from '../shared/text-input';
import { IntakeSignal, IntakeSource } from './intake-signal.entity';

/** A monitoring platform's alarm as it arrives: enterprise, sensor, reading, threshold, time. */
export interface MonitoringAlarm {
  alarmId: string;
  enterprise: string;
  sensor: string;
  reading: number;
  threshold: number;
  unit?: string | null;
  occurredAt: string;
}

export interface SignalInput {
  enterprise: string;
  detail: string;
  occurredAt: Date;
  /** REFERRAL: who referred it. */
  referredBy?: string | null;
}

const bad = (field: FieldPath, message: string) => new DomainError(CommonCode.BAD_USER_INPUT, message, field);

/**
 * Intake for triggered supervision: monitoring platforms' alarms (HTTP,
 * POST /intake/alarms), patrol findings and referrals (regulators, GraphQL).
 * Each is stored once; the triggered-supervision job proposes from it.
 */
export class IntakeService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private async enterprise(creditCode: unknown, field: FieldPath): Promise<Enterprise> {
    if (typeof creditCode !== 'string' || !isValidCreditCode(creditCode)) throw bad(field, `"${String(creditCode)}" is not a valid credit code`);
    const enterprise = await this.em.findOne(Enterprise, { creditCode });
    if (!enterprise) throw new DomainError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
    return enterprise;
  }

  private when(value: unknown, field: FieldPath): Date {
    const at = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(at.getTime())) throw bad(field, 'not a date-time (ISO 8601)');
    if (at.getTime() > this.clock.now().getTime() + 5 * 60_000) throw bad(field, 'in the future');
    return at;
  }

  /** An alarm from `platform` (already authenticated). A resend of the same alarm id returns the stored signal. */
  async recordAlarm(platform: string, alarm: MonitoringAlarm): Promise<{ signal: IntakeSignal; created: boolean }> {
    const alarmId = requiredText(typeof alarm.alarmId === 'string' ? alarm.alarmId : '', ['alarmId'], 100);
    const sensor = requiredText(typeof alarm.sensor === 'string' ? alarm.sensor : '', ['sensor'], 200);
    for (const name of ['reading', 'threshold'] as const) {
      if (typeof alarm[name] !== 'number' || !Number.isFinite(alarm[name])) throw bad([name], `${name} must be a number`);
    }
    const unit = optionalText(typeof alarm.unit === 'string' ? alarm.unit : null, ['unit'], 20);
    const occurredAt = this.when(alarm.occurredAt, ['occurredAt']);
    const enterprise = await this.enterprise(alarm.enterprise, ['enterprise']);
    const existing = await this.em.findOne(IntakeSignal, { platform, externalId: alarmId });
    if (existing) return { signal: existing, created: false };
    const signal = this.em.create(IntakeSignal, {
      enterprise,
      source: IntakeSource.MONITORING_ALARM,
      platform,
      externalId: alarmId,
      sensor,
      reading: alarm.reading,
      threshold: alarm.threshold,
      unit,
      detail: `${sensor}: ${alarm.reading}${unit ?? ''} past the threshold ${alarm.threshold}${unit ?? ''}`,
      occurredAt,
      receivedAt: this.clock.now(),
      recordedBy: `platform:${platform}`,
    } as never);
    try {
      await this.em.flush();
      return { signal, created: true };
    } catch (error) {
      // The same alarm sent twice at once: the first one stored wins.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return { signal: await this.em.fork().findOneOrFail(IntakeSignal, { platform, externalId: alarmId }), created: false };
    }
  }

  /** A patrol finding or a referral, recorded by a regulator. */
  async recordSignal(viewer: Viewer, source: IntakeSource.PATROL_FINDING | IntakeSource.REFERRAL, input: SignalInput): Promise<IntakeSignal> {
    assertRegulator(viewer);
    const referral = source === IntakeSource.REFERRAL;
    const referredBy = referral ? requiredText(input.referredBy, inputField('referredBy'), 200) : null;
    if (!referral && input.referredBy) throw bad(inputField('referredBy'), 'A patrol finding is not referred');
    const detail = requiredText(input.detail, inputField('detail'), 2000);
    const occurredAt = this.when(input.occurredAt, inputField('occurredAt'));
    const enterprise = await this.enterprise(input.enterprise, inputField('enterprise'));
    assertInArea(viewer, enterprise, inputField('enterprise'));
    const signal = this.em.create(IntakeSignal, { enterprise, source, referredBy, detail, occurredAt, receivedAt: this.clock.now(), recordedBy: viewer.subject! } as never);
    await this.em.flush();
    return signal;
  }
}
