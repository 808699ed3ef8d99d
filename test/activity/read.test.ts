import { ListingQueue, readActivity, type ReadProgress } from '../../src/activity/read.js';
import { parseRoleRef } from '../../src/activity/principal.js';
import { EventIdSet } from '../../src/activity/aggregate/event-id-set.js';
import type { ActivitySource, LogObject } from '../../src/activity/types.js';
import { formatProgress } from '../../src/render/progress.js';
import { memorySource, roleCall, ROLE_ARN, trailFile } from '../fixtures/records.js';

const window = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
const role = parseRoleRef(ROLE_ARN, 'r');

describe('readActivity', () => {
  it('keeps the role’s API calls in the window and aggregates them per event', async () => {
    const get1 = roleCall('s3.amazonaws.com', 'GetObject', {
      eventTime: '2026-10-02T00:00:00Z',
      awsRegion: 'eu-west-1',
    });
    const get2 = roleCall('s3.amazonaws.com', 'GetObject', {
      eventTime: '2026-10-20T00:00:00Z',
      eventCategory: 'Data',
    });
    const denied = roleCall('secretsmanager.amazonaws.com', 'GetSecretValue', {
      errorCode: 'AccessDenied',
      errorMessage:
        'User: x is not authorized to perform: secretsmanager:GetSecretValue on resource: y',
    });
    const failedAfterAuth = roleCall('sqs.amazonaws.com', 'GetQueueUrl', {
      errorCode: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    const before = roleCall('s3.amazonaws.com', 'PutObject', { eventTime: '2026-09-30T23:59:59Z' });
    const atEnd = roleCall('s3.amazonaws.com', 'PutObject', { eventTime: '2026-11-01T00:00:00Z' });
    const serviceEvent = roleCall('kms.amazonaws.com', 'RotateKey', {
      eventType: 'AwsServiceEvent',
    });
    const other = roleCall('s3.amazonaws.com', 'DeleteObject', {
      roleArn: 'arn:aws:iam::111122223333:role/ci-deployer',
    });

    const source = memorySource({
      'a.json.gz': trailFile([get1, denied, before, other]),
      'b.json': trailFile([get2, failedAfterAuth, atEnd, serviceEvent, get1], false),
    });
    const result = await readActivity(source, { principal: role, window, concurrency: 2 });

    expect(result.counts).toEqual({
      filesListed: 2,
      filesRead: 2,
      filesFailed: 0,
      bytesRead: expect.any(Number) as number,
      recordsRead: 9,
      recordsMatched: 4,
      duplicateRecords: 1,
      recordsNotDeduplicated: 0,
      recordsOutsideWindow: 2,
      recordsWithoutTime: 0,
      recordsNotApiCalls: 1,
    });
    expect(result.problems).toEqual([]);
    expect(result.issuers).toEqual([ROLE_ARN]);
    expect(result.events.map((e) => [e.eventSource, e.eventName, e.denied, e.count])).toEqual([
      ['s3.amazonaws.com', 'GetObject', false, 2],
      ['secretsmanager.amazonaws.com', 'GetSecretValue', true, 1],
      ['sqs.amazonaws.com', 'GetQueueUrl', false, 1],
    ]);
    const gets = result.events[0]!;
    expect(gets).toMatchObject({
      firstSeen: '2026-10-02T00:00:00Z',
      lastSeen: '2026-10-20T00:00:00Z',
      regions: ['eu-west-1', 'us-east-1'],
      accounts: ['111122223333'],
      dataEvent: true,
      sampleEventIds: [get1.eventID, get2.eventID],
    });
    expect(result.events[1]!.deniedAction).toBe('secretsmanager:GetSecretValue');
  });

  it('carries the request facts that change the actions a call needed, per distinct set', async () => {
    const role2 = 'arn:aws:iam::111122223333:role/fn-exec';
    const files = {
      // Through the fast path (compact CloudTrail JSON) and the plain parse (pretty-printed).
      'a.json.gz': trailFile([
        roleCall('s3.amazonaws.com', 'GetObject', {
          requestParameters: { bucketName: 'b', key: 'k', versionId: 'v1' },
        }),
        roleCall('s3.amazonaws.com', 'GetObject', { requestParameters: { bucketName: 'b' } }),
      ]),
      'b.json': Buffer.from(
        JSON.stringify(
          {
            Records: [
              roleCall('lambda.amazonaws.com', 'CreateFunction20150331', {
                requestParameters: { functionName: 'f', role: role2 },
              }),
            ],
          },
          null,
          2,
        ),
      ),
    };
    const result = await readActivity(memorySource(files), {
      principal: role,
      window,
      concurrency: 2,
    });
    expect(result.events.map((e) => [e.eventName, e.count, e.facts])).toEqual([
      ['CreateFunction20150331', 1, [`role ${role2}`]],
      ['GetObject', 1, undefined],
      ['GetObject', 1, ['versionId']],
    ]);
  });

  it('makes a record of the role whose time cannot be read a coverage problem, not a call outside the window', async () => {
    const source = memorySource({
      'a.json.gz': trailFile([
        roleCall('sqs.amazonaws.com', 'DeleteQueue', { eventTime: 'yesterday' }),
        roleCall('sqs.amazonaws.com', 'DeleteQueue', { eventTime: '2026-02-30T00:00:00Z' }),
        roleCall('sqs.amazonaws.com', 'PurgeQueue', { eventTime: '2026-10-02T00:00:00Z' }),
      ]),
    });
    for (const fastPaths of [true, false]) {
      const result = await readActivity(source, {
        principal: role,
        window,
        concurrency: 1,
        fastPaths,
      });
      expect(result.counts).toMatchObject({
        recordsMatched: 1,
        recordsOutsideWindow: 0,
        recordsWithoutTime: 2,
      });
      expect(result.problems.map((p) => [p.kind, p.object])).toEqual([
        ['record-without-time', 'a.json.gz'],
      ]);
      expect(result.problems[0]!.message).toMatch(/^2 records of the role with an eventTime/);
    }
  });

  it('counts corrupt files with their reason and goes on', async () => {
    const good = roleCall('s3.amazonaws.com', 'GetObject');
    const source = memorySource({
      'bad-gzip.json.gz': Buffer.from([0x1f, 0x8b, 1, 2, 3]),
      'good.json.gz': trailFile([good]),
      'not-trail.json': Buffer.from('{"hello":"world"}'),
      'truncated.json': Buffer.from('{"Records":[{"eventName":'),
      'unreadable.json.gz': new Error('EACCES: permission denied'),
    });
    const result = await readActivity(source, { principal: role, window, concurrency: 3 });
    expect(result.counts).toMatchObject({
      filesListed: 5,
      filesRead: 1,
      filesFailed: 4,
      recordsMatched: 1,
    });
    expect(result.problems.map((p) => [p.object, p.kind, p.message.split(' (')[0]])).toEqual([
      ['bad-gzip.json.gz', 'file-failed', 'bad gzip data'],
      ['not-trail.json', 'file-failed', 'not a CloudTrail log file'],
      ['truncated.json', 'file-failed', 'truncated or invalid JSON'],
      ['unreadable.json.gz', 'file-failed', 'could not read: EACCES: permission denied'],
    ]);
  });

  it('gives the same result whatever the order files complete in', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) {
      files[`f${String(i).padStart(2, '0')}.json.gz`] = trailFile([
        roleCall('s3.amazonaws.com', i % 2 ? 'GetObject' : 'PutObject', {
          eventTime: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
        }),
        roleCall('dynamodb.amazonaws.com', 'Query', {
          awsRegion: i % 3 ? 'us-east-1' : 'eu-west-1',
        }),
      ]);
    }
    const one = await readActivity(memorySource(files), {
      principal: role,
      window,
      concurrency: 1,
    });
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const source = memorySource(reversed);
    const slowFirst = {
      ...source,
      read: async (o: { key: string }) => {
        await new Promise((r) => setTimeout(r, o.key < 'f10' ? 5 : 0));
        return source.read(o);
      },
    };
    const many = await readActivity(slowFirst, { principal: role, window, concurrency: 8 });
    expect(JSON.stringify(many.events)).toBe(JSON.stringify(one.events));
    expect(many.counts).toEqual(one.counts);
  });

  it('reports progress with totals', async () => {
    const seen: number[] = [];
    await readActivity(
      memorySource({ 'a.json': trailFile([roleCall('s3.amazonaws.com', 'GetObject')]) }),
      {
        principal: role,
        window,
        concurrency: 1,
        onProgress: (p) => seen.push(p.filesDone, p.filesTotal, p.records),
      },
    );
    expect(seen.slice(-3)).toEqual([1, 1, 1]);
  });

  it('reads files while the listing goes on, and says so in the progress', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++) {
      files[`f${i}.json`] = trailFile([
        roleCall('s3.amazonaws.com', 'GetObject', { eventID: `e${i}` }),
      ]);
    }
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const progress: { listing: boolean; filesTotal: number; filesDone: number }[] = [];
    const source: ActivitySource = {
      description: 'slow listing',
      async *list(): AsyncIterable<LogObject> {
        for (const key of Object.keys(files).slice(0, 3)) {
          events.push(`list ${key}`);
          yield { key };
        }
        // The rest is listed only once a file of the first page has been read.
        await gate;
        for (const key of Object.keys(files).slice(3)) {
          events.push(`list ${key}`);
          yield { key };
        }
      },
      read(object: LogObject): Promise<Uint8Array> {
        events.push(`read ${object.key}`);
        release();
        return Promise.resolve(files[object.key]!);
      },
    };
    const result = await readActivity(source, {
      principal: role,
      window,
      concurrency: 2,
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 1,
    });
    expect(events.indexOf('read f0.json')).toBeLessThan(events.indexOf('list f3.json'));
    expect(events.filter((e) => e.startsWith('read')).sort()).toEqual(
      Object.keys(files).map((key) => `read ${key}`),
    );
    expect(result.counts).toMatchObject({ filesListed: 6, filesRead: 6, recordsMatched: 6 });
    expect(progress.at(-1)).toMatchObject({ listing: false, filesTotal: 6, filesDone: 6 });
  });

  it('reports the files the source expects while the listing goes on', async () => {
    const files = trailFile([roleCall('s3.amazonaws.com', 'GetObject')]);
    const progress: ReadProgress[] = [];
    const source: ActivitySource = {
      description: 'paused listing',
      async *list(): AsyncIterable<LogObject> {
        yield { key: 'a.json.gz' };
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield { key: 'b.json.gz' };
      },
      read: () => Promise.resolve(files),
      expectedObjects: () => 5,
    };
    await readActivity(source, {
      principal: role,
      window,
      concurrency: 2,
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 5,
    });
    const whileListing = progress.filter((p) => p.listing);
    expect(whileListing.length).toBeGreaterThan(0);
    expect(whileListing.every((p) => p.filesExpected === 5)).toBe(true);
    expect(formatProgress(whileListing[0]!)).toMatch(/^files [01]\/~5 \(listing\)/);
    // Once listed, the total is the count, whatever was expected.
    expect(progress.at(-1)).toMatchObject({ listing: false, filesTotal: 2, filesDone: 2 });
    expect(progress.at(-1)!.filesExpected).toBeUndefined();
  });

  it('counts files found, read and failed per account, region and day', async () => {
    const key = (account: string, region: string, day: string, n: number): string =>
      `AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${day.replaceAll('-', '/')}/` +
      `${account}_CloudTrail_${region}_${day.replaceAll('-', '')}T0000Z_${n}.json.gz`;
    const good = trailFile([roleCall('s3.amazonaws.com', 'GetObject')]);
    const result = await readActivity(
      memorySource({
        [key('111122223333', 'us-east-1', '2026-10-02', 1)]: good,
        [key('111122223333', 'us-east-1', '2026-10-02', 2)]: Buffer.from('{"Records":['),
        [key('111122223333', 'eu-west-1', '2026-10-02', 1)]: good,
        [key('222233334444', 'us-east-1', '2026-10-01', 1)]: good,
        'loose/file.json': good,
      }),
      { principal: role, window, concurrency: 3 },
    );
    expect(result.days).toEqual([
      {
        account: '111122223333',
        region: 'eu-west-1',
        day: '2026-10-02',
        found: 1,
        read: 1,
        failed: 0,
      },
      {
        account: '111122223333',
        region: 'us-east-1',
        day: '2026-10-02',
        found: 2,
        read: 1,
        failed: 1,
      },
      {
        account: '222233334444',
        region: 'us-east-1',
        day: '2026-10-01',
        found: 1,
        read: 1,
        failed: 0,
      },
    ]);
    expect(result.counts).toMatchObject({ filesListed: 5, filesRead: 4, filesFailed: 1 });
  });

  it('fails when the listing fails, even after some files were read', async () => {
    const source: ActivitySource = {
      description: 'failing listing',
      async *list(): AsyncIterable<LogObject> {
        yield { key: 'a.json' };
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('s3://bucket: access denied');
      },
      read: () => Promise.resolve(trailFile([roleCall('s3.amazonaws.com', 'GetObject')])),
    };
    await expect(readActivity(source, { principal: role, window, concurrency: 2 })).rejects.toThrow(
      's3://bucket: access denied',
    );
  });
});

