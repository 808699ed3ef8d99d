import { gunzipSync } from 'node:zlib';

import { S3ServiceException } from '@aws-sdk/client-s3';

import { createS3Source, type S3SourceOptions } from '../../../src/activity/sources/s3.js';
import type { ActivitySource, LogObject } from '../../../src/activity/types.js';
import { type S3Like, s3Like } from '../../../src/aws/adapters.js';
import { AwsAccessError, TRAIL_ACCESS_README_SECTION } from '../../../src/aws/errors.js';
import { motoS3, resetMoto } from '../../support/moto.js';
import {
  at,
  createBucket,
  digestKey,
  insightKey,
  type LogFileSpec,
  logKey,
  ORG_ID,
  putLogFile,
  putObject,
} from '../../support/trail.js';

const BUCKET = 'org-trail-logs-test';
const PREFIX = 'trail/org';
const A = '111122223333';
const B = '444455556666';
const C = '777788889999'; // in the organization, but nothing delivered for it

/** The window: 10 to 14 March 2024, whole days. The listing covers 9 to 15 March. */
const FROM = new Date('2024-03-10T00:00:00Z');
const TO = new Date('2024-03-14T23:59:59Z');

const s3 = motoS3();
const client = s3Like(s3);
/** Every log file stored, by key, with its bytes. */
const stored = new Map<string, { spec: LogFileSpec; body: Uint8Array }>();

async function putLog(spec: LogFileSpec, prefix = PREFIX): Promise<string> {
  const { key, body } = await putLogFile(s3, BUCKET, spec, prefix);
  stored.set(key, { spec, body });
  return key;
}

function days(first: number, last: number, skip: number[] = []): string[] {
  const result: string[] = [];
  for (let day = first; day <= last; day += 1) {
    if (!skip.includes(day)) result.push(`2024-03-${String(day).padStart(2, '0')}`);
  }
  return result;
}

beforeAll(async () => {
  await resetMoto();
  await createBucket(s3, BUCKET);
  const puts: Promise<unknown>[] = [];
  // A in us-east-1: 8 to 16 March but nothing on the 12th; two deliveries a day.
  for (const day of days(8, 16, [12])) {
    puts.push(putLog({ account: A, region: 'us-east-1', delivered: at(day, '00:04') }));
    puts.push(putLog({ account: A, region: 'us-east-1', delivered: at(day, '23:58') }));
  }
  // A in eu-west-1: every day of the window, with digests and an insight beside the logs.
  for (const day of days(10, 14)) {
    const spec = { account: A, region: 'eu-west-1', delivered: at(day, '10:15') };
    puts.push(putLog(spec));
    puts.push(putObject(s3, BUCKET, digestKey(spec, PREFIX), '{}'));
    puts.push(putObject(s3, BUCKET, insightKey(spec, PREFIX), '{}'));
  }
  // B in us-east-1: every day; B in ap-southeast-2: the 11th only.
  for (const day of days(10, 14)) {
    puts.push(putLog({ account: B, region: 'us-east-1', delivered: at(day, '06:30') }));
  }
  puts.push(putLog({ account: B, region: 'ap-southeast-2', delivered: at('2024-03-11', '01:00') }));
  // Noise in a day folder of the window: not log files.
  const noiseDay = `${PREFIX}/AWSLogs/${ORG_ID}/${A}/CloudTrail/eu-west-1/2024/03/11/`;
  puts.push(putObject(s3, BUCKET, `${noiseDay}README.txt`, 'not a log'));
  puts.push(putObject(s3, BUCKET, `${noiseDay}sub/${A}_CloudTrail_x.json.gz`, 'nested'));
  // The same account under another trail (no organization level) and another prefix.
  const other = { account: A, region: 'us-east-1', delivered: at('2024-03-11') };
  puts.push(putObject(s3, BUCKET, logKey(other, PREFIX, null), 'other trail'));
  puts.push(putObject(s3, BUCKET, logKey(other, 'elsewhere'), 'other prefix'));
  await Promise.all(puts);
});

