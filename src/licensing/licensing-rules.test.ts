import { activitiesOf, needsBuyerLicence } from './licence-activities';
import { checkActivity, LicenceView } from './licence-check';
import { licenceStatus, stateAt } from './licence-status';
import { Activity, AlertCode, LicenceState, LicenceStatus, LicenceType } from './licensing.enums';
import { shanghaiDate, validityEnd } from '../shared/shanghai-calendar';
import { workingDaysBetween } from './working-days';

describe('dates', () => {
  it('reads instants as Shanghai dates', () => {
    expect(shanghaiDate(new Date('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2026-11-26T16:00:00.000Z'))).toBe('2026-11-27');
  });

  it('ends a 3-year validity the day before the anniversary', () => {
    expect(validityEnd('2026-11-26', 3)).toBe('2029-11-25');
    expect(validityEnd('2028-02-29', 3)).toBe('2031-02-28');
    expect(validityEnd('2026-01-01', 3)).toBe('2028-12-31');
  });
});

describe('working days', () => {
  it('counts the days after the application up to the decision, weekends excluded', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0); // Monday, same day
    expect(workingDaysBetween('2026-11-23', '2026-11-24')).toBe(1);
    expect(workingDaysBetween('2026-11-27', '2026-11-30')).toBe(1); // Friday → Monday
    expect(workingDaysBetween('2026-11-23', '2026-12-07')).toBe(10);
  });

  it('skips holidays and counts make-up working days', () => {
    const calendar = new Map([
      ['2026-10-01', false],
      ['2026-10-02', false],
      ['2026-10-10', true], // a Saturday worked
    ]);
    // 2026-09-30 (Wed) → 2026-10-12 (Mon): Oct 1, 2 off; 5–9 on; Sat 10 on; Mon 12 on.
    expect(workingDaysBetween('2026-09-30', '2026-10-12', calendar)).toBe(7);
    // Against a naive count: every day, minus weekends, minus holidays, plus make-ups.
    let naive = 0;
    for (let d = new Date('2026-10-01T00:00:00Z'); d <= new Date('2026-10-12T00:00:00Z'); d = new Date(d.getTime() + 864e5)) {
      const date = d.toISOString().slice(0, 10);
      const weekday = d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
      if (calendar.has(date) ? calendar.get(date) : weekday) naive += 1;
    }
    expect(naive).toBe(7);
  });
});

describe('licence status', () => {
  const at = new Date('2029-11-25T15:00:00Z'); // 23:00 on 2029-11-25 in Shanghai

  it('is EXPIRED only after the last valid day, derived, never stored', () => {
    expect(licenceStatus(LicenceState.VALID, '2026-11-26', '2029-11-25', at)).toBe(LicenceStatus.VALID);
    expect(licenceStatus(LicenceState.VALID, '2026-11-26', '2029-11-25', new Date('2029-11-25T16:00:00Z'))).toBe(LicenceStatus.EXPIRED);
    expect(licenceStatus(LicenceState.SUSPENDED, '2026-11-26', '2029-11-24', at)).toBe(LicenceStatus.EXPIRED);
    expect(licenceStatus(LicenceState.REVOKED, '2026-11-26', '2029-11-24', at)).toBe(LicenceStatus.REVOKED);
    expect(licenceStatus(LicenceState.VALID, '2029-12-01', '2032-11-30', at)).toBe(LicenceStatus.PENDING);
  });

  it('replays the state at an instant from the events, ties broken by id', () => {
    const t = (s: string) => new Date(s);
    const events = [
      { id: '1', occurredAt: t('2026-01-01T00:00:00Z'), stateAfter: LicenceState.PENDING },
      { id: '2', occurredAt: t('2026-01-05T00:00:00Z'), stateAfter: LicenceState.VALID },
      { id: '3', occurredAt: t('2026-03-01T00:00:00Z'), stateAfter: LicenceState.SUSPENDED },
      { id: '4', occurredAt: t('2026-03-01T00:00:00Z'), stateAfter: LicenceState.REVOKED },
    ];
    expect(stateAt(events, t('2025-12-31T00:00:00Z'))).toBeNull();
    expect(stateAt(events, t('2026-01-04T00:00:00Z'))).toBe(LicenceState.PENDING);
    expect(stateAt(events, t('2026-02-01T00:00:00Z'))).toBe(LicenceState.VALID);
    expect(stateAt(events, t('2026-03-01T00:00:00Z'))).toBe(LicenceState.REVOKED);
  });
});