describe('ListingQueue', () => {
  it('pauses the listing while enough listed objects wait to be read', async () => {
    let listed = 0;
    const source: ActivitySource = {
      description: 'long listing',
      async *list(): AsyncIterable<LogObject> {
        await Promise.resolve();
        for (let i = 0; i < 200; i++) {
          listed++;
          yield { key: `f${String(i).padStart(3, '0')}` };
        }
      },
      read: () => Promise.reject(new Error('not used')),
    };
    const queue = new ListingQueue(source, 10);
    const ahead: number[] = [];
    const seen: string[] = [];
    let started = 0;
    await queue.forEach(3, async (object) => {
      started++;
      ahead.push(listed - started);
      seen.push(object.key);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => `f${String(i).padStart(3, '0')}`));
    expect(queue.listed).toBe(200);
    // Never more than the bound (and the one object the listing holds as it pauses) ahead.
    expect(Math.max(...ahead)).toBeLessThanOrEqual(11);
    expect(Math.max(...ahead)).toBeGreaterThanOrEqual(9);
  });
});

describe('formatProgress', () => {
  const base = { filesDone: 50, filesTotal: 200, bytes: 12_345_678, records: 5000 };
  it('gives the time left once everything is listed', () => {
    expect(formatProgress({ ...base, listing: false, elapsedMs: 10_000 })).toBe(
      'files 50/200, 12.3 MB, 5000 records, 500 records/s, about 30 s left',
    );
  });
  it('gives no time left while the listing goes on', () => {
    expect(formatProgress({ ...base, listing: true, elapsedMs: 10_000 })).toBe(
      'files 50/200+ (listing), 12.3 MB, 5000 records, 500 records/s',
    );
  });
  it('gives the time left while listing when the source expects a number of files', () => {
    expect(formatProgress({ ...base, listing: true, filesExpected: 400, elapsedMs: 10_000 })).toBe(
      'files 50/~400 (listing), 12.3 MB, 5000 records, 500 records/s, about 70 s left',
    );
  });
  it('gives no time left when done', () => {
    expect(
      formatProgress({ ...base, filesDone: 200, listing: false, elapsedMs: 10_000 }),
    ).not.toContain('left');
  });
});

describe('EventIdSet', () => {
  it('tells new IDs from repeated ones across growth', () => {
    const set = new EventIdSet();
    for (let i = 0; i < 20000; i++) expect(set.add(`id-${i}`)).toBe(true);
    for (let i = 0; i < 20000; i += 7) expect(set.add(`id-${i}`)).toBe(false);
    expect(set.size).toBe(20000);
  });

  it('empties and keeps its room for reuse', () => {
    const set = new EventIdSet();
    for (let i = 0; i < 20000; i++) set.add(`id-${i}`);
    const room = set.capacity;
    expect(room).toBeGreaterThanOrEqual(20000);
    set.clear();
    expect([set.size, set.capacity]).toEqual([0, room]);
    expect(set.add('id-1')).toBe(true);
    expect(set.add('id-1')).toBe(false);
  });
});
