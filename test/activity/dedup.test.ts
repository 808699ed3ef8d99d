import { CallDeduplicator, type FileFolder } from '../../src/activity/dedup.js';
import { readActivity } from '../../src/activity/read.js';
import { parseRoleRef } from '../../src/activity/principal.js';
import { memorySource, roleCall, ROLE_ARN, trailFile } from '../fixtures/records.js';

const folder = (day: string, account = '111122223333', region = 'us-east-1'): FileFolder => ({
  account,
  region,
  day,
});

/** Reads one file: started, its calls checked, finished. Returns which calls were new. */
function readFile(
  dedup: CallDeduplicator,
  at: FileFolder | undefined,
  calls: [string, string][],
): boolean[] {
  dedup.started(at);
  const isNew = dedup.forFile(at);
  const result = calls.map(([id, time]) => isNew(id, time));
  dedup.finished(at);
  return result;
}

describe('CallDeduplicator', () => {
  it('finds a duplicate in the same day folder and in the next one', () => {
    const dedup = new CallDeduplicator();
    expect(readFile(dedup, folder('2026-10-01'), [['a', '2026-10-01T23:58:00Z']])).toEqual([true]);
    expect(
      readFile(dedup, folder('2026-10-01'), [
        ['a', '2026-10-01T23:58:00Z'],
        ['b', '2026-10-01T23:59:00Z'],
      ]),
    ).toEqual([false, true]);
    // Delivered after midnight, into the next day's folder.
    expect(readFile(dedup, folder('2026-10-02'), [['b', '2026-10-01T23:59:00Z']])).toEqual([false]);
    expect(dedup.unchecked).toBe(0);
  });

  it('keeps the IDs of a few days, not of the whole trail', () => {
    const dedup = new CallDeduplicator();
    for (let d = 1; d <= 30; d++) {
      const day = `2026-10-${String(d).padStart(2, '0')}`;
      const calls: [string, string][] = Array.from({ length: 100 }, (_, i) => [
        `${day}-${i}`,
        `${day}T10:00:00Z`,
      ]);
      expect(readFile(dedup, folder(day), calls).every(Boolean)).toBe(true);
      // Today's, yesterday's and the day before's: never more than three days of IDs.
      expect(dedup.kept).toBeLessThanOrEqual(300);
    }
    expect(dedup.kept).toBe(300);
  });

  it('drops an account and region once the listing has gone on to another and its files are done', () => {
    const dedup = new CallDeduplicator();
    readFile(dedup, folder('2026-10-01'), [['a', '2026-10-01T10:00:00Z']]);
    expect(dedup.kept).toBe(1);
    readFile(dedup, folder('2026-10-01', '111122223333', 'us-west-2'), [
      ['b', '2026-10-01T10:00:00Z'],
    ]);
    expect(dedup.kept).toBe(1);
  });

  it('does not drop a day while a file of it or before it is still being read', () => {
    const dedup = new CallDeduplicator();
    const d1 = folder('2026-10-01');
    const d2 = folder('2026-10-02');
    const d4 = folder('2026-10-04');
    dedup.started(d1);
    dedup.started(d2);
    dedup.started(d4);
    // The last file handed out completes first.
    expect(dedup.forFile(d4)('late', '2026-10-04T10:00:00Z')).toBe(true);
    dedup.finished(d4);
    expect(dedup.forFile(d1)('x', '2026-10-01T10:00:00Z')).toBe(true);
    dedup.finished(d1);
    // The same event, delivered again in the next day's folder, read last.
    expect(dedup.forFile(d2)('x', '2026-10-01T10:00:00Z')).toBe(false);
    dedup.finished(d2);
    expect(dedup.unchecked).toBe(0);
  });

  it('counts the calls of a day read again after its IDs were dropped', () => {
    const dedup = new CallDeduplicator();
    readFile(dedup, folder('2026-10-01'), [['a', '2026-10-01T10:00:00Z']]);
    readFile(dedup, folder('2026-10-01', '111122223333', 'us-west-2'), []);
    // A second trail's copy of the first account and region: it cannot be checked.
    expect(
      readFile(dedup, folder('2026-10-01'), [
        ['a', '2026-10-01T10:00:00Z'],
        ['c', '2026-10-01T11:00:00Z'],
        ['c', '2026-10-01T11:00:00Z'],
      ]),
    ).toEqual([true, true, false]);
    expect(dedup.unchecked).toBe(2);
  });

  it('reads a second pass over an account and region as a pass of its own', () => {
    const dedup = new CallDeduplicator();
    const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}`;
    for (let d = 1; d <= 9; d++)
      readFile(dedup, folder(day(d)), [[`a${d}`, `${day(d)}T10:00:00Z`]]);
    readFile(dedup, folder(day(1), '111122223333', 'us-west-2'), []);
    // The second trail's copy: its own duplicates are found day after day, and each of its new
    // calls is counted as unchecked against the first pass.
    for (let d = 1; d <= 9; d++) {
      expect(
        readFile(dedup, folder(day(d)), [
          [`a${d}`, `${day(d)}T10:00:00Z`],
          [`b${d}`, `${day(d)}T11:00:00Z`],
        ]),
      ).toEqual([true, true]);
      expect(readFile(dedup, folder(day(d)), [[`b${d}`, `${day(d)}T11:00:00Z`]])).toEqual([false]);
    }
    expect(dedup.unchecked).toBe(18);
    expect(dedup.kept).toBeLessThanOrEqual(6);
  });

  it('keeps every ID of files outside the trail layout', () => {
    const dedup = new CallDeduplicator();
    expect(readFile(dedup, undefined, [['a', '2026-10-01T10:00:00Z']])).toEqual([true]);
    for (let d = 2; d <= 9; d++) readFile(dedup, folder(`2026-10-0${d}`), []);
    expect(readFile(dedup, undefined, [['a', '2026-10-01T10:00:00Z']])).toEqual([false]);
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
    const once = await readActivity(memorySource(files), { role, window, concurrency: 4 });
    expect(once.counts).toMatchObject({
      recordsMatched: 13,
      duplicateRecords: 1,
      recordsNotDeduplicated: 0,
    });

    // The same account and region again under another trail's prefix, listed after the first.
    const twice = await readActivity(
      memorySource({ ...files, [key('z-other-trail/', 'us-east-1', '05', 1)]: trailFile([b]) }),
      { role, window, concurrency: 4 },
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
});
