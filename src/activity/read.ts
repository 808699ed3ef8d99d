import { tooLargeMessage } from './inflate.js';
import { LogFileError } from './parse.js';
import type { RoleRef } from './principal.js';
import { CallDeduplicator, callKey, fileSpot, type FileSpot } from './dedup.js';
import { EventUsageAggregator, type EventUsage } from './event-usage.js';
import { CALL_STRIDE, scanLogFile, type FileScan, type ScanConfig, type ScanPath } from './scan.js';
import { bundledWorker, defaultWorkerCount, ScanPool, ScanPoolError } from './scan-pool.js';
import type { ActivitySource, CloudTrailRecord, CoverageProblem, LogObject } from './types.js';
import type { Window } from '../util/time.js';
import { messageOf } from '../util/errors.js';
import { placeLogFile } from './layout.js';
import { lookalikeRoles, SampleKeys } from './lookalikes.js';
import { byCodeUnits } from '../util/order.js';

export interface ReadOptions {
  role: RoleRef;
  window: Window;
  /** How many log objects are fetched and parsed at once. */
  concurrency: number;
  /** Called every `progressIntervalMs` while reading, and once at the end. */
  onProgress?: (progress: ReadProgress) => void;
  progressIntervalMs?: number;
  /**
   * Skip parsing what cannot hold the role (see `ScanConfig.fastPaths`). Default true; false
   * parses every file whole, the reference the fast paths are tested against.
   */
  fastPaths?: boolean;
  /**
   * Worker threads that gunzip and scan files; 0 scans on the main thread. Default: one per
   * core (when there are several) if the bundled worker is beside the bundle, started once
   * the main thread has scanned files for a while and many remain. When given, every file is
   * scanned by a worker.
   */
  workers?: number;
  /** The worker script; default the bundled one (`read-worker.mjs` next to the bundle). */
  workerScript?: URL;
  /** Files larger than this uncompressed are counted as failed, unread. Default: no limit. */
  maxFileBytes?: number;
}

export interface ReadProgress {
  filesDone: number;
  /** Files listed so far: all of them once `listing` is false. */
  filesTotal: number;
  /** True while files are still being listed. */
  listing: boolean;
  /** While listing, the number of files expected in all, when the source can tell. */
  filesExpected?: number;
  bytes: number;
  records: number;
  elapsedMs: number;
}

export interface ReadCounts {
  filesListed: number;
  filesRead: number;
  filesFailed: number;
  /** Uncompressed bytes of the files read. */
  bytesRead: number;
  /** Records in the files read; in a file that does not name the role, counted unparsed. */
  recordsRead: number;
  /** The role's API calls in the window, each event ID counted once. */
  recordsMatched: number;
  /** The role's records that appeared again with an event ID already counted. */
  duplicateRecords: number;
  /**
   * The role's calls that could not be checked against every call of their account, region and
   * hour read before, whose IDs were no longer kept (the same hour read twice: two trails in one
   * folder, or a file delivered hours late). Call counts may include that many duplicates.
   */
  recordsNotDeduplicated: number;
  /** The role's records outside the window (files are listed with a day of margin). */
  recordsOutsideWindow: number;
  /**
   * The role's records whose `eventTime` is missing or not a time: in the window or not, no
   * one can say, so coverage is incomplete when there are any.
   */
  recordsWithoutTime: number;
  /** The role's records that are not API calls (service events, console sign-ins, ...). */
  recordsNotApiCalls: number;
}

export interface ActivityResult {
  events: EventUsage[];
  counts: ReadCounts;
  problems: CoverageProblem[];
  /** The distinct session-issuer ARNs the matched records carry (shows the role's path). */
  issuers: string[];
  /**
   * When the role made no call in the window: the roles the trail shows that look most like it
   * (same name in other accounts, names close to it in its account), closest first.
   */
  lookalikes?: string[];
  /**
   * Per account, region and day of the files in the trail layout: files found, read and
   * failed, sorted. Days with no file are not rows: they are coverage problems.
   */
  days: DayCoverage[];
  /** How the files were read; diagnostics, never part of the report. */
  reading: ReadingStats;
}

export interface DayCoverage {
  account: string;
  region: string;
  /** `YYYY-MM-DD`, the day folder the files were delivered to. */
  day: string;
  found: number;
  read: number;
  failed: number;
}

export interface ReadingStats {
  /** Worker threads used; 0 when files were scanned on the main thread. */
  workers: number;
  /** Files read, by how: parsed whole, only the records naming the role, or not at all. */
  files: Record<ScanPath, number>;
  /** Why the worker threads stopped, when they did (files were then read on the main thread). */
  workerFailure?: string;
}

