import { buildSettings, type RawSettings } from '../../src/settings/analysis.js';
import { cliCommand } from '../../src/settings/command.js';
import { parseThreshold } from '../../src/settings/parse.js';
import { INPUT_NAMES as NAMES } from '../../src/inputs.js';
import { resolveWindow } from '../../src/util/time.js';
import { VERSION } from '../../src/version.js';
import { readFileSync } from 'node:fs';

const NOW = new Date('2026-11-25T16:30:00Z');
const base = { role: 'orders-api', logs: 'logs', currentPolicies: [] };

/** The base settings with `raw` over them; an undefined value removes the key. */
function merge(raw: Record<string, string | string[] | undefined>): RawSettings {
  return Object.fromEntries(
    Object.entries({ ...base, ...raw }).filter(([, value]) => value !== undefined),
  ) as unknown as RawSettings;
}

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
      maxFileSize: 1024,
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
    [{ role: '' }, /^role-arn, user-arn or permission-set is required/],
    [{ logs: ' ' }, /^logs-path or trail-bucket is required/],
    [{ bucket: 'b-1', logs: 'x' }, /^trail-bucket: give either logs-path or trail-bucket/],
    [
      { logs: undefined, bucket: 'My_Bucket' },
      /^trail-bucket: "My_Bucket" is not an S3 bucket name/,
    ],
    [
      { logs: undefined, bucket: 'bkt', accounts: '1234' },
      /^accounts: "1234" is not an AWS account id/,
    ],
    [{ logs: undefined, bucket: 'bkt', regions: 'mars' }, /^regions: "mars" is not an AWS region/],
    [
      { logs: undefined, bucket: 'bkt', organizationId: 'org1' },
      /^organization-id: "org1" is not an organization id/,
    ],
    [
      { logs: undefined, bucket: 'bkt', trailRoleArn: 'role' },
      /^trail-role-arn: "role" is not a role ARN/,
    ],
    [
      { logs: undefined, bucket: 'bkt', pathStyle: 'yes' },
      /^s3-path-style: "yes" is not a boolean/,
    ],
    [{ accounts: '111122223333' }, /^accounts applies to trail-bucket, not to logs-path/],
    [
      { readIam: 'true', currentPolicies: ['p.json'] },
      /^read-iam: give either current-policy or read-iam/,
    ],
    [{ days: '0' }, /^lookback-days: "0" is not a whole number between 1 and 36500/],
    [{ days: '12abc' }, /^lookback-days: "12abc" is not a whole number/],
    [{ from: '2026-10-01', days: '3' }, /^lookback-days: give either from or lookback-days/],
    [{ from: 'yesterday' }, /^from: "yesterday" is not a date; expected YYYY-MM-DD/],
    [{ from: '2026-10-02', to: '2026-10-02' }, /^to: the window ends .* before it starts/],
    [{ concurrency: '0' }, /^concurrency: "0" is not a whole number between 1 and 256/],
    [{ maxFailedFiles: 'some' }, /^max-failed-files: "some" is not a threshold/],
    [{ format: 'yaml' }, /^format: "yaml" is not a format/],
    [{ maxFileSize: '1.5' }, /^max-file-size: "1.5" is not a whole number between 1 and 65536/],
    [{ minLookbackDays: '-1' }, /^min-lookback-days: "-1" is not a whole number of days/],
    [
      { keepActions: 's3:Get*, bad action' },
      /^keep-actions: "bad action" is not an action pattern/,
    ],
    [{ dropUnknown: 'maybe' }, /^drop-unknown: "maybe" is not a boolean/],
    [{ unknown: 'some' }, /^unknown: "some" is not a mode; expected keep, called-services, drop$/],
    [
      { unknown: 'keep', dropUnknown: 'true' },
      /^drop-unknown is an alias of unknown drop; it cannot go with unknown keep$/,
    ],
  ])('rejects %j naming the input', (raw, message) => {
    expect(() => buildSettings(merge(raw), NAMES, NOW)).toThrow(message);
  });
});

