/**
 * The benchmark's fleet trail (issue 15): each role in its own tenth of the files, the truth of
 * each role what its records hold (and what the reader finds), and without `fleet` the very
 * trail the benchmark always generated, which the other tests and the README's figures use.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  DEFAULT_SPEC,
  fleetRoleArns,
  generateTrail,
  type TrailSpec,
  type TrailTruth,
} from '../../bench/generate.js';
import { parseRoleRef } from '../../src/activity/principal.js';
import { readFleet } from '../../src/activity/read.js';
import { memorySource } from '../fixtures/records.js';

/** The trail `npm run bench -- --sizes 20000 --scenarios fleet` reads. */
const FLEET: TrailSpec = {
  ...DEFAULT_SPEC,
  seed: DEFAULT_SPEC.seed + 20_000,
  records: 20_000,
  fleet: 10,
};

interface TrailRecord {
  userIdentity?: { sessionContext?: { sessionIssuer?: { arn?: string } } };
  eventTime: string;
  eventType: string;
  eventID: string;
}

/** One role's figures, counted from the records as `TrailTruth` defines them. */
interface Counted {
  files: number;
  recordsMatched: number;
  duplicateRecords: number;
  recordsOutsideWindow: number;
  recordsNotApiCalls: number;
}

interface Parsed {
  truth: TrailTruth;
  files: { key: string; text: string }[];
  /** Per file, how many roles made records in it. */
  rolesPerFile: number[];
  counted: Counted[];
  /** The longest time from a call to the delivery of a duplicate of it. */
  maxDuplicateDelayMs: number;
}

/** When a file was delivered, from its name (`..._20261001T0005Z_...`). */
function deliveredAt(key: string): number {
  const [, d, h, m] = /_(\d{8})T(\d{2})(\d{2})Z_/.exec(key)!;
  return Date.parse(`${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6)}T${h}:${m}:00Z`);
}

/** Generates the trail and counts each role's records (by its session issuer) in every file. */
function parse(spec: TrailSpec): Parsed {
  const arns = fleetRoleArns(spec);
  const { files, truth } = generateTrail(spec);
  const all = [...files];
  const counted: Counted[] = arns.map(() => ({
    files: 0,
    recordsMatched: 0,
    duplicateRecords: 0,
    recordsOutsideWindow: 0,
    recordsNotApiCalls: 0,
  }));
  const ids = arns.map(() => new Set<string>());
  const rolesPerFile: number[] = [];
  let maxDuplicateDelayMs = 0;
  for (const file of all) {
    const present = new Set<number>();
    for (const record of (JSON.parse(file.text) as { Records: TrailRecord[] }).Records) {
      const role = arns.indexOf(record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? '');
      if (role < 0) continue;
      present.add(role);
      const own = counted[role]!;
      if (record.eventTime < truth.window.from || record.eventTime >= truth.window.to) {
        own.recordsOutsideWindow++;
      } else if (record.eventType !== 'AwsApiCall') {
        own.recordsNotApiCalls++;
      } else if (ids[role]!.has(record.eventID)) {
        own.duplicateRecords++;
        const delay = deliveredAt(file.key) - Date.parse(record.eventTime);
        maxDuplicateDelayMs = Math.max(maxDuplicateDelayMs, delay);
      } else {
        ids[role]!.add(record.eventID);
        own.recordsMatched++;
      }
    }
    for (const role of present) counted[role]!.files++;
    rolesPerFile.push(present.size);
  }
  return { truth, files: all, rolesPerFile, counted, maxDuplicateDelayMs };
}

/** The hash of every file's key and text, and the truth once they are all generated. */
function digest(spec: TrailSpec): { hash: string; truth: TrailTruth } {
  const hash = createHash('sha256');
  const { files, truth } = generateTrail(spec);
  for (const file of files) hash.update(`${file.key}\0${file.text}\0`);
  return { hash: hash.digest('hex'), truth };
}

