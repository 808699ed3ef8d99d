/** What the scans of a read add up to (see `ReadTotals`); read.ts feeds it in listing order. */
import { CallDeduplicator, callKey, fileSpot, type FileSpot } from './dedup.js';
import { EventUsageAggregator } from './event-usage.js';
import { CALL_STRIDE, type FileScan, type ScanPath } from '../scan/scan.js';
import { placeLogFile } from '../sources/layout.js';
import type { CoverageProblem, LogObject } from '../types.js';
import { byCodeUnits } from '../../util/order.js';
import type { PrincipalType } from '../principal.js';

/** What is counted of the files of a read, whoever's records they hold. */
export interface FileCounts {
  filesListed: number;
  filesRead: number;
  filesFailed: number;
  /** Uncompressed bytes of the files read. */
  bytesRead: number;
  /** Records in the files read; in a file that names no principal, counted unparsed. */
  recordsRead: number;
}

/** What is counted of one principal's records. */
export interface PrincipalCounts {
  /** The principal's API calls in the window, each event ID counted once. */
  recordsMatched: number;
  /** The principal's records that appeared again with an event ID already counted. */
  duplicateRecords: number;
  /**
   * The principal's calls that could not be checked against every call of their account,
   * region and hour read before, whose IDs were no longer kept (the same hour read twice: two
   * trails in one folder, or a file delivered hours late). Call counts may include that many
   * duplicates.
   */
  recordsNotDeduplicated: number;
  /** The principal's records outside the window (files are listed with a day of margin). */
  recordsOutsideWindow: number;
  /**
   * The principal's records whose `eventTime` is missing or not a time: in the window or not,
   * no one can say, so its coverage is incomplete when there are any.
   */
  recordsWithoutTime: number;
  /** The principal's records that are not API calls (service events, console sign-ins, ...). */
  recordsNotApiCalls: number;
}

/** The counts of a read as one principal's report shows them: the files', and its own. */
export type ReadCounts = FileCounts & PrincipalCounts;

export interface DayCoverage {
  account: string;
  region: string;
  /** `YYYY-MM-DD`, the day folder the files were delivered to. */
  day: string;
  found: number;
  read: number;
  failed: number;
}

/** Other callers whose records mention a principal's name, kept at most. */
const MAX_OTHERS_KEPT = 256;

/** One principal's part of a read: its counts, events, callers' ARNs and problems. */
export class PrincipalTotals {
  readonly counts: PrincipalCounts = {
    recordsMatched: 0,
    duplicateRecords: 0,
    recordsNotDeduplicated: 0,
    recordsOutsideWindow: 0,
    recordsWithoutTime: 0,
    recordsNotApiCalls: 0,
  };
  readonly events = new EventUsageAggregator();
  readonly issuers = new Set<string>();
  /** A permission set's calls per role (one per account), for its per-account figures. */
  readonly callsByIssuer: Map<string, number> | undefined;
  /** Other callers whose records mention its name (a bounded few, in listing order). */
  readonly others = new Set<string>();
  /** Its records without a time, per file, in listing order. */
  readonly problems: CoverageProblem[] = [];

  constructor(readonly type: PrincipalType) {
    this.callsByIssuer = type === 'permission-set' ? new Map() : undefined;
  }
}

/**
 * What the files' scans add up to, in listing order: the files' counts, per-day coverage, the
 * problems of single files, and per principal its de-duplicated calls and aggregated events.
 */
export class ReadTotals {
  readonly files: FileCounts = {
    filesListed: 0,
    filesRead: 0,
    filesFailed: 0,
    bytesRead: 0,
    recordsRead: 0,
  };
  /** Per principal, in the order of `ScanConfig.principals`. */
  readonly principals: PrincipalTotals[];
  readonly paths: Record<ScanPath, number> = { parsed: 0, 'partly-parsed': 0, skipped: 0 };
  readonly dedup = new CallDeduplicator();
  /** Files that failed, in listing order. */
  readonly problems: CoverageProblem[] = [];
  private readonly byDay = new Map<string, DayCoverage>();
  /** Day folder of the trail layout (the key up to its last `/`) → its row. */
  private readonly byFolder = new Map<string, DayCoverage>();

  constructor(principals: readonly { type: PrincipalType }[]) {
    this.principals = principals.map((p) => new PrincipalTotals(p.type));
  }

