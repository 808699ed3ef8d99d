import {
  accountLogPrefix,
  dayPrefixes,
  findMissingDays,
  findSilentAccounts,
  isLogFileName,
  normalizePrefix,
  parseLogKey,
  regionOfPrefix,
  windowDays,
} from '../../../src/activity/sources/layout.js';

const ORG = 'o-a1b2c3d4e5';
const A = '111122223333';
const B = '444455556666';

describe('parseLogKey', () => {
  test('organization trail log file, with a bucket prefix', () => {
    expect(
      parseLogKey(
        `logs/org/AWSLogs/${ORG}/${A}/CloudTrail/eu-west-1/2024/03/10/` +
          `${A}_CloudTrail_eu-west-1_20240310T1205Z_abcdef0123456789.json.gz`,
      ),
    ).toEqual({
      prefix: 'logs/org',
      organizationId: ORG,
      account: A,
      region: 'eu-west-1',
      day: '2024-03-10',
      kind: 'log',
      file: `${A}_CloudTrail_eu-west-1_20240310T1205Z_abcdef0123456789.json.gz`,
    });
  });

  test('trail of one account: no organization level, no prefix', () => {
    const parsed = parseLogKey(
      `AWSLogs/${A}/CloudTrail/us-gov-west-1/2024/02/29/${A}_CloudTrail_us-gov-west-1_20240229T0000Z_0123456789abcdef.json.gz`,
    );
    expect(parsed).toMatchObject({
      prefix: '',
      account: A,
      region: 'us-gov-west-1',
      day: '2024-02-29',
    });
    expect(parsed).not.toHaveProperty('organizationId');
  });

  test('digests and insights are recognised as such', () => {
    expect(
      parseLogKey(
        `AWSLogs/${ORG}/${A}/CloudTrail-Digest/us-east-1/2024/03/10/${A}_CloudTrail-Digest_us-east-1_org_us-east-1_20240310T120000Z.json.gz`,
      )?.kind,
    ).toBe('digest');
    expect(
      parseLogKey(`AWSLogs/${ORG}/${A}/CloudTrail-Insight/us-east-1/2024/03/10/x.json.gz`)?.kind,
    ).toBe('insight');
  });

  test.each([
    ['folder marker', `AWSLogs/${ORG}/${A}/CloudTrail/us-east-1/2024/03/10/`],
    ['invalid date', `AWSLogs/${ORG}/${A}/CloudTrail/us-east-1/2023/02/29/f.json.gz`],
    ['month 13', `AWSLogs/${ORG}/${A}/CloudTrail/us-east-1/2024/13/01/f.json.gz`],
    ['short account', `AWSLogs/${ORG}/1234/CloudTrail/us-east-1/2024/03/10/f.json.gz`],
    ['bad org id', `AWSLogs/org-1/${A}/CloudTrail/us-east-1/2024/03/10/f.json.gz`],
    ['other folder', `AWSLogs/${ORG}/${A}/Config/us-east-1/2024/03/10/f.json.gz`],
    ['nested deeper', `AWSLogs/${ORG}/${A}/CloudTrail/us-east-1/2024/03/10/sub/f.json.gz`],
    ['not a region', `AWSLogs/${ORG}/${A}/CloudTrail/global/2024/03/10/f.json.gz`],
    ['no AWSLogs', `Logs/${ORG}/${A}/CloudTrail/us-east-1/2024/03/10/f.json.gz`],
    ['too short', 'a/b/c'],
  ])('rejects %s', (_label, key) => {
    expect(parseLogKey(key)).toBeUndefined();
  });
});

test('isLogFileName and normalizePrefix', () => {
  expect(isLogFileName('a.json.gz')).toBe(true);
  expect(isLogFileName('a.json')).toBe(true);
  expect(isLogFileName('a.txt')).toBe(false);
  expect(isLogFileName('a.json.gz.tmp')).toBe(false);
  expect(normalizePrefix('/logs/org/')).toBe('logs/org');
  expect(normalizePrefix(undefined)).toBe('');
});

test('accountLogPrefix and regionOfPrefix', () => {
  const base = accountLogPrefix({ prefix: 'logs/', organizationId: ORG }, A);
  expect(base).toBe(`logs/AWSLogs/${ORG}/${A}/CloudTrail/`);
  expect(accountLogPrefix({}, A)).toBe(`AWSLogs/${A}/CloudTrail/`);
  expect(regionOfPrefix(base, `${base}ap-southeast-2/`)).toBe('ap-southeast-2');
  expect(regionOfPrefix(base, `${base}not_a_region/`)).toBeUndefined();
  expect(regionOfPrefix(base, `other/${base}`)).toBeUndefined();
});

