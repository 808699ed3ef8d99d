/**
 * One read for many principals: each principal's part of a fleet's read is what a read of that
 * principal alone gives, whatever the fast paths, the threads, or the other principals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  activityOf,
  readActivity,
  readFleet,
  type ActivityResult,
} from '../../src/activity/read.js';
import { parsePrincipalRef, type PrincipalRef } from '../../src/activity/principal.js';
import { createLocalSource } from '../../src/activity/sources/local.js';
import type { CloudTrailRecord } from '../../src/activity/types.js';
import { memorySource, roleCall, trailFile, userCall, USER_ARN } from '../fixtures/records.js';
import { buildWorkerScript } from '../support/worker-script.js';
import {
  parseRecords,
  readText,
  REAL_DATA_DIR,
  REAL_DATA_PRESENT,
  realFiles,
} from '../support/real-records.js';

const ALWAYS = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
const OCTOBER = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'org-trail');

/** What a report takes from a principal's activity (not how the files were read). */
function results(result: ActivityResult): unknown {
  const { reading: _reading, ...rest } = result;
  return rest;
}

const role = (ref: string): PrincipalRef => parsePrincipalRef(ref, 'role', '--role');
const user = (ref: string): PrincipalRef => parsePrincipalRef(ref, 'user', '--user');

/** The example trail's principals, and some it does not have. */
const EXAMPLE_FLEET = [
  role('arn:aws:iam::111122223333:role/service/orders-api'),
  role('orders-api'), // by name: its twin in the other account too
  role('ci-deployer'),
  user('arn:aws:iam::111122223333:user/maria.lopez'),
  user('ops-admin'),
  user('orders-api'), // no such user: a role of that name is not it
  role('arn:aws:iam::111122223333:role/ghost'),
];

