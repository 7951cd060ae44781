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