describe('the unknown mode', () => {
  it.each([
    [{}, 'called-services'],
    [{ unknown: 'keep' }, 'keep'],
    [{ unknown: ' Drop ' }, 'drop'],
    [{ dropUnknown: 'true' }, 'drop'],
    [{ dropUnknown: 'false' }, 'called-services'],
    [{ unknown: 'drop', dropUnknown: 'true' }, 'drop'],
  ])('%j gives %s', (raw, mode) => {
    expect(buildSettings(merge(raw), NAMES, NOW).unknown).toBe(mode);
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
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('S3 source settings', () => {
  it('reads the bucket, lists and flags, and reads IAM by default', () => {
    const settings = buildSettings(
      {
        role: 'orders-api',
        bucket: 'trail-logs',
        prefix: '/org/',
        accounts: '444455556666, 111122223333',
        regions: 'us-east-1\neu-west-1',
        pathStyle: 'true',
        currentPolicies: [],
      },
      NAMES,
      NOW,
    );
    expect(settings.source).toEqual({
      kind: 's3',
      bucket: 'trail-logs',
      prefix: 'org',
      accounts: ['111122223333', '444455556666'],
      regions: ['eu-west-1', 'us-east-1'],
      pathStyle: true,
    });
    expect(settings.readIam).toBe(true);
    expect(buildSettings(base, NAMES, NOW).readIam).toBe(false);
    expect(buildSettings({ ...base, readIam: 'true' }, NAMES, NOW).readIam).toBe(true);
    expect(
      buildSettings(
        merge({ logs: undefined, bucket: 'bkt', currentPolicies: ['p.json'] }),
        NAMES,
        NOW,
      ).readIam,
    ).toBe(false);
  });
});

describe('resource-scope', () => {
  it.each([
    [{}, 'keep', 10],
    [{ resourceScope: 'observed' }, 'observed', 10],
    [{ resourceScope: ' Account ', resourceScopeMaxArns: '3' }, 'account', 3],
  ])('%j gives %s, %i', (raw, mode, maxArns) => {
    const settings = buildSettings(merge(raw), NAMES, NOW);
    expect([settings.resourceScope, settings.resourceScopeMaxArns]).toEqual([mode, maxArns]);
  });

  it.each([
    [
      { resourceScope: 'all' },
      /^resource-scope: "all" is not a scope; expected keep, observed, account$/,
    ],
    [{ resourceScopeMaxArns: '0' }, /^resource-scope-max-arns: /],
  ])('%j is refused', (raw, message) => {
    expect(() => buildSettings(merge(raw), NAMES, NOW)).toThrow(message);
  });

  it('is in the command that reproduces the run when not the default', () => {
    const settings = buildSettings(
      merge({ resourceScope: 'observed', resourceScopeMaxArns: '5' }),
      NAMES,
      NOW,
    );
    expect(cliCommand(settings)).toMatch(/ --resource-scope observed --resource-scope-max-arns 5$/);
  });
});

describe('the command that reproduces a run', () => {
  it('lists the settings as CLI flags, quoted for a shell', () => {
    const settings = buildSettings(
      merge({
        logs: 'my logs',
        from: '2026-10-01',
        to: '2026-10-31',
        keepActions: 'iam:PassRole',
        dropUnknown: 'true',
        maxFileSize: '64',
        currentPolicies: ['p.json'],
      }),
      NAMES,
      NOW,
    );
    expect(cliCommand(settings)).toBe(
      "node dist/cli/index.js --role orders-api --logs 'my logs' --current-policy p.json --from 2026-10-01T00:00:00Z --to 2026-10-31T00:00:00Z --max-file-size 64 --unknown drop --keep-actions iam:PassRole",
    );
  });
});

describe('permission sets', () => {
  const ARN = 'arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef';

  it('one per line, after the roles and users, each with its policy file in a fleet', () => {
    const settings = buildSettings(
      merge({
        permissionSet: `DataAnalyst\n${ARN}\n`,
        currentPolicies: [
          'orders-api=iam/orders-api.json',
          'DataAnalyst=iam/permission-sets/DataAnalyst.json',
          `${ARN}=iam/ops.json`,
        ],
      }),
      NAMES,
      NOW,
    );
    expect(settings.principals).toEqual([
      { type: 'role', kind: 'name', name: 'orders-api' },
      { type: 'permission-set', kind: 'name', name: 'DataAnalyst' },
      { type: 'permission-set', kind: 'name', name: '', permissionSetArn: ARN },
    ]);
    expect(settings.policyFiles).toEqual([
      ['iam/orders-api.json'],
      ['iam/permission-sets/DataAnalyst.json'],
      ['iam/ops.json'],
    ]);
    expect(cliCommand(settings)).toContain(
      `--role orders-api --permission-set DataAnalyst --permission-set ${ARN} --logs logs`,
    );
  });

  it('alone, without a role', () => {
    const settings = buildSettings(
      merge({ role: undefined, permissionSet: 'DataAnalyst' }),
      NAMES,
      NOW,
    );
    expect(settings.principals).toEqual([
      { type: 'permission-set', kind: 'name', name: 'DataAnalyst' },
    ]);
  });

  it('a role Identity Center provisions, given as a role, names the permission set to give', () => {
    expect(() =>
      buildSettings(merge({ role: 'AWSReservedSSO_DataAnalyst_0123456789abcdef' }), NAMES, NOW),
    ).toThrow(
      /^role-arn: AWSReservedSSO_DataAnalyst_0123456789abcdef is a role IAM Identity Center provisions .* Give --permission-set DataAnalyst/,
    );
  });
});
