import {
  CallDeduplicator,
  callKey,
  fileSpot,
  type FileSpot,
} from '../../../src/activity/aggregate/dedup.js';
import { readActivity } from '../../../src/activity/read.js';
import { parseRoleRef } from '../../../src/activity/principal.js';
import type { ActivitySource, LogObject } from '../../../src/activity/types.js';
import { memorySource, roleCall, ROLE_ARN, trailFile } from '../../fixtures/records.js';

/** A file of the trail delivered at `delivered` (`YYYY-MM-DDTHH:MM`). */
const spot = (delivered: string, account = '111122223333', region = 'us-east-1'): FileSpot => ({
  group: `${account}/${region}`,
  delivered,
});

/** Reads one file: begun, its calls checked. Returns which calls were new. */
function readFile(
  dedup: CallDeduplicator,
  at: FileSpot | undefined,
  calls: [string, string][],
): boolean[] {
  dedup.begin(at);
  const isNew = dedup.forFile(at);
  return calls.map(([id, time]) => isNew(callKey(id, 's3.amazonaws.com', 'GetObject'), time));
}

describe('CallDeduplicator', () => {
  it('finds a duplicate in a later file, across midnight and day folders', () => {
    const dedup = new CallDeduplicator();
    expect(readFile(dedup, spot('2026-10-01T23:59'), [['a', '2026-10-01T23:58:00Z']])).toEqual([
      true,
    ]);
    expect(
      readFile(dedup, spot('2026-10-02T00:04'), [
        ['a', '2026-10-01T23:58:00Z'],
        ['b', '2026-10-02T00:01:00Z'],
      ]),
    ).toEqual([false, true]);
    expect(readFile(dedup, spot('2026-10-02T00:09'), [['b', '2026-10-02T00:01:00Z']])).toEqual([
      false,
    ]);
    expect(dedup.unchecked).toBe(0);
  });

  it('keeps the IDs of a few hours, not of the whole trail', () => {
    const dedup = new CallDeduplicator();
    for (let h = 0; h < 48; h++) {
      const day = `2026-10-0${1 + Math.floor(h / 24)}`;
      const hour = `${day}T${String(h % 24).padStart(2, '0')}`;
      const calls: [string, string][] = Array.from({ length: 100 }, (_, i) => [
        `${hour}-${i}`,
        `${hour}:00:00Z`,
      ]);
      expect(readFile(dedup, spot(`${hour}:05`), calls).every(Boolean)).toBe(true);
      // The file's hour and the six before it: never more than seven hours of IDs.
      expect(dedup.kept).toBeLessThanOrEqual(700);
    }
    expect(dedup.kept).toBe(700);
  });

  it('drops an account and region once the listing has gone on to another and its files are done', () => {
    const dedup = new CallDeduplicator();
    readFile(dedup, spot('2026-10-01T10:00'), [['a', '2026-10-01T09:58:00Z']]);
    expect(dedup.kept).toBe(1);
    readFile(dedup, spot('2026-10-01T00:00', '111122223333', 'us-west-2'), [
      ['b', '2026-10-01T09:58:00Z'],
    ]);
    expect(dedup.kept).toBe(1);
  });

  it('takes calls that share an event ID but differ in source, name or time for different calls', () => {
    const dedup = new CallDeduplicator();
    const at = spot('2026-10-01T10:00');
    dedup.begin(at);
    const isNew = dedup.forFile(at);
    expect(isNew(callKey('same', 's3.amazonaws.com', 'GetObject'), '2026-10-01T09:58:00Z')).toBe(
      true,
    );
    expect(isNew(callKey('same', 's3.amazonaws.com', 'PutObject'), '2026-10-01T09:58:00Z')).toBe(
      true,
    );
    expect(isNew(callKey('same', 'sqs.amazonaws.com', 'GetObject'), '2026-10-01T09:58:00Z')).toBe(
      true,
    );
    expect(isNew(callKey('same', 's3.amazonaws.com', 'GetObject'), '2026-10-01T09:58:01Z')).toBe(
      true,
    );
    expect(isNew(callKey('same', 's3.amazonaws.com', 'GetObject'), '2026-10-01T09:58:00Z')).toBe(
      false,
    );
    dedup.begin(undefined);
    const loose = dedup.forFile(undefined);
    expect(loose(callKey('x', 'a', 'B'), '2026-10-01T09:58:00Z')).toBe(true);
    expect(loose(callKey('x', 'a', 'C'), '2026-10-01T09:58:00Z')).toBe(true);
    expect(loose(callKey('x', 'a', 'C'), '2026-10-01T09:58:00Z')).toBe(false);
  });

  it('counts the calls of an hour read again after its IDs were dropped', () => {
    const dedup = new CallDeduplicator();
    readFile(dedup, spot('2026-10-01T10:00'), [['a', '2026-10-01T09:59:00Z']]);
    readFile(dedup, spot('2026-10-01T00:00', '111122223333', 'us-west-2'), []);
    // A second trail's copy of the first account and region: it cannot be checked.
    expect(
      readFile(dedup, spot('2026-10-01T10:00'), [
        ['a', '2026-10-01T09:59:00Z'],
        ['c', '2026-10-01T09:59:30Z'],
        ['c', '2026-10-01T09:59:30Z'],
      ]),
    ).toEqual([true, true, false]);
    expect(dedup.unchecked).toBe(2);
  });

  it('counts an event delivered long after its hour was dropped', () => {
    const dedup = new CallDeduplicator();
    readFile(dedup, spot('2026-10-01T10:00'), [['a', '2026-10-01T09:59:00Z']]);
    readFile(dedup, spot('2026-10-01T18:00'), [['b', '2026-10-01T17:59:00Z']]);
    expect(readFile(dedup, spot('2026-10-01T18:05'), [['a', '2026-10-01T09:59:00Z']])).toEqual([
      true,
    ]);
    expect(dedup.unchecked).toBe(1);
  });

  it('reads a second pass over an account and region as a pass of its own', () => {
    const dedup = new CallDeduplicator();
    const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}`;
    for (let d = 1; d <= 9; d++) {
      readFile(dedup, spot(`${day(d)}T10:00`), [[`a${d}`, `${day(d)}T09:50:00Z`]]);
    }
    readFile(dedup, spot(`${day(1)}T00:00`, '111122223333', 'us-west-2'), []);
    // The second trail's copy: its own duplicates are found file after file, and each of its
    // new calls is counted as unchecked against the first pass.
    for (let d = 1; d <= 9; d++) {
      expect(
        readFile(dedup, spot(`${day(d)}T10:00`), [
          [`a${d}`, `${day(d)}T09:50:00Z`],
          [`b${d}`, `${day(d)}T09:55:00Z`],
        ]),
      ).toEqual([true, true]);
      expect(readFile(dedup, spot(`${day(d)}T10:05`), [[`b${d}`, `${day(d)}T09:55:00Z`]])).toEqual([
        false,
      ]);
    }
    expect(dedup.unchecked).toBe(18);
    expect(dedup.kept).toBeLessThanOrEqual(2);
  });

  it('keeps every ID of files outside the trail layout', () => {
    const dedup = new CallDeduplicator();
    expect(readFile(dedup, undefined, [['a', '2026-10-01T10:00:00Z']])).toEqual([true]);
    for (let d = 2; d <= 9; d++) readFile(dedup, spot(`2026-10-0${d}T00:00`), []);
    expect(readFile(dedup, undefined, [['a', '2026-10-01T10:00:00Z']])).toEqual([false]);
  });

  it('takes a file’s delivery time from its name, else from its day folder', () => {
    const folder = { account: '111122223333', region: 'eu-west-1', day: '2026-10-01' };
    expect(
      fileSpot(
        'AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2026/10/01/111122223333_CloudTrail_eu-west-1_20261001T2355Z_AbCd.json.gz',
        folder,
      ),
    ).toEqual({ group: '111122223333/eu-west-1', delivered: '2026-10-01T23:55' });
    expect(
      fileSpot('AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2026/10/01/x.json', folder),
    ).toEqual({ group: '111122223333/eu-west-1', delivered: '2026-10-01T00:00' });
    expect(fileSpot('flat/x.json', undefined)).toBeUndefined();
  });
});

describe('readActivity de-duplication over the trail layout', () => {
  const role = parseRoleRef(ROLE_ARN, 'r');
  const window = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
  const key = (prefix: string, region: string, day: string, n: number): string =>
    `${prefix}AWSLogs/111122223333/CloudTrail/${region}/2026/10/${day}/111122223333_CloudTrail_${region}_202610${day}T0000Z_${n}.json.gz`;

  it('counts a repeated event ID once across day folders, and flags a day read twice', async () => {
    const a = roleCall('s3.amazonaws.com', 'GetObject', { eventTime: '2026-10-01T23:59:00Z' });
    const b = roleCall('s3.amazonaws.com', 'PutObject', { eventTime: '2026-10-05T10:00:00Z' });
    const files: Record<string, Uint8Array> = {
      [key('', 'us-east-1', '01', 1)]: trailFile([a]),
      [key('', 'us-east-1', '02', 1)]: trailFile([a]),
      [key('', 'us-east-1', '05', 1)]: trailFile([b]),
    };
    for (let day = 10; day <= 20; day++) {
      files[key('', 'us-east-1', String(day), 1)] = trailFile([
        roleCall('s3.amazonaws.com', 'GetObject', { eventTime: `2026-10-${day}T10:00:00Z` }),
      ]);
    }
    const once = await readActivity(memorySource(files), {
      principal: role,
      window,
      concurrency: 4,
    });
    expect(once.counts).toMatchObject({
      recordsMatched: 13,
      duplicateRecords: 1,
      recordsNotDeduplicated: 0,
    });

    // The same account and region again under another trail's prefix, listed after the first.
    const twice = await readActivity(
      memorySource({ ...files, [key('z-other-trail/', 'us-east-1', '05', 1)]: trailFile([b]) }),
      { principal: role, window, concurrency: 4 },
    );
    expect(twice.counts).toMatchObject({
      recordsMatched: 14,
      duplicateRecords: 1,
      recordsNotDeduplicated: 1,
    });
    // What the role did does not change; only the count of its calls.
    expect(twice.events.map((e) => [e.eventName, e.count])).toEqual([
      ['GetObject', 12],
      ['PutObject', 2],
    ]);
  });

  /** The files of `files`, each read after the delay `order` gives it: files finish in any order. */
  const delayed = (files: Record<string, Uint8Array>, delays: number[]): ActivitySource => {
    const inner = memorySource(files);
    const keys = Object.keys(files).sort();
    return {
      ...inner,
      async read(object: LogObject): Promise<Uint8Array> {
        const delay = delays[keys.indexOf(object.key) % delays.length]!;
        await new Promise((resolve) => setTimeout(resolve, delay));
        return inner.read(object);
      },
    };
  };

  it('gives the same counts whatever the order files finish in (an event delivered twice, hours apart)', async () => {
    const at = (hhmm: string, n: number): string =>
      `AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/02/111122223333_CloudTrail_us-east-1_20261002T${hhmm}Z_${n}.json.gz`;
    const early = roleCall('sqs.amazonaws.com', 'DeleteQueue', {
      eventTime: '2026-10-02T00:55:00Z',
    });
    const files: Record<string, Uint8Array> = {
      [at('0100', 1)]: trailFile([early]),
      // Delivered again eight hours later, beyond the hours whose IDs are kept.
      [at('0900', 2)]: trailFile([early]),
    };
    for (let h = 2; h <= 8; h++) {
      files[at(`0${h}00`, 3)] = trailFile([
        roleCall('s3.amazonaws.com', 'GetObject', { eventTime: `2026-10-02T0${h - 1}:50:00Z` }),
      ]);
    }
    const results = [];
    // The first file last, the late copy first, in order, and shuffled; inline and with workers.
    for (const delays of [
      [40, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 40],
      [0],
      [7, 1, 12, 3, 0, 9, 2, 15, 4],
    ]) {
      for (const concurrency of [1, 3, 9]) {
        const result = await readActivity(delayed(files, delays), {
          principal: role,
          window,
          concurrency,
          workers: 0,
        });
        results.push(JSON.stringify([result.counts, result.events]));
      }
    }
    expect(new Set(results).size).toBe(1);
    expect((JSON.parse(results[0]!) as unknown[])[0]).toMatchObject({
      recordsMatched: 9,
      duplicateRecords: 0,
      recordsNotDeduplicated: 1,
    });
  });

  it('counts two different calls that share an event ID as two', async () => {
    const a = roleCall('s3.amazonaws.com', 'GetObject', { eventID: 'shared' });
    const b = roleCall('sqs.amazonaws.com', 'DeleteQueue', { eventID: 'shared' });
    const result = await readActivity(
      memorySource({ [key('', 'us-east-1', '02', 1)]: trailFile([a, b, a]) }),
      { principal: role, window, concurrency: 1 },
    );
    expect(result.counts).toMatchObject({ recordsMatched: 2, duplicateRecords: 1 });
    expect(result.events.map((e) => e.eventName)).toEqual(['GetObject', 'DeleteQueue']);
  });
});
