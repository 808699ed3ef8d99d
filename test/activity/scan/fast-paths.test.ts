import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readActivity, type ActivityResult, type ReadOptions } from '../../../src/activity/read.js';
import {
  parsePrincipalRef,
  parseRoleRef,
  type PrincipalRef,
} from '../../../src/activity/principal.js';
import { LogFileError } from '../../../src/activity/scan/parse.js';
import { scanLogFile, type FileScan, type ScanPath } from '../../../src/activity/scan/scan.js';
import type { ActivitySource, CloudTrailRecord, LogObject } from '../../../src/activity/types.js';
import { DEFAULT_SPEC, generateTrail, type TrailSpec } from '../../../bench/generate.js';
import { memorySource, roleCall, ROLE_ARN, trailFile, userCall } from '../../fixtures/records.js';
import { buildWorkerScript } from '../../support/worker-script.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const REAL = resolve(ROOT, '../shared/data/cloudtrail');
const ALWAYS = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

let workerScript: URL;
beforeAll(() => {
  workerScript = buildWorkerScript();
});

type Files = Record<string, Uint8Array | Error>;

/** The reference: every file parsed whole on the main thread, as the reader always did. */
function reference(
  source: ActivitySource,
  role: PrincipalRef,
  window = ALWAYS,
): Promise<ActivityResult> {
  return readActivity(source, {
    principal: role,
    window,
    concurrency: 4,
    fastPaths: false,
    workers: 0,
  });
}

function fast(
  source: ActivitySource,
  role: PrincipalRef,
  window = ALWAYS,
  extra: Partial<ReadOptions> = {},
): Promise<ActivityResult> {
  return readActivity(source, {
    principal: role,
    window,
    concurrency: 8,
    workers: 2,
    workerScript,
    ...extra,
  });
}

/** Everything the report takes from reading: usage (per event), counts, coverage, issuers. */
function results(result: ActivityResult): unknown {
  return {
    events: result.events,
    counts: result.counts,
    problems: result.problems,
    issuers: result.issuers,
  };
}

async function expectSame(
  files: Files,
  role: PrincipalRef,
  window = ALWAYS,
  threaded = true,
): Promise<ActivityResult> {
  const expected = await reference(memorySource(files), role, window);
  const inline = await fast(memorySource(files), role, window, { workers: 0 });
  expect(results(inline)).toEqual(results(expected));
  expect(JSON.stringify(inline.events)).toBe(JSON.stringify(expected.events));
  if (!threaded) return inline;
  const inWorkers = await fast(memorySource(files), role, window);
  expect(results(inWorkers)).toEqual(results(expected));
  expect(inWorkers.reading.workers).toBe(2);
  expect(inWorkers.reading.workerFailure).toBeUndefined();
  return inWorkers;
}

const ARN = parseRoleRef(ROLE_ARN, 'role');
const CONFIG = {
  principals: [ARN],
  fromIso: '2000-01-01T00:00:00Z',
  toIso: '2100-01-01T00:00:00Z',
};

/** One file scanned as the reader does, with fast paths and without. */
function scanBoth(bytes: Uint8Array, role = ARN): { fast: FileScan; whole: FileScan } {
  return {
    fast: scanLogFile(bytes, { ...CONFIG, principals: [role], fastPaths: true }),
    whole: scanLogFile(bytes, { ...CONFIG, principals: [role], fastPaths: false }),
  };
}

/** Everything but `bytesRead`, which whitespace changes. */
function withoutBytes(result: ActivityResult): unknown {
  const { bytesRead: _bytes, ...counts } = result.counts;
  return { ...(results(result) as object), counts };
}

type Trail = { Records: unknown[] };

/**
 * Files as tools other than CloudTrail write them: JSON whitespace between the tokens, and
 * nowhere else (the same records, the same strings).
 */