afterAll(() => {
  s3.destroy();
});

function options(overrides: Partial<S3SourceOptions> = {}): S3SourceOptions {
  return {
    bucket: BUCKET,
    prefix: PREFIX,
    organizationId: ORG_ID,
    accounts: [A, B, C],
    from: FROM,
    to: TO,
    ...overrides,
  };
}

async function listAll(source: ActivitySource): Promise<LogObject[]> {
  const objects: LogObject[] = [];
  for await (const object of source.list()) objects.push(object);
  return objects;
}

/** The stored log keys whose folder day is within [first, last], for the given filter. */
function expectedKeys(
  first: string,
  last: string,
  filter: (spec: LogFileSpec) => boolean = () => true,
): string[] {
  return [...stored.entries()]
    .filter(([, { spec }]) => {
      const day = spec.delivered.toISOString().slice(0, 10);
      return day >= first && day <= last && filter(spec);
    })
    .map(([key]) => key)
    .sort();
}

test('lists exactly the log files of the window plus one day each side, in key order', async () => {
  const source = createS3Source(client, options());
  const objects = await listAll(source);
  const keys = objects.map((object) => object.key);
  expect(keys).toEqual(expectedKeys('2024-03-09', '2024-03-15'));
  // A us-east-1: 9, 10, 11, 13, 14, 15 (two each); A eu-west-1: 5; B: 5 + 1.
  expect(keys).toHaveLength(12 + 5 + 6);
  expect(keys.some((key) => key.includes('/2024/03/08/') || key.includes('/2024/03/16/'))).toBe(
    false,
  );
  expect(keys.every((key) => key.endsWith('.json.gz') && key.includes('/CloudTrail/'))).toBe(true);
  for (const object of objects) {
    expect(object.size).toBe(stored.get(object.key)?.body.byteLength);
  }
  expect(source.description).toBe(`s3://${BUCKET}/${PREFIX}/`);
});

test('expects a number of files while listing, from the day folders listed so far', async () => {
  const source = createS3Source(client, options({ concurrency: 1 }));
  expect(source.expectedObjects?.()).toBeUndefined();
  const estimates: (number | undefined)[] = [];
  let listed = 0;
  for await (const _object of source.list()) {
    listed++;
    estimates.push(source.expectedObjects?.());
  }
  // At the first file (the second folder of 7 days x 5 account-regions, the first empty): an
  // estimate from one file per two folders; once every folder is listed, the count itself.
  expect(estimates[0]).toBe(Math.round(1 + (33 * 1) / 2));
  expect(estimates.every((estimate) => estimate !== undefined)).toBe(true);
  expect(listed).toBe(23);
  expect(source.expectedObjects?.()).toBe(23);
});

test('the window edges: a window inside two days lists those days and their neighbours', async () => {
  const source = createS3Source(
    client,
    options({
      from: new Date('2024-03-13T22:00:00Z'),
      to: new Date('2024-03-14T01:00:00Z'),
      accounts: [A],
      regions: ['us-east-1'],
    }),
  );
  const keys = (await listAll(source)).map((object) => object.key);
  expect(keys).toEqual(
    expectedKeys(
      '2024-03-12',
      '2024-03-15',
      (spec) => spec.account === A && spec.region === 'us-east-1',
    ),
  );
  // The 12th is a margin day here: its absence is not a gap. eu-west-1 holds logs of A that
  // were not asked for: that is said.
  expect(source.listingProblems?.()?.map((p) => [p.kind, p.object])).toEqual([
    ['region-not-read', `${PREFIX}/AWSLogs/${ORG_ID}/${A}/CloudTrail/`],
  ]);
});

