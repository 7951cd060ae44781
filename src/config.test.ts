import { loadConfig } from './config';

describe('DEPLOYMENT_DISTRICT', () => {
  it('names the district this deployment serves: 松江区 unless set, trimmed', () => {
    expect(loadConfig({}).district).toBe('松江区');
    expect(loadConfig({ DEPLOYMENT_DISTRICT: '' }).district).toBe('松江区');
    expect(loadConfig({ DEPLOYMENT_DISTRICT: ' 青浦区 ' }).district).toBe('青浦区');
  });

  it('refuses at start a name nobody could read: blank, over 50 characters, or holding control characters', () => {
    for (const value of ['   ', '区'.repeat(51), '青浦\n区', '青浦\u202e区']) {
      expect(() => loadConfig({ DEPLOYMENT_DISTRICT: value })).toThrow(/DEPLOYMENT_DISTRICT/);
    }
  });
});

describe('LOG_CHECKPOINT_MS', () => {
  it('is 1,000 ms unless set; a deployment still setting the older LOG_CHECKPOINT_SECONDS keeps its interval', () => {
    expect(loadConfig({}).log.checkpointMs).toBe(1000);
    expect(loadConfig({ LOG_CHECKPOINT_MS: '250' }).log.checkpointMs).toBe(250);
    expect(loadConfig({ LOG_CHECKPOINT_SECONDS: '10' }).log.checkpointMs).toBe(10_000);
    expect(loadConfig({ LOG_CHECKPOINT_SECONDS: '10', LOG_CHECKPOINT_MS: '500' }).log.checkpointMs).toBe(500);
    expect(() => loadConfig({ LOG_CHECKPOINT_SECONDS: 'ten' })).toThrow(/LOG_CHECKPOINT_SECONDS/);
  });
});

describe('LOG_PASS_SPACING_MS', () => {
  it('spaces integrator passes a checkpoint interval apart unless set; 0 runs a pass per wake-up', () => {
    expect(loadConfig({}).log.passSpacingMs).toBe(1000);
    expect(loadConfig({ LOG_PASS_SPACING_MS: '0' }).log.passSpacingMs).toBe(0);
    expect(() => loadConfig({ LOG_PASS_SPACING_MS: 'soon' })).toThrow(/LOG_PASS_SPACING_MS/);
  });
});