const LAYOUTS: [string, (trail: Trail) => string][] = [
  ['JSON.stringify, 2 spaces', (trail) => JSON.stringify(trail, null, 2)],
  ['JSON.stringify, 4 spaces', (trail) => JSON.stringify(trail, null, 4)],
  ['JSON.stringify, tabs', (trail) => JSON.stringify(trail, null, '\t')],
  ['CRLF line ends', (trail) => `${JSON.stringify(trail, null, 2).replaceAll('\n', '\r\n')}\r\n`],
  ['python -m json.tool', (trail) => `${pythonJson(trail, 4)}\n`],
  ["python's json.dumps (', ' and ': ')", (trail) => pythonJson(trail)],
  ['whitespace everywhere JSON allows it', spacious],
];

/**
 * As Python's `json.dumps` writes (`json.tool` is `indent=4`): `, ` between items on one line,
 * `,` and a new line with an indent, `: ` after keys, every non-ASCII character escaped.
 */
function pythonJson(value: unknown, indent?: number, depth = 0): string {
  if (typeof value !== 'object' || value === null) return ascii(JSON.stringify(value));
  const items = Array.isArray(value)
    ? value.map((item) => pythonJson(item, indent, depth + 1))
    : Object.entries(value).map(
        ([key, item]) => `${ascii(JSON.stringify(key))}: ${pythonJson(item, indent, depth + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open}${items.join(', ')}${close}`;
  const inner = `\n${' '.repeat(indent * (depth + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${' '.repeat(indent * depth)}${close}`;
}

function ascii(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Leading and trailing whitespace, and some of all four kinds around every token of the form. */
function spacious(trail: Trail): string {
  const ws = ' \t\r\n';
  const records = trail.Records.map((record) =>
    JSON.stringify(record, null, '\t \r').replace('"eventVersion":', `"eventVersion"${ws}:`),
  );
  return `${ws}{${ws}"Records"${ws}:${ws}[${ws}${records.join(`${ws},${ws}`)}${ws}]${ws}}${ws}`;
}

describe('fast paths give the results of parsing every file whole', () => {
  it('on hand-made files: escapes, mentions by others, odd shapes, broken files', async () => {
    const mine = roleCall('s3.amazonaws.com', 'GetObject', { eventCategory: 'Data' });
    const denied = roleCall('kms.amazonaws.com', 'Decrypt', {
      errorCode: 'AccessDenied',
      errorMessage: 'User: x is not authorized to perform: kms:Decrypt on resource: k',
    });
    const other = roleCall('s3.amazonaws.com', 'PutObject', {
      roleArn: 'arn:aws:iam::111122223333:role/ci',
      requestParameters: { roleName: 'orders-api' },
    });
    const twin = roleCall('sqs.amazonaws.com', 'SendMessage', {
      roleArn: 'arn:aws:iam::999999999999:role/service/orders-api',
    });
    const late = roleCall('sns.amazonaws.com', 'Publish', { eventTime: '1999-12-31T23:59:59Z' });
    const signIn = roleCall('signin.amazonaws.com', 'ConsoleLogin', {
      eventType: 'AwsConsoleSignIn',
    });
    const compact = (records: CloudTrailRecord[]): string => JSON.stringify({ Records: records });
    const files: Files = {
      'a-mine.json.gz': trailFile([other, mine, twin, denied, mine]),
      'b-others.json.gz': trailFile([other, twin, other]),
      'c-nobody.json.gz': trailFile([
        roleCall('ec2.amazonaws.com', 'DescribeVpcs', {
          roleArn: 'arn:aws:iam::111122223333:role/x',
        }),
      ]),
      // The name spelled with a JSON escape: only the whole parse finds it.
      'd-escaped.json': Buffer.from(
        compact([late, signIn, mine]).replaceAll('orders-api', 'orders\\u002dapi'),
      ),
      'e-pretty.json': Buffer.from(JSON.stringify({ Records: [mine, denied] }, null, 2)),
      'f-empty.json.gz': gzipSync('{"Records":[]}'),
      'g-array.json': Buffer.from(JSON.stringify([mine, other])),
      'h-lines.jsonl': Buffer.from([mine, other, denied].map((r) => JSON.stringify(r)).join('\n')),
      // A record that does not start with eventVersion and names the role: parsed whole.
      'i-key-order.json.gz': gzipSync(
        `{"Records":[${JSON.stringify(other)},${JSON.stringify({ eventSource: 'x', ...mine, eventVersion: '1.08' })}]}`,
      ),
      'j-truncated.json.gz': gzipSync(compact([mine, other]).slice(0, -20)),
      'k-bad-gzip.json.gz': Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]),
      'l-not-trail.json': Buffer.from('{"hello":"world"}'),
      'm-unreadable.json.gz': new Error('EACCES: permission denied'),
      'n-trailing-space.json.gz': gzipSync(`${compact([mine, late])}\n`),
      'o-not-objects.json.gz': gzipSync('{"Records":[1,2]}'),
    };
    const result = await expectSame(files, ARN);
    expect(result.counts.recordsMatched).toBeGreaterThan(0);
    expect(result.counts.filesFailed).toBe(5);
    expect(result.reading.files.skipped).toBeGreaterThanOrEqual(2);
    expect(result.reading.files['partly-parsed']).toBeGreaterThanOrEqual(2);
    await expectSame(files, parseRoleRef('orders-api', 'role'));
    await expectSame(files, parseRoleRef('ci', 'role'));
    await expectSame(files, parseRoleRef('arn:aws:iam::999999999999:role/orders-api', 'role'));
    const window = { from: new Date('2026-10-10T00:00:00Z'), to: new Date('2026-10-10T12:00:01Z') };
    await expectSame(files, ARN, window);
  });

  it.each<[string, number, number | undefined]>([
    ['the role in a tenth of the files', 0.1, undefined],
    ['the role in every file', 1, undefined],
    // The benchmark's pretty scenario: the same trail, indented.
    ['the role in a tenth of the files, pretty-printed', 0.1, 2],
  ])('on a generated organization trail: %s', async (_label, share, indent) => {
    const spec: TrailSpec = {
      ...DEFAULT_SPEC,
      seed: 7 + share,
      records: 6000,
      recordsPerFile: 40,
      roleFileShare: share,
      ...(indent === undefined ? {} : { indent }),
    };
    const { files, truth } = generateTrail(spec);
    const stored: Files = {};
    for (const file of files) stored[file.key] = gzipSync(file.text);
    const window = { from: new Date(truth.window.from), to: new Date(truth.window.to) };
    const result = await expectSame(stored, ARN, window);
    expect(result.counts).toMatchObject({
      filesRead: truth.files,
      bytesRead: truth.bytes,
      recordsRead: truth.records,
      recordsMatched: truth.recordsMatched,
      duplicateRecords: truth.duplicateRecords,
      recordsOutsideWindow: truth.recordsOutsideWindow,
      recordsNotApiCalls: truth.recordsNotApiCalls,
    });
    expect(result.reading.workers).toBe(2);
    expect(result.reading.files.parsed).toBe(0);
    expect(result.reading.files['partly-parsed']).toBeLessThanOrEqual(truth.roleFiles);
    expect(result.reading.files['partly-parsed']).toBeGreaterThan(truth.roleFiles * 0.8);
    expect(result.events.some((e) => e.dataEvent)).toBe(true);
    expect(result.events.some((e) => e.denied && e.deniedAction !== undefined)).toBe(true);
    // Other principals, and the role's twin in another account.
    await expectSame(stored, parseRoleRef('orders-api', 'role'), window);
    await expectSame(stored, parseRoleRef('ci-deployer', 'role'), window);
  });

  it("generates the benchmark's pretty-printed trail as the compact one, indented", () => {
    const spec: TrailSpec = { ...DEFAULT_SPEC, records: 2000, recordsPerFile: 40 };
    const compact = generateTrail(spec);
    const pretty = generateTrail({ ...spec, indent: 2 });
    const compactFiles = [...compact.files];
    const prettyFiles = [...pretty.files];
    expect(prettyFiles.map((f) => f.key)).toEqual(compactFiles.map((f) => f.key));
    for (const [i, file] of prettyFiles.entries()) {
      expect(file.text).toBe(JSON.stringify(JSON.parse(compactFiles[i]!.text), null, 2));
    }
    expect(pretty.truth).toEqual({ ...compact.truth, bytes: pretty.truth.bytes });
    expect(pretty.truth.bytes).toBe(prettyFiles.reduce((n, f) => n + Buffer.byteLength(f.text), 0));
    expect(pretty.truth.bytes).toBeGreaterThan(compact.truth.bytes * 1.2);
  });

  const realFiles = existsSync(REAL) ? listReal(REAL) : [];
  const describeReal = realFiles.length > 0 ? describe : describe.skip;
  if (realFiles.length === 0) {
    console.log(`skipping the real CloudTrail records: ${REAL} is absent`);
  }

  describeReal('on the real records in ../shared/data/cloudtrail', () => {
    const stored: Files = {};
    const records: CloudTrailRecord[] = [];
    for (const path of realFiles) {
      const bytes = readFileSync(path);
      const key = path.slice(REAL.length + 1);
      // Every other file as delivered (gzip), the rest unpacked.
      if (Object.keys(stored).length % 2 === 0) stored[`${key}.gz`] = gzipSync(bytes);
      else stored[key] = bytes;
      records.push(...parseAny(bytes.toString('utf8')));
    }
    // The same records as CloudTrail writes them (eventVersion first, compact, 50 a file),
    // so that the fast path, not only its fallback, sees every real record shape.
    const chunks: [string, CloudTrailRecord[]][] = [];
    for (let i = 0; i < records.length; i += 50) {
      const chunk = records.slice(i, i + 50).map(({ eventVersion, ...rest }) => ({
        eventVersion: eventVersion ?? '1.08',
        ...rest,
      }));
      chunks.push([`rewritten/${String(i).padStart(6, '0')}.json.gz`, chunk]);
    }
    const rewrite = (write: (trail: Trail) => string): Files =>
      Object.fromEntries(chunks.map(([key, chunk]) => [key, gzipSync(write({ Records: chunk }))]));
    const rewritten = rewrite((trail) => JSON.stringify(trail));
    const roles = rolesIn(records);

    it('finds roles and users to test with', () => {
      expect(roles.filter((p) => p.type === 'role').length).toBeGreaterThan(10);
      expect(roles.filter((p) => p.type === 'user').length).toBeGreaterThan(10);
    });

    it('for every role and user in the records, by ARN and by name', async () => {
      let skipped = 0;
      const matched = { role: 0, user: 0, 'permission-set': 0 };
      for (const [i, principal] of roles.entries()) {
        // Worker threads for a sample of the roles: starting them is the slow part.
        const files = { ...stored, ...rewritten };
        const result = await expectSame(files, principal, ALWAYS, i % 10 === 0);
        skipped += result.reading.files.skipped;
        matched[principal.type] += result.counts.recordsMatched;
      }
      expect(skipped).toBeGreaterThan(0);
      // Users are found, not only compared: thousands of their calls are in the records.
      expect(matched.user).toBeGreaterThan(2000);
      expect(matched.role).toBeGreaterThan(100);
    });

    it('written with whitespace, as in their compact form, for every role', async () => {
      // Three layouts between them have every kind of whitespace; all are tested above.
      const layouts = LAYOUTS.filter(([label]) =>
        [
          'JSON.stringify, 2 spaces',
          'python -m json.tool',
          'whitespace everywhere JSON allows it',
        ].includes(label),
      );
      expect(layouts).toHaveLength(3);
      const spaced = layouts.map(([label, write]) => [label, rewrite(write)] as const);
      let partly = 0;
      for (const role of roles) {
        const expected = await reference(memorySource(rewritten), role);
        const compact = await fast(memorySource(rewritten), role, ALWAYS, { workers: 0 });
        partly += compact.reading.files['partly-parsed'];
        for (const [label, files] of spaced) {
          const result = await fast(memorySource(files), role, ALWAYS, { workers: 0 });
          expect([label, role, withoutBytes(result)]).toEqual([
            label,
            role,
            withoutBytes(expected),
          ]);
          expect([label, role, result.reading.files]).toEqual([label, role, compact.reading.files]);
          expect(result.counts.bytesRead).toBeGreaterThan(compact.counts.bytesRead);
        }
      }
      expect(partly).toBeGreaterThan(0);
    });
  });
});