test('discovers regions per account, always including us-east-1, and reports gaps', async () => {
  const source = createS3Source(client, options());
  await listAll(source);
  const problems = source.listingProblems?.() ?? [];
  const base = (account: string): string => `${PREFIX}/AWSLogs/${ORG_ID}/${account}/CloudTrail/`;
  expect(problems.filter((problem) => problem.kind === 'missing-day').map((p) => p.object)).toEqual(
    [
      `${base(A)}us-east-1/2024/03/12/`,
      `${base(B)}ap-southeast-2/2024/03/10/`,
      `${base(B)}ap-southeast-2/2024/03/12/`,
      `${base(B)}ap-southeast-2/2024/03/13/`,
      `${base(B)}ap-southeast-2/2024/03/14/`,
      base(C),
    ],
  );
  expect(problems).toHaveLength(6);
  expect(problems[0]?.message).toContain(`account ${A} in us-east-1 on 2024-03-12`);
  expect(problems[5]?.message).toContain(`No log file at all for account ${C}`);
});

test('days after "now" are never reported missing', async () => {
  const source = createS3Source(
    client,
    options({ accounts: [B], regions: ['ap-southeast-2'], now: new Date('2024-03-11T12:00:00Z') }),
  );
  await listAll(source);
  expect((source.listingProblems?.() ?? []).map((problem) => problem.object)).toEqual([
    `${PREFIX}/AWSLogs/${ORG_ID}/${B}/CloudTrail/ap-southeast-2/2024/03/10/`,
  ]);
});

test('explicit regions: those and us-east-1 are listed; regions with logs left out are said', async () => {
  const source = createS3Source(client, options({ regions: ['eu-west-1'] }));
  const keys = (await listAll(source)).map((object) => object.key);
  expect(keys).toEqual(
    expectedKeys(
      '2024-03-09',
      '2024-03-15',
      (spec) => spec.region === 'eu-west-1' || spec.region === 'us-east-1',
    ),
  );
  const problems = source.listingProblems?.() ?? [];
  expect(problems.map((problem) => [problem.kind, problem.object])).toEqual([
    ['region-not-read', `${PREFIX}/AWSLogs/${ORG_ID}/${B}/CloudTrail/`],
    ['missing-day', `${PREFIX}/AWSLogs/${ORG_ID}/${A}/CloudTrail/us-east-1/2024/03/12/`],
    ['missing-day', `${PREFIX}/AWSLogs/${ORG_ID}/${B}/CloudTrail/eu-west-1/`],
    // C has nothing at all.
    ['missing-day', `${PREFIX}/AWSLogs/${ORG_ID}/${C}/CloudTrail/`],
  ]);
  expect(problems[0]?.message).toContain(
    'Account 444455556666 has logs in ap-southeast-2, which regions leaves out',
  );
  expect(problems[2]?.message).toContain(
    'No log file for account 444455556666 in eu-west-1 from 2024-03-10 to 2024-03-14',
  );
});

test('us-east-1 with no file while other regions have some: global events were not read', async () => {
  const source = createS3Source(
    client,
    options({
      accounts: [A],
      regions: ['eu-west-1'],
      from: new Date('2024-03-12T00:00:00Z'),
      to: new Date('2024-03-12T23:00:00Z'),
      marginDays: 0,
    }),
  );
  await listAll(source);
  const problems = source.listingProblems?.() ?? [];
  expect(problems.map((problem) => [problem.kind, problem.object])).toEqual([
    ['missing-day', `${PREFIX}/AWSLogs/${ORG_ID}/${A}/CloudTrail/us-east-1/`],
  ]);
  expect(problems[0]?.message).toContain('IAM, STS and other global events land in us-east-1');
});

test('a trail of one account (no organization level) is read when no organization id is given', async () => {
  const source = createS3Source(
    client,
    options({ organizationId: undefined, accounts: [A], regions: ['us-east-1'] }),
  );
  const keys = (await listAll(source)).map((object) => object.key);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(new RegExp(`^${PREFIX}/AWSLogs/${A}/CloudTrail/us-east-1/2024/03/11/`));
});

