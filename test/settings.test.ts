import { buildSettings, parseThreshold, type InputNames } from '../src/settings.js';
import { resolveWindow } from '../src/util/time.js';
import { VERSION } from '../src/version.js';
import { readFileSync } from 'node:fs';

const NAMES: InputNames = {
  role: 'role-arn',
  logs: 'logs-path',
  currentPolicies: 'current-policy',
  from: 'from',
  to: 'to',
  days: 'lookback-days',
  format: 'format',
  maxFailedFiles: 'max-failed-files',
  concurrency: 'concurrency',
};
const NOW = new Date('2026-11-25T16:30:00Z');
const base = { role: 'orders-api', logs: 'logs', currentPolicies: [] };

describe('buildSettings', () => {
  it('defaults: 90 days ending at the next UTC midnight, markdown, 5% failed files, 8 at once', () => {
    const settings = buildSettings(base, NAMES, NOW);
    expect(settings.window).toEqual({
      from: new Date('2026-08-28T00:00:00Z'),
      to: new Date('2026-11-26T00:00:00Z'),
    });
    expect(settings).toMatchObject({
      format: 'markdown',
      concurrency: 8,
      maxFailedFiles: { kind: 'percent', value: 5 },
    });
  });

  it('gives the same window to every run of the same day', () => {
    const later = buildSettings(base, NAMES, new Date('2026-11-25T23:59:59Z'));
    expect(later.window).toEqual(buildSettings(base, NAMES, NOW).window);
  });

  it('takes an explicit window', () => {
    const settings = buildSettings(
      { ...base, from: '2026-10-01', to: '2026-10-15T12:00:00Z' },
      NAMES,
      NOW,
    );
    expect(settings.window).toEqual({
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-10-15T12:00:00Z'),
    });
    const days = buildSettings({ ...base, days: '7', to: '2026-10-15' }, NAMES, NOW);
    expect(days.window.from).toEqual(new Date('2026-10-08T00:00:00Z'));
  });

  it.each([
    [{ role: '' }, /^role-arn is required/],
    [{ logs: ' ' }, /^logs-path is required/],
    [{ days: '0' }, /^lookback-days: "0" is not a whole number between 1 and 36500/],
    [{ days: '12abc' }, /^lookback-days: "12abc" is not a whole number/],
    [{ from: '2026-10-01', days: '3' }, /^lookback-days: give either from or lookback-days/],
    [{ from: 'yesterday' }, /^from: "yesterday" is not a date; expected YYYY-MM-DD/],
    [{ from: '2026-10-02', to: '2026-10-02' }, /^to: the window ends .* before it starts/],
    [{ concurrency: '0' }, /^concurrency: "0" is not a whole number between 1 and 256/],
    [{ maxFailedFiles: 'some' }, /^max-failed-files: "some" is not a threshold/],
    [{ format: 'yaml' }, /^format: "yaml" is not a format/],
  ])('rejects %j naming the input', (raw, message) => {
    expect(() => buildSettings({ ...base, ...raw }, NAMES, NOW)).toThrow(message);
  });
});

describe('parseThreshold', () => {
  it('reads counts and percentages', () => {
    expect(parseThreshold('0', 'x')).toEqual({ kind: 'count', value: 0 });
    expect(parseThreshold('2.5%', 'x')).toEqual({ kind: 'percent', value: 2.5 });
    expect(() => parseThreshold('101%', 'x')).toThrow(/not a threshold/);
  });
});

describe('resolveWindow', () => {
  it('rejects a window that ends before it starts', () => {
    expect(() =>
      resolveWindow(
        { from: '2026-10-02', to: '2026-10-01', names: { from: 'f', to: 't', days: 'd' } },
        NOW,
      ),
    ).toThrow(/^t: /);
  });
});

describe('VERSION', () => {
  it('is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