describe('files written with whitespace', () => {
  const mine = roleCall('s3.amazonaws.com', 'GetObject', { eventCategory: 'Data' });
  const denied = roleCall('kms.amazonaws.com', 'Decrypt', {
    errorCode: 'AccessDenied',
    errorMessage: 'User: x is not authorized to perform: kms:Decrypt on resource: k',
    // Non-ASCII, which Python escapes.
    requestParameters: { keyId: 'alias/caf\u00e9-\u{1f600}' },
  });
  const other = roleCall('s3.amazonaws.com', 'PutObject', {
    roleArn: 'arn:aws:iam::111122223333:role/ci',
    requestParameters: { roleName: 'orders-api', tags: [], filters: {} },
  });
  const twin = roleCall('sqs.amazonaws.com', 'SendMessage', {
    roleArn: 'arn:aws:iam::999999999999:role/service/orders-api',
  });
  const nobody = roleCall('ec2.amazonaws.com', 'DescribeVpcs', {
    roleArn: 'arn:aws:iam::111122223333:role/x',
  });
  const trails: [string, CloudTrailRecord[], ScanPath][] = [
    ['a-mine', [other, mine, twin, denied, mine], 'partly-parsed'],
    ['b-others', [other, twin, other], 'partly-parsed'],
    ['c-nobody', [nobody, nobody], 'skipped'],
    ['d-empty', [], 'skipped'],
    ['e-one', [mine], 'partly-parsed'],
  ];

  it.each(LAYOUTS)('take the fast paths: %s', async (_label, write) => {
    const files: Files = {};
    for (const [name, records, path] of trails) {
      const bytes = Buffer.from(write({ Records: records }));
      expect(bytes.equals(Buffer.from(JSON.stringify({ Records: records })))).toBe(false);
      const { fast, whole } = scanBoth(bytes);
      expect(fast).toEqual({ ...whole, path });
      files[`${name}.json.gz`] = gzipSync(bytes);
    }
    const result = await expectSame(files, ARN);
    expect(result.counts).toMatchObject({ recordsMatched: 2, duplicateRecords: 2 });
    expect(result.reading.files).toEqual({ parsed: 0, 'partly-parsed': 3, skipped: 2 });
    await expectSame(files, parseRoleRef('ci', 'role'), ALWAYS, false);
    await expectSame(files, parseRoleRef('orders-api', 'role'), ALWAYS, false);
  });

  /** A file of these records as `JSON.stringify(x, null, 2)` writes it. */
  const pretty = (records: unknown[]): string => JSON.stringify({ Records: records }, null, 2);

  it.each<[string, string, ScanPath]>([
    // In a string the quotes are escaped (`{\"eventVersion\":`): no record starts there, and
    // the fast path is exact.
    [
      'a string that holds {"eventVersion": escaped',
      pretty([other, { ...mine, userAgent: '{"eventVersion": "1.08"}, { "eventVersion" : 1 }' }]),
      'partly-parsed',
    ],
    [
      'a nested object that starts with eventVersion, in a record of the role',
      pretty([other, { ...mine, requestParameters: { eventVersion: '1.08', key: 'k' } }]),
      'parsed',
    ],
    [
      'a nested object that starts with eventVersion after another, in a record of the role',
      pretty([mine, { ...denied, resources: [{ ARN: 'a' }, { eventVersion: '1.08', ARN: 'b' }] }]),
      'parsed',
    ],
    [
      'a record of the role that does not start with eventVersion',
      pretty([other, { eventSource: 'x', ...mine, eventVersion: '1.08' }]),
      'parsed',
    ],
    [
      'another key after the records',
      `${pretty([mine, nobody]).slice(0, -2)},\n  "Next": 1\n}`,
      'parsed',
    ],
    ['another key before the records', `{ "Next": 1, ${pretty([mine]).slice(1)}`, 'parsed'],
  ])('fall back to the whole parse only when needed: %s', (_label, text, path) => {
    const { fast, whole } = scanBoth(Buffer.from(text));
    expect(whole.calls.length).toBeGreaterThan(0);
    expect(fast).toEqual({ ...whole, path });
  });

  // Each fault next to a record that does not name the role, which the fast path never parses:
  // only the checks of the form can send such a file to the whole parse.
  it.each([
    ['a missing comma', pretty([nobody, mine]).replace(/\},(\s+\{)/, '}$1')],
    ['a number between records', pretty([nobody, mine]).replace(/\},(\s+\{)/, '}, 42,$1')],
    ['a word between records', pretty([nobody, mine]).replace(/\},(\s+\{)/, '} x,$1')],
    ['a number before the first record', pretty([nobody, mine]).replace('[', '[ 42,')],
    ['a trailing comma', pretty([mine, nobody]).replace(/\}(\s+\]\s+\})$/, '},$1')],
    ['a file cut after its last record', pretty([mine, nobody]).slice(0, -'\n  ]\n}'.length)],
  ])('fail as the whole parse does, with %s', async (_label, text) => {
    const bytes = Buffer.from(text);
    const failure = (fastPaths: boolean): unknown => {
      try {
        return scanLogFile(bytes, { ...CONFIG, fastPaths });
      } catch (error) {
        return error;
      }
    };
    const whole = failure(false);
    expect(whole).toBeInstanceOf(LogFileError);
    expect(failure(true)).toEqual(whole);
    const result = await expectSame({ 'bad.json': bytes }, ARN, ALWAYS, false);
    expect(result.counts.filesFailed).toBe(1);
  });

  it('end, with the same results, for a name found between records', () => {
    // `,` is a valid role name, and the comma between two records holds it (the fast path used
    // to find it there again and again, for ever).
    for (const text of [JSON.stringify({ Records: [mine, other] }), pretty([mine, other])]) {
      const { fast, whole } = scanBoth(Buffer.from(text), parseRoleRef(',', 'role'));
      expect(fast).toEqual({ ...whole, path: 'partly-parsed' });
    }
  });
});