describe('activities of a movement', () => {
  const m = (reason: string, counterparty: string | null = null) => ({ chain: 'A', direction: 'IN' as const, reason, counterparty });
  it.each([
    ['PRODUCTION', null, [Activity.PRODUCTION, Activity.STORAGE]],
    ['PURCHASE', 'B', [Activity.PURCHASE, Activity.STORAGE]],
    ['IMPORT', null, [Activity.PURCHASE, Activity.STORAGE]],
    ['TRANSFER_IN', null, [Activity.STORAGE]],
    ['RETURN_IN', 'B', [Activity.STORAGE]],
    ['SALE', 'B', [Activity.TRADE]],
    ['EXPORT', null, [Activity.TRADE]],
    ['TRANSFER_OUT', null, []],
    ['TRANSFER_OUT', 'A', []],
    ['TRANSFER_OUT', 'B', [Activity.TRADE]],
    ['CONSUMPTION', null, [Activity.USE]],
    ['DISPOSAL', null, []],
    ['RETURN_OUT', 'B', []],
    ['CORRECTION', null, []],
  ])('%s (counterparty %s) needs %j', (reason, counterparty, expected) => {
    expect(activitiesOf(m(reason as string, counterparty as string | null))).toEqual(expected);
  });

  it('asks for the buyer licence on a SALE of a highly toxic or precursor chemical only', () => {
    expect(needsBuyerLicence(m('SALE'), { highlyToxic: true, explosivePrecursor: false })).toBe(true);
    expect(needsBuyerLicence(m('SALE'), { highlyToxic: false, explosivePrecursor: true })).toBe(true);
    expect(needsBuyerLicence(m('SALE'), { highlyToxic: false, explosivePrecursor: false })).toBe(false);
    expect(needsBuyerLicence(m('TRANSFER_OUT', 'B'), { highlyToxic: true, explosivePrecursor: false })).toBe(false);
  });
});

describe('checkActivity', () => {
  const issued = new Date('2026-01-05T00:00:00Z');
  const view = (over: Partial<LicenceView> = {}): LicenceView => ({
    id: '1',
    type: LicenceType.HAZCHEM_BUSINESS,
    number: 'N1',
    validFrom: '2026-01-05',
    validUntil: '2029-01-04',
    events: [
      { id: '1', occurredAt: new Date('2026-01-01T00:00:00Z'), stateAfter: LicenceState.PENDING },
      { id: '2', occurredAt: issued, stateAfter: LicenceState.VALID },
    ],
    scope: [{ chemicalSerial: 7, storageAllowed: false, addedAt: new Date('2026-01-01T00:00:00Z') }],
    ...over,
  });
  const at = new Date('2026-06-01T00:00:00Z');

  it('passes a valid covering licence with the chemical in scope', () => {
    expect(checkActivity([view()], Activity.TRADE, 7, at)).toEqual({ ok: true, licenceId: '1' });
  });

  it('names the most telling failure', () => {
    expect(checkActivity([], Activity.TRADE, 7, at)).toMatchObject({ ok: false, code: AlertCode.LICENCE_MISSING });
    expect(checkActivity([view()], Activity.USE, 7, at)).toMatchObject({ code: AlertCode.LICENCE_MISSING });
    expect(checkActivity([view()], Activity.TRADE, 8, at)).toMatchObject({ code: AlertCode.OUT_OF_SCOPE, licenceId: '1' });
    expect(checkActivity([view()], Activity.STORAGE, 7, at)).toMatchObject({ code: AlertCode.OUT_OF_SCOPE });
    expect(checkActivity([view()], Activity.TRADE, 7, new Date('2029-01-05T00:00:00Z'))).toMatchObject({ code: AlertCode.LICENCE_EXPIRED });
    expect(checkActivity([view()], Activity.TRADE, 7, new Date('2026-01-04T00:00:00Z'))).toMatchObject({ code: AlertCode.LICENCE_MISSING });
    const suspended = view({ events: [...view().events, { id: '3', occurredAt: new Date('2026-05-01T00:00:00Z'), stateAfter: LicenceState.SUSPENDED }] });
    expect(checkActivity([suspended], Activity.TRADE, 7, at)).toMatchObject({ code: AlertCode.LICENCE_INVALID });
    expect(checkActivity([suspended], Activity.TRADE, 7, new Date('2026-04-30T00:00:00Z'))).toEqual({ ok: true, licenceId: '1' });
  });

  it('counts a scope item only from the instant it was added', () => {
    const later = view({ scope: [{ chemicalSerial: 7, storageAllowed: true, addedAt: new Date('2026-07-01T00:00:00Z') }] });
    expect(checkActivity([later], Activity.TRADE, 7, at)).toMatchObject({ code: AlertCode.OUT_OF_SCOPE });
    expect(checkActivity([later], Activity.STORAGE, 7, new Date('2026-07-01T00:00:00Z'))).toMatchObject({ ok: true });
  });

  it('passes when any one licence permits it', () => {
    const expired = view({ id: '9', validUntil: '2026-03-01' });
    const use = view({ id: '2', type: LicenceType.SAFE_USE });
    expect(checkActivity([expired, use], Activity.PURCHASE, 7, at)).toEqual({ ok: true, licenceId: '2' });
  });
});