/**
 * Reads every log object of the source, keeps the role's API calls in the window, and
 * aggregates them per distinct event. A file that cannot be read or parsed is counted with its
 * reason and the run goes on.
 *
 * Files are fetched on the main thread, `concurrency` at a time, and scanned (gunzip, find the
 * role's calls: `scanLogFile`) by worker threads when there are several cores, else inline; the
 * calls are de-duplicated and aggregated on the main thread as files complete. Results do not
 * depend on the order files complete in, on the number of workers, or on the fast paths.
 */
export async function readActivity(
  source: ActivitySource,
  options: ReadOptions,
): Promise<ActivityResult> {
  // Files are read as soon as they are listed: an S3 listing of many day folders overlaps
  // with the downloads instead of coming before them all.
  const queue = new ListingQueue(source);

  const config: ScanConfig = {
    role: options.role,
    fromIso: isoSeconds(options.window.from),
    toIso: isoSeconds(options.window.to),
    fastPaths: options.fastPaths ?? true,
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  };
  const script = options.workerScript ?? bundledWorker();
  const workers = script
    ? Math.min(options.workers ?? defaultWorkerCount(), Math.max(1, options.concurrency))
    : 0;
  // The worker threads start at once, so that they boot while the files are listed. With a
  // number of workers asked for, every file goes to a worker; by default the main thread scans
  // files itself until the first worker is up, so a small trail is done before threads are.
  const chosen = options.workers !== undefined;
  const pool = script && workers > 0 ? new ScanPool(script, workers, config) : undefined;
  let filesDone = 0;
  const inline = async (object: LogObject): Promise<FileScan> =>
    scanLogFile(await source.read(object), config);
  const pathOf = (source as FileBackedSource).pathOf?.bind(source);
  const scan = async (object: LogObject): Promise<FileScan> => {
    // Stored larger than the limit (S3 says the size when listing): not even downloaded.
    if (config.maxFileBytes !== undefined && (object.size ?? 0) > config.maxFileBytes) {
      throw new LogFileError(tooLargeMessage(config.maxFileBytes));
    }
    if (!pool || pool.failure || (!pool.ready && !chosen)) return inline(object);
    const path = pathOf?.(object);
    try {
      return await (path !== undefined
        ? pool.scanFile(path)
        : pool.scan(await source.read(object)));
    } catch (error) {
      // A reader thread died (a bug, or the machine): this file and the rest are read here.
      if (error instanceof ScanPoolError) return inline(object);
      throw error;
    }
  };

  const state = new ReadState();
  const sample = new SampleKeys(options.role);
  const problems: CoverageProblem[] = [];
  const started = Date.now();
  const report = (): void => {
    const expected = queue.listing ? source.expectedObjects?.() : undefined;
    options.onProgress?.({
      filesDone,
      filesTotal: queue.listed,
      listing: queue.listing,
      ...(expected !== undefined ? { filesExpected: Math.max(expected, queue.listed) } : {}),
      bytes: state.counts.bytesRead,
      records: state.counts.recordsRead,
      elapsedMs: Date.now() - started,
    });
  };
  const timer = options.onProgress
    ? setInterval(report, options.progressIntervalMs ?? 5000)
    : undefined;
  timer?.unref();

  try {
    // Files that workers read themselves cost nothing while queued: a few per worker keep every
    // worker busy, however many cores (deeper queues only raised the peak memory).
    const inFlight =
      pool && pathOf
        ? Math.max(options.concurrency, FILES_QUEUED_PER_WORKER * pool.size)
        : options.concurrency;
    // Files are read in any order, but what they hold is added in listing order: a file that
    // finishes early waits (as a small result) for those listed before it, so de-duplication,
    // and so every count, is the same whatever the order files finish in.
    const ordered = new InListingOrder(Math.max(MIN_RESULTS_WAITING, 4 * inFlight));
    await queue.forEach(inFlight, async (object) => {
      const turn = ordered.next();
      sample.offer(object);
      let outcome: () => void;
      try {
        const scanned = await scan(object);
        outcome = () => {
          const day = state.day(object);
          const spot = fileSpot(object.key, day);
          state.dedup.begin(spot);
          state.add(scanned, spot);
          if (day) day.read++;
          if (scanned.badTime > 0) {
            problems.push({
              kind: 'record-without-time',
              object: object.key,
              message: `${scanned.badTime} record${scanned.badTime === 1 ? '' : 's'} of the role with an eventTime that is missing or not a time: whether ${scanned.badTime === 1 ? 'it falls' : 'they fall'} in the window cannot be said, so ${scanned.badTime === 1 ? 'its call' : 'their calls'} may have used the permissions.`,
            });
          }
        };
      } catch (error) {
        const reason =
          error instanceof LogFileError ? error.message : `could not read: ${messageOf(error)}`;
        outcome = () => {
          const day = state.day(object);
          if (day) day.failed++;
          state.counts.filesFailed++;
          problems.push({ kind: 'file-failed', object: object.key, message: reason });
        };
      }
      filesDone++;
      await ordered.done(turn, outcome);
    });
  } finally {
    if (timer) clearInterval(timer);
    // The threads stop while the pipeline goes on: nothing of theirs is needed any more.
    pool?.close().catch(() => undefined);
  }
  // A listing that failed outright (no such bucket, access denied) fails the run.
  queue.rethrow();
  report();

  state.counts.filesListed = queue.listed;
  state.counts.recordsNotDeduplicated = state.dedup.unchecked;
  problems.sort((a, b) => byCodeUnits(a.object ?? '', b.object ?? ''));
  const lookalikes =
    state.counts.recordsMatched === 0
      ? await lookalikeRoles(
          source,
          options.role,
          state.others,
          sample.objects,
          options.maxFileBytes,
        )
      : undefined;
  return {
    events: state.events.result(),
    counts: state.counts,
    problems: [...(source.listingProblems?.() ?? []), ...problems],
    issuers: [...state.issuers].sort(),
    ...(lookalikes !== undefined ? { lookalikes } : {}),
    days: state.days(),
    reading: {
      workers: pool?.size ?? 0,
      files: state.paths,
      ...(pool?.failure ? { workerFailure: pool.failure.message } : {}),
    },
  };
}