test('pages through ListObjectsV2 and keeps the order whatever the concurrency', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let pages = 0;
  const counting: S3Like = {
    async listObjectsV2(input) {
      inFlight += 1;
      pages += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await client.listObjectsV2(input);
      } finally {
        inFlight -= 1;
      }
    },
    getObject: (input) => client.getObject(input),
  };
  const paged = await listAll(createS3Source(counting, options({ pageSize: 1, concurrency: 3 })));
  expect(maxInFlight).toBeLessThanOrEqual(3);
  expect(maxInFlight).toBeGreaterThan(1);
  const serial = await listAll(createS3Source(client, options({ concurrency: 1 })));
  expect(paged).toEqual(serial);
  // One page per file at least: pagination was exercised.
  expect(pages).toBeGreaterThan(serial.length);
});

test('read returns the stored bytes, still gzip', async () => {
  const source = createS3Source(client, options());
  const [first] = await listAll(source);
  if (first === undefined) throw new Error('nothing listed');
  const bytes = await source.read(first);
  expect(Buffer.from(bytes).equals(Buffer.from(stored.get(first.key)?.body ?? []))).toBe(true);
  const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as { Records: unknown[] };
  expect(parsed.Records).toHaveLength(1);
});

test('read of a vanished object throws a translated error', async () => {
  const source = createS3Source(client, options());
  const key = `${PREFIX}/AWSLogs/${ORG_ID}/${A}/CloudTrail/us-east-1/2024/03/10/gone.json.gz`;
  const error = await source.read({ key }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).name).toBe('NoSuchKey');
  expect((error as Error).message).toContain(`s3://${BUCKET}/${key}`);
});

test('a missing bucket stops the listing with a clear message', async () => {
  const source = createS3Source(client, options({ bucket: 'no-such-trail-bucket' }));
  const error = await listAll(source).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).name).toBe('NoSuchBucket');
  expect((error as Error).message).toContain('The bucket "no-such-trail-bucket" does not exist');
});

test('a folder that cannot be listed is reported, not taken as empty', async () => {
  const failing = `${PREFIX}/AWSLogs/${ORG_ID}/${B}/CloudTrail/us-east-1/2024/03/12/`;
  const flaky: S3Like = {
    listObjectsV2: async (input) => {
      if (input.Prefix === failing) {
        throw new S3ServiceException({
          name: 'InternalError',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
          message: 'We encountered an internal error. Please try again.',
        });
      }
      return client.listObjectsV2(input);
    },
    getObject: (input) => client.getObject(input),
  };
  const source = createS3Source(flaky, options({ accounts: [B], regions: ['us-east-1'] }));
  const keys = (await listAll(source)).map((object) => object.key);
  expect(keys).toHaveLength(4);
  const problems = (source.listingProblems?.() ?? []).filter((p) => p.kind !== 'region-not-read');
  expect(problems.map(({ kind, object }) => ({ kind, object }))).toEqual([
    { kind: 'listing-failed', object: failing },
  ]);
  expect(problems[0]?.message).toContain('InternalError');
});

test('access denied on listing stops the run and names the permissions', async () => {
  const denying: S3Like = {
    listObjectsV2: () =>
      Promise.reject(
        new S3ServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
          message: 'Access Denied',
        }),
      ),
    getObject: (input) => client.getObject(input),
  };
  const error = await listAll(createS3Source(denying, options())).catch(
    (caught: unknown) => caught,
  );
  expect((error as Error).name).toBe('AccessDenied');
  for (const part of [
    's3:ListBucket',
    's3:GetObject',
    'kms:Decrypt',
    TRAIL_ACCESS_README_SECTION,
  ]) {
    expect((error as Error).message).toContain(part);
  }
});

test('invalid options are refused up front', () => {
  expect(() => createS3Source(client, options({ accounts: [] }))).toThrow(/at least one account/);
  expect(() => createS3Source(client, options({ accounts: ['1234'] }))).toThrow(/12 digits/);
  expect(() => createS3Source(client, options({ organizationId: 'org' }))).toThrow(
    /organization id/,
  );
  expect(() => createS3Source(client, options({ bucket: 's3://x/y' }))).toThrow(/bucket name/);
  expect(() => createS3Source(client, options({ from: TO, to: FROM }))).toThrow(/time window/);
});