describe('reading a fleet', () => {
  let workerScript: URL;
  beforeAll(() => {
    workerScript = buildWorkerScript();
  });

  it('gives each principal of the example what a read of it alone gives, in one read', async () => {
    const source = () => createLocalSource(EXAMPLE, '--logs');
    const fleet = await readFleet(source(), {
      principals: EXAMPLE_FLEET,
      window: OCTOBER,
      concurrency: 4,
      workers: 2,
      workerScript,
    });
    expect(fleet.principals).toHaveLength(EXAMPLE_FLEET.length);
    for (const [i, principal] of EXAMPLE_FLEET.entries()) {
      const alone = await readActivity(source(), {
        principal,
        window: OCTOBER,
        concurrency: 4,
        workers: 0,
      });
      expect(results(activityOf(fleet, i))).toEqual(results(alone));
    }
    const matched = fleet.principals.map((p) => p.counts.recordsMatched);
    // The role by ARN, by name (both accounts: more), CI, two users; then nobody.
    expect(matched[0]).toBeGreaterThan(100);
    expect(matched[1]).toBeGreaterThan(matched[0]!);
    expect(matched.slice(2, 5).every((n) => n > 0)).toBe(true);
    expect(matched.slice(5)).toEqual([0, 0]);
    expect(fleet.principals[6]!.lookalikes?.[0]).toBe(
      'arn:aws:iam::111122223333:role/service/orders-api',
    );
    // The files are read once: counted once, not once per principal.
    const alone = await readActivity(source(), {
      principal: EXAMPLE_FLEET[0]!,
      window: OCTOBER,
      concurrency: 4,
    });
    expect(fleet.files).toEqual({
      filesListed: alone.counts.filesListed,
      filesRead: alone.counts.filesRead,
      filesFailed: alone.counts.filesFailed,
      bytesRead: alone.counts.bytesRead,
      recordsRead: alone.counts.recordsRead,
    });
  });

  it('gives the same with and without fast paths, with and without worker threads', async () => {
    const read = (fastPaths: boolean, workers: number) =>
      readFleet(createLocalSource(EXAMPLE, '--logs'), {
        principals: EXAMPLE_FLEET,
        window: OCTOBER,
        concurrency: 4,
        fastPaths,
        workers,
        workerScript,
      });
    const reference = await read(false, 0);
    for (const [fastPaths, workers] of [
      [true, 0],
      [true, 2],
      [false, 2],
    ] as const) {
      const fleet = await read(fastPaths, workers);
      expect(fleet.principals).toEqual(reference.principals);
      expect(fleet.files).toEqual(reference.files);
    }
    expect((await read(true, 0)).reading.files.skipped).toBeGreaterThan(0);
  });

  it('reads pretty-printed files on the fast paths, with the same results', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const path of walk(EXAMPLE)) {
      const text = gunzipSync(readFileSync(path)).toString('utf8');
      files[relative(EXAMPLE, path)] = Buffer.from(JSON.stringify(JSON.parse(text), null, 2));
    }
    const read = (fastPaths: boolean) =>
      readFleet(memorySource(files), {
        principals: EXAMPLE_FLEET,
        window: OCTOBER,
        concurrency: 4,
        fastPaths,
        workers: 0,
      });
    const [fast, whole] = [await read(true), await read(false)];
    expect(fast.principals).toEqual(whole.principals);
    expect(fast.reading.files.parsed).toBe(0);
    expect(fast.reading.files['partly-parsed']).toBeGreaterThan(0);
  });

  it('counts a call that two principals match (a role by name and by ARN) for each', async () => {
    const arn = 'arn:aws:iam::111122223333:role/service/orders-api';
    const call = roleCall('sqs.amazonaws.com', 'SendMessage', { roleArn: arn });
    const files = {
      'a.json': trailFile([call, userCall('sqs.amazonaws.com', 'ReceiveMessage')]),
      // The same event delivered twice: one call for each principal still.
      'b.json': trailFile([call]),
    };
    const fleet = await readFleet(memorySource(files), {
      principals: [role(arn), role('orders-api'), user(USER_ARN)],
      window: ALWAYS,
      concurrency: 2,
      workers: 0,
    });
    expect(fleet.principals.map((p) => p.counts.recordsMatched)).toEqual([1, 1, 1]);
    expect(fleet.principals.map((p) => p.counts.duplicateRecords)).toEqual([1, 1, 0]);
    expect(fleet.principals.map((p) => p.issuers)).toEqual([[arn], [arn], [USER_ARN]]);
    expect(fleet.principals[2]!.events.map((e) => e.eventName)).toEqual(['ReceiveMessage']);
  });

  it('keeps records without a time to the principal whose they are', async () => {
    const timeless = roleCall('sqs.amazonaws.com', 'SendMessage', { eventTime: 'yesterday' });
    const fleet = await readFleet(
      memorySource({
        'a.json': trailFile([timeless, userCall('s3.amazonaws.com', 'ListBuckets')]),
      }),
      {
        principals: [role('orders-api'), user(USER_ARN)],
        window: ALWAYS,
        concurrency: 1,
        workers: 0,
      },
    );
    expect(fleet.principals[0]!.problems.map((p) => p.kind)).toEqual(['record-without-time']);
    expect(fleet.principals[0]!.problems[0]!.message).toMatch(/^1 record of the role /);
    expect(fleet.principals[1]!.problems).toEqual([]);
    expect(activityOf(fleet, 1).problems).toEqual([]);
  });

  const describeReal = REAL_DATA_PRESENT ? describe : describe.skip;
  if (!REAL_DATA_PRESENT) console.log(`skipping the real records: ${REAL_DATA_DIR} is absent`);

  describeReal('on the real records in ../shared/data/cloudtrail', () => {
    it('every role and user at once, each as if read alone', async () => {
      const files: Record<string, Uint8Array> = {};
      const principals = new Map<string, PrincipalRef>();
      for (const path of realFiles()) {
        const text = readText(path);
        files[relative(REAL_DATA_DIR, path)] = readFileSync(path);
        for (const record of (parseRecords(text) ?? []) as CloudTrailRecord[]) {
          const identity = record.userIdentity;
          const issuer = identity?.sessionContext?.sessionIssuer?.arn;
          const arn = identity?.type === 'IAMUser' ? identity.arn : issuer;
          if (typeof arn !== 'string' || principals.has(arn)) continue;
          try {
            principals.set(
              arn,
              parsePrincipalRef(arn, arn.includes(':user/') ? 'user' : 'role', 'p'),
            );
          } catch {
            // not an ARN the tool takes
          }
        }
      }
      const fleet = [...principals.values()];
      expect(fleet.length).toBeGreaterThan(20);
      const read = await readFleet(memorySource(files), {
        principals: fleet,
        window: ALWAYS,
        concurrency: 4,
        workers: 2,
        workerScript,
      });
      let matched = 0;
      for (const [i, principal] of fleet.entries()) {
        const alone = await readActivity(memorySource(files), {
          principal,
          window: ALWAYS,
          concurrency: 4,
          workers: 0,
        });
        expect(results(activityOf(read, i))).toEqual(results(alone));
        matched += alone.counts.recordsMatched;
      }
      expect(matched).toBeGreaterThan(2500);
    });
  });
});

/** The log files under a folder (not the digests). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !e.parentPath.includes('Digest'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