/**
 * A source whose objects are files on this machine: worker threads then read them themselves,
 * which spares the main thread the reading and the copy to the worker.
 */
export interface FileBackedSource extends ActivitySource {
  pathOf?(object: LogObject): string | undefined;
}

/** What the files' scans add up to: counts, de-duplicated calls, aggregated events. */
class ReadState {
  readonly counts: ReadCounts = {
    filesListed: 0,
    filesRead: 0,
    filesFailed: 0,
    bytesRead: 0,
    recordsRead: 0,
    recordsMatched: 0,
    duplicateRecords: 0,
    recordsNotDeduplicated: 0,
    recordsOutsideWindow: 0,
    recordsWithoutTime: 0,
    recordsNotApiCalls: 0,
  };
  readonly events = new EventUsageAggregator();
  readonly issuers = new Set<string>();
  /** Other roles whose records mention the role's name (a bounded few, in listing order). */
  readonly others = new Set<string>();
  readonly paths: Record<ScanPath, number> = { parsed: 0, 'partly-parsed': 0, skipped: 0 };
  readonly dedup = new CallDeduplicator();
  private readonly byDay = new Map<string, DayCoverage>();
  /** Day folder of the trail layout (the key up to its last `/`) → its row. */
  private readonly byFolder = new Map<string, DayCoverage>();

  /**
   * The coverage row of an object's day (counted as found): from its folder in the trail
   * layout, else from its CloudTrail file name; undefined when neither places it.
   */
  day(object: LogObject): DayCoverage | undefined {
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
    return [...this.byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }

  /** Adds one file's scan; a file that could not be scanned never gets here. */
  add(scan: FileScan, spot: FileSpot | undefined): void {
    const counts = this.counts;
    counts.filesRead++;
    counts.bytesRead += scan.bytes;
    counts.recordsRead += scan.records;
    counts.recordsOutsideWindow += scan.outsideWindow;
    counts.recordsWithoutTime += scan.badTime;
    for (const arn of scan.others) if (this.others.size < MAX_OTHERS_KEPT) this.others.add(arn);
    counts.recordsNotApiCalls += scan.notApiCalls;
    this.paths[scan.path]++;
    // Per group, one record stands for each of its calls in turn, given the call's event ID:
    // the aggregator reads it and keeps nothing of it.
    const records = scan.groups.map((group) => {
      const plain: CloudTrailRecord = {
        eventSource: group.eventSource,
        eventName: group.eventName,
      };
      if (group.awsRegion !== null) plain.awsRegion = group.awsRegion;
      if (group.account !== null) plain.recipientAccountId = group.account;
      if (group.dataEvent) plain.eventCategory = 'Data';
      return { plain, withId: { ...plain, eventID: '' } };
    });
    const lists = scan.resourceLists.map((joined) => joined.split('\n'));
    const used = new Set<number>();
    const isNew = this.dedup.forFile(spot);
    const calls = scan.calls;
    for (let i = 0; i < calls.length; i += CALL_STRIDE) {
      const index = calls[i] as number;
      const time = calls[i + 1] as string;
      const eventID = calls[i + 2] as string | null;
      const list = calls[i + 3] as number | null;
      const group = scan.groups[index]!;
      if (eventID !== null && !isNew(callKey(eventID, group.eventSource, group.eventName), time)) {
        counts.duplicateRecords++;
        continue;
      }
      counts.recordsMatched++;
      used.add(index);
      const pair = records[index]!;
      let record: CloudTrailRecord = pair.plain;
      if (eventID !== null) {
        pair.withId.eventID = eventID;
        record = pair.withId;
      }
      this.events.add(
        record,
        time,
        group.denied,
        group.deniedAction ?? undefined,
        group.facts,
        list === null ? undefined : lists[list],
      );
    }
    for (const index of used) this.issuers.add(scan.groups[index]!.issuer);
  }
}

/**
 * Runs each file's outcome in the order the files were handed out, as soon as every earlier
 * one has run. At most `maxWaiting` outcomes wait for an earlier file: beyond that, the task
 * that finished waits too (so a very slow file holds back the reading, not the memory). The
 * file next in turn never waits, so this cannot deadlock.
 */
class InListingOrder {
  private handedOut = 0;
  private ran = 0;
  private readonly waiting = new Map<number, () => void>();
  private wakers: (() => void)[] = [];