describe('windowDays', () => {
  test('includes both edge days, in UTC, plus margins', () => {
    const from = new Date('2024-02-28T23:30:00Z');
    const to = new Date('2024-03-01T00:10:00Z');
    expect(windowDays(from, to)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(windowDays(from, to, 1)).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
  });

  test('a window inside one day, across a year end, and an inverted window', () => {
    expect(windowDays(new Date('2024-03-10T01:00:00Z'), new Date('2024-03-10T02:00:00Z'))).toEqual([
      '2024-03-10',
    ]);
    expect(
      windowDays(new Date('2023-12-31T12:00:00Z'), new Date('2024-01-01T12:00:00Z'), 1),
    ).toEqual(['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02']);
    expect(windowDays(new Date('2024-03-10'), new Date('2024-03-09'))).toEqual([]);
    expect(() => windowDays(new Date('nope'), new Date())).toThrow(RangeError);
  });
});

describe('dayPrefixes', () => {
  test('every account, region and day, with one day of margin, sorted', () => {
    const prefixes = dayPrefixes({
      prefix: 'logs',
      organizationId: ORG,
      accounts: [B, A, A],
      regions: ['us-east-1', 'eu-west-1'],
      from: new Date('2024-03-10T06:00:00Z'),
      to: new Date('2024-03-11T18:00:00Z'),
    });
    expect(prefixes).toHaveLength(2 * 2 * 4);
    expect(prefixes.map((entry) => entry.prefix)).toEqual(
      [...prefixes.map((entry) => entry.prefix)].sort(),
    );
    expect(prefixes[0]).toEqual({
      account: A,
      region: 'eu-west-1',
      day: '2024-03-09',
      inWindow: false,
      prefix: `logs/AWSLogs/${ORG}/${A}/CloudTrail/eu-west-1/2024/03/09/`,
    });
    expect(prefixes.filter((entry) => entry.account === A && entry.region === 'us-east-1')).toEqual(
      ['2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12'].map((day) => ({
        account: A,
        region: 'us-east-1',
        day,
        inWindow: day === '2024-03-10' || day === '2024-03-11',
        prefix: `logs/AWSLogs/${ORG}/${A}/CloudTrail/us-east-1/${day.replaceAll('-', '/')}/`,
      })),
    );
  });

  test('regions per account, and no margin', () => {
    const prefixes = dayPrefixes({
      accounts: [A, B],
      regions: (account) => (account === A ? ['us-east-1'] : ['us-east-1', 'sa-east-1']),
      from: new Date('2024-03-10T00:00:00Z'),
      to: new Date('2024-03-10T23:59:59Z'),
      marginDays: 0,
    });
    expect(prefixes.map((entry) => entry.prefix)).toEqual([
      `AWSLogs/${A}/CloudTrail/us-east-1/2024/03/10/`,
      `AWSLogs/${B}/CloudTrail/sa-east-1/2024/03/10/`,
      `AWSLogs/${B}/CloudTrail/us-east-1/2024/03/10/`,
    ]);
  });
});

describe('gaps', () => {
  const prefixes = dayPrefixes({
    accounts: [A, B],
    regions: ['us-east-1', 'eu-west-1'],
    from: new Date('2024-03-10T00:00:00Z'),
    to: new Date('2024-03-12T23:00:00Z'),
  });
  const key = (account: string, region: string, day: string): string =>
    `AWSLogs/${account}/CloudTrail/${region}/${day.replaceAll('-', '/')}/`;

  test('a day without files where other days have some; margins and silent regions excluded', () => {
    const counts = new Map<string, number>([
      [key(A, 'us-east-1', '2024-03-09'), 3],
      [key(A, 'us-east-1', '2024-03-10'), 5],
      [key(A, 'us-east-1', '2024-03-12'), 5],
      // eu-west-1 of A has files only on a margin day: its window days are gaps.
      [key(A, 'eu-west-1', '2024-03-13'), 1],
      // B us-east-1 complete; B eu-west-1 silent (no files at all): not a gap.
      [key(B, 'us-east-1', '2024-03-10'), 1],
      [key(B, 'us-east-1', '2024-03-11'), 1],
      [key(B, 'us-east-1', '2024-03-12'), 1],
    ]);
    const unknown = new Set([key(A, 'eu-west-1', '2024-03-11')]);
    expect(findMissingDays(prefixes, counts, unknown)).toEqual([
      {
        account: A,
        region: 'eu-west-1',
        day: '2024-03-10',
        prefix: key(A, 'eu-west-1', '2024-03-10'),
      },
      {
        account: A,
        region: 'eu-west-1',
        day: '2024-03-12',
        prefix: key(A, 'eu-west-1', '2024-03-12'),
      },
      {
        account: A,
        region: 'us-east-1',
        day: '2024-03-11',
        prefix: key(A, 'us-east-1', '2024-03-11'),
      },
    ]);
    expect(findSilentAccounts(prefixes, counts, unknown)).toEqual([]);
  });

  test('accounts without any file are silent, unless a folder could not be listed', () => {
    const counts = new Map([[key(A, 'us-east-1', '2024-03-11'), 1]]);
    expect(findSilentAccounts(prefixes, counts)).toEqual([B]);
    expect(
      findSilentAccounts(prefixes, counts, new Set([key(B, 'eu-west-1', '2024-03-11')])),
    ).toEqual([]);
    expect(findMissingDays(prefixes, new Map())).toEqual([]);
  });
});