  /**
   * The coverage row of an object's day (counted as found): from its folder in the trail
   * layout, else from its CloudTrail file name; undefined when neither places it.
   */
  private day(object: LogObject): DayCoverage | undefined {
    const folder = object.key.slice(0, object.key.lastIndexOf('/') + 1);
    // Once per folder of the layout, not per file: every file of it has its account, region
    // and day. Outside the layout each file is placed by its name.
    let row = this.byFolder.get(folder);
    if (!row) {
      const place = placeLogFile(object.key);
      if (place === undefined) return undefined;
      row = this.rowOf(place.account, place.region, place.day);
      if (place.from === 'layout') this.byFolder.set(folder, row);
    }
    row.found++;
    return row;
  }

  /** One row per account, region and day, whatever the prefixes that hold its folders. */
  private rowOf(account: string, region: string, day: string): DayCoverage {
    const key = `${account}/${region}/${day}`;
    let row = this.byDay.get(key);
    if (!row) {
      row = { account, region, day, found: 0, read: 0, failed: 0 };
      this.byDay.set(key, row);
    }
    return row;
  }

  days(): DayCoverage[] {
    return [...this.byDay.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([, row]) => row);
  }

  /** A file scanned: its day, its calls (de-duplicated), and a problem for timeless records. */
  fileRead(object: LogObject, scanned: FileScan): void {
    const day = this.day(object);
    const spot = fileSpot(object.key, day);
    this.dedup.begin(spot);
    this.add(scanned, spot);
    if (day) day.read++;
    scanned.badTime.forEach((n, p) => {
      if (n === 0) return;
      const principal = this.principals[p]!;
      principal.problems.push({
        kind: 'record-without-time',
        object: object.key,
        message: `${n} record${n === 1 ? '' : 's'} of the ${principal.type} with an eventTime that is missing or not a time: whether ${n === 1 ? 'it falls' : 'they fall'} in the window cannot be said, so ${n === 1 ? 'its call' : 'their calls'} may have used the permissions.`,
      });
    });
  }

  /** A file that could not be read or scanned, with the reason. */
  fileFailed(object: LogObject, reason: string): void {
    const day = this.day(object);
    if (day) day.failed++;
    this.files.filesFailed++;
    this.problems.push({ kind: 'file-failed', object: object.key, message: reason });
  }

  /** Adds one file's scan; a file that could not be scanned never gets here. */
  private add(scan: FileScan, spot: FileSpot | undefined): void {
    const { files, principals, dedup } = this;
    files.filesRead++;
    files.bytesRead += scan.bytes;
    files.recordsRead += scan.records;
    principals.forEach((principal, p) => {
      principal.counts.recordsOutsideWindow += scan.outsideWindow[p]!;
      principal.counts.recordsWithoutTime += scan.badTime[p]!;
      principal.counts.recordsNotApiCalls += scan.notApiCalls[p]!;
      for (const arn of scan.others[p]!) {
        if (principal.others.size < MAX_OTHERS_KEPT) principal.others.add(arn);
      }
    });
    this.paths[scan.path]++;
    const lists = scan.resourceLists.map((joined) => joined.split('\n'));
    const used = new Set<number>();
    const isNew = dedup.forFile(spot);
    const calls = scan.calls;
    for (let i = 0; i < calls.length; i += CALL_STRIDE) {
      const index = calls[i] as number;
      const time = calls[i + 1] as string;
      const eventID = calls[i + 2] as string | null;
      const list = calls[i + 3] as number | null;
      const group = scan.groups[index]!;
      const { counts, events, callsByIssuer } = principals[group.principal]!;
      if (eventID !== null) {
        // Keyed by principal too: a call that two principals of the run match (a role by name
        // and by ARN) counts once for each.
        const unchecked = dedup.unchecked;
        const key = callKey(eventID, group.eventSource, group.eventName);
        const fresh = isNew(group.principal === 0 ? key : `${group.principal} ${key}`, time);
        if (dedup.unchecked > unchecked) counts.recordsNotDeduplicated++;
        if (!fresh) {
          counts.duplicateRecords++;
          continue;
        }
      }
      counts.recordsMatched++;
      callsByIssuer?.set(group.issuer, (callsByIssuer.get(group.issuer) ?? 0) + 1);
      used.add(index);
      events.add(group, time, eventID, list === null ? undefined : lists[list]);
    }
    for (const index of used) {
      const group = scan.groups[index]!;
      principals[group.principal]!.issuers.add(group.issuer);
    }
  }
}
