import { ConfigError, loadConfig } from './config';

describe('PAYKASSMA_PAUSE_AFTER_REFUSALS', () => {
  it('defaults to 5 and takes a whole number from 1 to 1000', () => {
    expect(loadConfig({}).paykassma.pauseAfterRefusals).toBe(5);
    expect(loadConfig({ PAYKASSMA_PAUSE_AFTER_REFUSALS: '1' }).paykassma.pauseAfterRefusals).toBe(1);
    expect(loadConfig({ PAYKASSMA_PAUSE_AFTER_REFUSALS: '1000' }).paykassma.pauseAfterRefusals).toBe(1000);
  });

  it.each(['0', '1001', 'five', '2.5', '-3'])('stops on %j with one line naming the variable', (value) => {
    expect(() => loadConfig({ PAYKASSMA_PAUSE_AFTER_REFUSALS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ PAYKASSMA_PAUSE_AFTER_REFUSALS: value })).toThrow(/^[^\n]*PAYKASSMA_PAUSE_AFTER_REFUSALS[^\n]*$/);
  });
});