describe("the benchmark's fleet trail", () => {
  let fleet: Parsed;
  beforeAll(() => {
    fleet = parse(FLEET);
  });

  it('names ten roles, none of whose names holds another', () => {
    const arns = fleetRoleArns(FLEET);
    expect(arns).toHaveLength(10);
    expect(arns[0]).toBe(DEFAULT_SPEC.roleArn);
    const names = arns.map((arn) => arn.split('/').pop()!);
    for (const a of names) {
      expect(names.filter((b) => b.includes(a))).toEqual([a]);
    }
  });

  it('puts each role in its own tenth of the files, overlapping as independent samples', () => {
    const { truth, rolesPerFile, counted } = fleet;
    expect(truth.files).toBe(200);
    expect(truth.roles).toHaveLength(10);
    for (const [i, role] of truth.roles!.entries()) {
      expect(role.roleFiles).toBe(20);
      // A chosen file too small to draw one of its records holds none.
      expect(counted[i]!.files).toBeLessThanOrEqual(role.roleFiles);
      expect(counted[i]!.files).toBeGreaterThanOrEqual(0.8 * role.roleFiles);
    }
    // Independent tenths: about 0.9^10 = 35 % of the files hold no role, and some several.
    const none = rolesPerFile.filter((n) => n === 0).length / rolesPerFile.length;
    expect(none).toBeGreaterThan(0.2);
    expect(none).toBeLessThan(0.5);
    expect(rolesPerFile.filter((n) => n >= 2).length).toBeGreaterThan(10);
  });

  it.each([
    ['ten roles in a tenth of the files each', FLEET],
    // 3 × 0.5 > 1: where all three are, each makes a third of the records.
    [
      'three roles in every file, each half of the records',
      { ...FLEET, records: 4000, roleFileShare: 1, roleRecordShare: 0.5, fleet: 3 },
    ],
  ])("gives each role's figures as its records hold them: %s", (_label, spec) => {
    const { truth, counted, maxDuplicateDelayMs } = spec === FLEET ? fleet : parse(spec);
    expect(truth.roles).toHaveLength(spec.fleet!);
    // The reader finds every duplicate delivered within six hours of its call.
    expect(maxDuplicateDelayMs).toBeLessThanOrEqual(3 * 3_600_000);
    for (const [i, role] of truth.roles!.entries()) {
      const { files: _files, ...figures } = counted[i]!;
      expect({ role: role.roleArn, ...figures }).toEqual({
        role: role.roleArn,
        recordsMatched: role.recordsMatched,
        duplicateRecords: role.duplicateRecords,
        recordsOutsideWindow: role.recordsOutsideWindow,
        recordsNotApiCalls: role.recordsNotApiCalls,
      });
      expect(role.recordsMatched).toBeGreaterThan(0);
    }
    // The top level is the first role's, as a single-role trail's is.
    const { roleArn: _arn, ...first } = truth.roles![0]!;
    expect(truth).toMatchObject(first);
  });

  it('holds, for every role, what one read of the fleet finds', async () => {
    const { truth, files } = fleet;
    const stored: Record<string, Uint8Array> = {};
    for (const file of files) stored[file.key] = gzipSync(file.text, { level: 1 });
    const arns = fleetRoleArns(FLEET);
    const read = await readFleet(memorySource(stored), {
      principals: arns.map((arn) => parseRoleRef(arn, 'role')),
      window: { from: new Date(truth.window.from), to: new Date(truth.window.to) },
      concurrency: 4,
      workers: 0,
    });
    expect(read.files).toMatchObject({
      filesRead: truth.files,
      filesFailed: 0,
      bytesRead: truth.bytes,
      recordsRead: truth.records,
    });
    for (const [i, role] of truth.roles!.entries()) {
      expect({ role: role.roleArn, ...read.principals[i]!.counts }).toMatchObject({
        role: role.roleArn,
        recordsMatched: role.recordsMatched,
        duplicateRecords: role.duplicateRecords,
        recordsOutsideWindow: role.recordsOutsideWindow,
        recordsNotApiCalls: role.recordsNotApiCalls,
      });
    }
  });

  it('is, without a fleet or with a fleet of one, the single-role trail it always was', () => {
    const spec: TrailSpec = { ...DEFAULT_SPEC, records: 2000, recordsPerFile: 40 };
    const before = digest(spec);
    // The files generated before fleets existed (bench/generate.ts of commit b4f6cf6).
    expect(before.hash).toBe('9dbb8fe2feaaf43dd4268e3bb5f03a92f50cc890b1ebd0182d626c9a477d30cb');
    expect(before.truth).not.toHaveProperty('roles');
    expect(digest({ ...spec, fleet: 1 })).toEqual(before);
  });
});