describe('many principals in one scan (skip search, automaton)', () => {
  const SSO = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1';
  const records: CloudTrailRecord[] = [
    roleCall('s3.amazonaws.com', 'GetObject'),
    // A name that extends another's: mentions it, is not it.
    roleCall('s3.amazonaws.com', 'PutObject', {
      roleArn: 'arn:aws:iam::111122223333:role/service/orders-api-v2',
    }),
    // Names only outside the caller's identity.
    roleCall('iam.amazonaws.com', 'PassRole', {
      roleArn: 'arn:aws:iam::111122223333:role/x',
      requestParameters: { roleName: 'fleet-01', userName: 'deploy-bot', ci: 'ci' },
      resources: [{ ARN: 'arn:aws:iam::111122223333:role/service/fleet-02' }],
    }),
    roleCall('sqs.amazonaws.com', 'SendMessage', {
      roleArn: 'arn:aws:iam::111122223333:role/service/fleet-02',
    }),
    roleCall('sts.amazonaws.com', 'GetCallerIdentity', {
      roleArn: `${SSO}/AWSReservedSSO_DataAnalyst_0123456789abcdef`,
    }),
    // Another permission set whose name extends the first's.
    roleCall('sts.amazonaws.com', 'GetCallerIdentity', {
      roleArn: `${SSO}/AWSReservedSSO_DataAnalystAdmin_0123456789abcdef`,
    }),
    userCall('ec2.amazonaws.com', 'DescribeVpcs'),
    roleCall('lambda.amazonaws.com', 'Invoke', {
      roleArn: 'arn:aws:iam::111122223333:role/ci',
    }),
    // A name in the last bytes of the last record.
    { ...roleCall('kms.amazonaws.com', 'Decrypt'), userAgent: 'fleet-02' } as CloudTrailRecord,
  ];
  const role = (ref: string): PrincipalRef => parsePrincipalRef(ref, 'role', '--role');
  const fleet = [
    role(ROLE_ARN),
    role('orders-api-v2'),
    role('fleet-01'),
    role('fleet-02'),
    parsePrincipalRef('DataAnalyst', 'permission-set', '--permission-set'),
    parsePrincipalRef('deploy-bot', 'user', '--user'),
  ];
  const fleets: [string, PrincipalRef[]][] = [
    ['names of 4 bytes or more (skip search)', fleet],
    ['and a shorter one (automaton)', [...fleet, role('ci')]],
    ['names that extend one another', [role('fleet-0'), role('fleet-01'), role('fleet-02')]],
  ];
  const layouts: [string, (trail: Trail) => string][] = [
    ['compact', (trail) => JSON.stringify(trail)],
    ...LAYOUTS,
  ];

  it.each(fleets)("give the whole parse's results: %s", (_label, principals) => {
    for (const [layout, write] of layouts) {
      for (const chosen of [records, records.slice(2, 4), records.slice(-1), [records[6]!]]) {
        const bytes = Buffer.from(write({ Records: chosen }));
        const config = { ...CONFIG, principals };
        const fast = scanLogFile(bytes, { ...config, fastPaths: true });
        const whole = scanLogFile(bytes, { ...config, fastPaths: false });
        expect([layout, fast.path]).not.toEqual([layout, 'parsed']);
        expect([layout, { ...fast, path: 'parsed' }]).toEqual([layout, whole]);
      }
    }
  });

  it('find a permission set, a user and a role that only mentions another', () => {
    const bytes = Buffer.from(JSON.stringify({ Records: records }));
    const fast = scanLogFile(bytes, { ...CONFIG, principals: fleet, fastPaths: true });
    const calls = (p: number): number => fast.groups.filter((g) => g.principal === p).length;
    expect(fleet.map((_, p) => calls(p))).toEqual([2, 1, 0, 1, 1, 1]);
    expect(fast.others[0]).toEqual(['arn:aws:iam::111122223333:role/service/orders-api-v2']);
  });
});