  constructor(private readonly maxWaiting: number) {}

  /** The turn of the file handed out now. */
  next(): number {
    return this.handedOut++;
  }

  async done(turn: number, outcome: () => void): Promise<void> {
    this.waiting.set(turn, outcome);
    let next;
    while ((next = this.waiting.get(this.ran)) !== undefined) {
      this.waiting.delete(this.ran);
      this.ran++;
      next();
    }
    if (this.wakers.length > 0 && this.waiting.size <= this.maxWaiting) {
      const wakers = this.wakers;
      this.wakers = [];
      for (const wake of wakers) wake();
    }
    while (this.waiting.has(turn) && this.waiting.size > this.maxWaiting) {
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
  }
}

/** Other roles whose records mention the role's name, kept at most. */
const MAX_OTHERS_KEPT = 256;

/** Results of files read ahead of an earlier, slower one, kept at least before reading pauses. */
const MIN_RESULTS_WAITING = 64;

/** An ISO 8601 UTC time to the second, as CloudTrail writes it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The source's objects as they are listed, handed out in listing order to `limit` concurrent
 * tasks that start before the listing ends. At most `maxWaiting` listed objects wait to be
 * read: beyond that the listing pauses, so that a trail of millions of files costs the memory
 * of that many keys, not of all of them. A listing that throws stops handing out objects;
 * `rethrow` then throws its error.
 */
export class ListingQueue {
  /** Objects listed so far. */
  listed = 0;
  listing = true;
  private waitingObjects: LogObject[] = [];
  private head = 0;
  private failure: { error: unknown } | undefined;
  private consumers: (() => void)[] = [];
  private producer: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    source: ActivitySource,
    private readonly maxWaiting = MAX_WAITING_OBJECTS,
  ) {
    this.done = (async () => {
      try {
        for await (const object of source.list()) {
          this.waitingObjects.push(object);
          this.listed++;
          this.wakeConsumers();
          while (this.waiting >= this.maxWaiting && !this.failure) {
            await new Promise<void>((resolve) => (this.producer = resolve));
          }
        }
      } catch (error) {
        this.failure = { error };
      } finally {
        this.listing = false;
        this.wakeConsumers();
      }
    })();
  }

  /** Listed objects not handed out yet. */
  get waiting(): number {
    return this.waitingObjects.length - this.head;
  }

  async forEach(limit: number, work: (object: LogObject) => Promise<void>): Promise<void> {
    const task = async (): Promise<void> => {
      for (;;) {
        if (this.failure) return;
        const object = this.take();
        if (object) {
          await work(object);
        } else if (!this.listing) {
          return;
        } else {
          await new Promise<void>((resolve) => this.consumers.push(resolve));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, limit) }, task));
    await this.done;
  }

  rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  private take(): LogObject | undefined {
    if (this.head === this.waitingObjects.length) return undefined;
    const object = this.waitingObjects[this.head++];
    // Drop what was handed out, now and then (not at every object: that would be quadratic).
    if (this.head >= 1024 && this.head * 2 >= this.waitingObjects.length) {
      this.waitingObjects = this.waitingObjects.slice(this.head);
      this.head = 0;
    }
    if (this.producer && this.waiting < this.maxWaiting) {
      const resume = this.producer;
      this.producer = undefined;
      resume();
    }
    return object;
  }

  private wakeConsumers(): void {
    const consumers = this.consumers;
    this.consumers = [];
    for (const resolve of consumers) resolve();
  }
}

/** Local files sent to each worker ahead of its work (with the default concurrency, 2 cores). */
const FILES_QUEUED_PER_WORKER = 4;

/**
 * Listed objects waiting to be read, at most: enough to keep the reads going while the next
 * folders are listed (a page of S3's listing is 1,000 keys), few enough that their keys cost
 * the same memory on a trail of any size (a bound of 50,000 kept 4 MB more on a trail of
 * 20,000 files than on one of 2,000). The total for progress comes from the source's estimate.
 */
const MAX_WAITING_OBJECTS = 2_000;