describe('reading with workers', () => {
  const spec: TrailSpec = {
    ...DEFAULT_SPEC,
    seed: 11,
    records: 3000,
    recordsPerFile: 30,
    roleFileShare: 0.5,
  };

  it('lets workers read local files themselves, with the same results and failures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipd-fast-'));
    const { files, truth } = generateTrail(spec);
    const keys: string[] = [];
    for (const file of files) {
      const name = file.key.replaceAll('/', '_');
      writeFileSync(join(dir, name), gzipSync(file.text));
      keys.push(name);
    }
    keys.push('missing.json.gz');
    const base: ActivitySource = {
      description: dir,
      async *list(): AsyncIterable<LogObject> {
        await Promise.resolve();
        for (const key of keys.sort()) yield { key };
      },
      // As the local source reads; errors re-made in the tests' realm, as workers' are.
      read: (object) =>
        readFile(join(dir, object.key)).catch((error: Error) => {
          throw new Error(error.message);
        }),
    };
    const withPaths = { ...base, pathOf: (object: LogObject) => join(dir, object.key) };
    const window = { from: new Date(truth.window.from), to: new Date(truth.window.to) };
    const expected = await reference(base, ARN, window);
    const actual = await fast(withPaths, ARN, window);
    expect(results(actual)).toEqual(results(expected));
    expect(actual.problems).toEqual([
      expect.objectContaining({
        object: 'missing.json.gz',
        message: expect.stringMatching(/^could not read: ENOENT/) as string,
      }),
    ]);
  });

  it('reports progress from the main thread while workers scan', async () => {
    const { files } = generateTrail(spec);
    const stored: Files = {};
    for (const file of files) stored[file.key] = gzipSync(file.text);
    const seen: { filesDone: number; filesTotal: number; records: number; bytes: number }[] = [];
    const result = await fast(memorySource(stored), ARN, ALWAYS, {
      onProgress: (p) => seen.push(p),
      progressIntervalMs: 1,
    });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({
      filesDone: result.counts.filesListed,
      filesTotal: result.counts.filesListed,
      records: result.counts.recordsRead,
      bytes: result.counts.bytesRead,
    });
  });

  it.each([
    ['fails to start', 'throw new Error("broken build");'],
    [
      'dies on its first file',
      'import { parentPort } from "node:worker_threads"; parentPort.once("message", () => process.exit(3));',
    ],
  ])('reads on the main thread, with the same results, when a worker %s', async (_label, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'ipd-broken-'));
    writeFileSync(join(dir, 'worker.mjs'), code);
    const { files } = generateTrail(spec);
    const stored: Files = {};
    for (const file of files) stored[file.key] = gzipSync(file.text);
    const expected = await reference(memorySource(stored), ARN);
    const actual = await readActivity(memorySource(stored), {
      principal: ARN,
      window: ALWAYS,
      concurrency: 8,
      workers: 2,
      workerScript: pathToFileURL(join(dir, 'worker.mjs')),
    });
    expect(results(actual)).toEqual(results(expected));
    expect(actual.reading.workerFailure).toMatch(/a reader thread (failed|stopped)/);
  });

  it('says how a file was read', () => {
    const file = trailFile([roleCall('s3.amazonaws.com', 'GetObject')]);
    const config = {
      principals: [ARN],
      fromIso: '2000-01-01T00:00:00Z',
      toIso: '2100-01-01T00:00:00Z',
    };
    expect(scanLogFile(file, { ...config, fastPaths: true })).toMatchObject({
      ...scanLogFile(file, { ...config, fastPaths: false }),
      path: 'partly-parsed',
    });
  });
});

function listReal(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listReal(path));
    else if (/\.(json|jsonl)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

function parseAny(text: string): CloudTrailRecord[] {
  try {
    const parsed = JSON.parse(text) as { Records?: CloudTrailRecord[] } | CloudTrailRecord[];
    return Array.isArray(parsed) ? parsed : (parsed.Records ?? []);
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CloudTrailRecord);
  }
}

/** Every role the records' callers acted as, by ARN and by name. */
/** Every role and IAM user the records name, by ARN and by name. */
function rolesIn(records: CloudTrailRecord[]): PrincipalRef[] {
  const arns = new Set<string>();
  for (const record of records) {
    const identity = record.userIdentity;
    const issuer = identity?.sessionContext?.sessionIssuer;
    if (issuer?.type === 'Role' && typeof issuer.arn === 'string') arns.add(issuer.arn);
    if (identity?.type === 'IAMUser' && typeof identity.arn === 'string') arns.add(identity.arn);
  }
  const principals: PrincipalRef[] = [];
  const names = new Set<string>();
  for (const arn of [...arns].sort()) {
    const type = arn.includes(':user/') ? 'user' : 'role';
    try {
      const principal = parsePrincipalRef(arn, type, type);
      principals.push(principal);
      names.add(`${type} ${principal.name}`);
    } catch {
      // not an ARN the tool accepts
    }
  }
  for (const typed of [...names].sort()) {
    const [type, name] = typed.split(' ') as ['role' | 'user', string];
    principals.push(parsePrincipalRef(name, type, type));
  }
  return principals;
}
