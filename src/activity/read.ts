import { tooLargeMessage } from './scan/inflate.js';
import { LogFileError } from './scan/parse.js';
import { parseIamArn, type PrincipalRef } from './principal.js';
import type { EventUsage } from './aggregate/event-usage.js';
import { scanLogFile, type FileScan, type ScanConfig, type ScanPath } from './scan/scan.js';
import { bundledWorker, defaultWorkerCount, ScanPool, ScanPoolError } from './scan/pool.js';
import type { ActivitySource, CoverageProblem, LogObject } from './types.js';
import {
  ReadTotals,
  type DayCoverage,
  type FileCounts,
  type PrincipalCounts,
  type ReadCounts,
} from './aggregate/totals.js';

export type { DayCoverage, FileCounts, PrincipalCounts, ReadCounts } from './aggregate/totals.js';
import type { Window } from '../util/time.js';
import { messageOf } from '../util/errors.js';
import { lookalikes, sampledCallers, SampleKeys } from './lookalikes.js';
import { byCodeUnits } from '../util/order.js';

export interface ReadOptions {
  /** The roles and users whose calls are read, all in one pass over the files. */
  principals: PrincipalRef[];
  window: Window;
  /** How many log objects are fetched and parsed at once. */
  concurrency: number;
  /** Called every `progressIntervalMs` while reading, and once at the end. */
  onProgress?: (progress: ReadProgress) => void;
  progressIntervalMs?: number;
  /**
   * Skip parsing what cannot hold the principal (see `ScanConfig.fastPaths`). Default true; false
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

/** One principal's activity as its report needs it: its part of the read, and the read's. */
export interface ActivityResult {
  events: EventUsage[];
  counts: ReadCounts;
  problems: CoverageProblem[];
  /**
   * The distinct caller ARNs the matched records carry: a role's session issuers (which show the
   * role's path), or the user's ARN.
   */
  issuers: string[];
  /** A permission set's calls per account (its role there), by account. */
  accounts?: AccountCalls[];
  /**
   * When the principal made no call in the window: the principals the trail shows that look
   * most like it (same name in other accounts, names close to it in its account), closest first.
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

/** What one read of the files found, for every principal of the run. */
export interface FleetActivity {
  files: FileCounts;
  /** What the listing could not list (missing days, unreadable folders). */
  listingProblems: CoverageProblem[];
  /** Files that failed, in listing order. */
  fileProblems: CoverageProblem[];
  days: DayCoverage[];
  reading: ReadingStats;
  /** In the order of `ReadOptions.principals`. */
  principals: PrincipalActivity[];
}

/** One principal's part of a read. */
export interface PrincipalActivity {
  events: EventUsage[];
  counts: PrincipalCounts;
  /** Its records without a time, per file. */
  problems: CoverageProblem[];
  issuers: string[];
  accounts?: AccountCalls[];
  lookalikes?: string[];
}

/** A permission set's calls in one account: through its role there (one per account). */
export interface AccountCalls {
  account: string;
  /** The role ARNs (with their paths) the calls came through. */
  roles: string[];
  calls: number;
}

/** Calls per role → calls per account, sorted by account. */
export function accountCallsOf(callsByIssuer: ReadonlyMap<string, number>): AccountCalls[] {
  const byAccount = new Map<string, AccountCalls>();
  for (const [arn, calls] of callsByIssuer) {
    const account = parseIamArn(arn)?.account ?? 'unknown';
    const row = byAccount.get(account) ?? { account, roles: [], calls: 0 };
    row.roles.push(arn);
    row.calls += calls;
    byAccount.set(account, row);
  }
  return [...byAccount.values()]
    .map((row) => ({ ...row, roles: row.roles.sort(byCodeUnits) }))
    .sort((a, b) => byCodeUnits(a.account, b.account));
}

/** The activity of the principal at `index` of a fleet's read, as its report needs it. */
export function activityOf(fleet: FleetActivity, index: number): ActivityResult {
  const own = fleet.principals[index];
  if (!own) throw new Error(`no principal ${index} in this read`);
  const problems = [...fleet.fileProblems, ...own.problems].sort((a, b) =>
    byCodeUnits(a.object ?? '', b.object ?? ''),
  );
  return {
    events: own.events,
    counts: { ...fleet.files, ...own.counts },
    problems: [...fleet.listingProblems, ...problems],
    issuers: own.issuers,
    ...(own.accounts !== undefined ? { accounts: own.accounts } : {}),
    ...(own.lookalikes !== undefined ? { lookalikes: own.lookalikes } : {}),
    days: fleet.days,
    reading: fleet.reading,
  };
}

export interface ReadingStats {
  /** Worker threads used; 0 when files were scanned on the main thread. */
  workers: number;
  /** Files read, by how: parsed whole, only the records naming a principal, or not at all. */
  files: Record<ScanPath, number>;
  /** Why the worker threads stopped, when they did (files were then read on the main thread). */
  workerFailure?: string;
}

/** `readFleet` for one principal: its activity as its report needs it. */
export async function readActivity(
  source: ActivitySource,
  options: Omit<ReadOptions, 'principals'> & { principal: PrincipalRef },
): Promise<ActivityResult> {
  const { principal, ...rest } = options;
  return activityOf(await readFleet(source, { ...rest, principals: [principal] }), 0);
}

/**
 * Reads every log object of the source once, keeps the API calls in the window of each
 * principal, and aggregates them per principal and distinct event. A file that cannot be read
 * or parsed is counted with its reason and the run goes on.
 *
 * Files are fetched on the main thread, `concurrency` at a time, and scanned (gunzip, find the
 * principals' calls: `scanLogFile`) by worker threads when there are several cores, else
 * inline; the calls are de-duplicated and aggregated on the main thread as files complete.
 * Results do not depend on the order files complete in, on the number of workers, or on the
 * fast paths.
 */
export async function readFleet(
  source: ActivitySource,
  options: ReadOptions,
): Promise<FleetActivity> {
  // Files are read as soon as they are listed: an S3 listing of many day folders overlaps
  // with the downloads instead of coming before them all.
  const queue = new ListingQueue(source);
  const config: ScanConfig = {
    principals: options.principals,
    fromIso: isoSeconds(options.window.from),
    toIso: isoSeconds(options.window.to),
    fastPaths: options.fastPaths ?? true,
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  };
  const scanner = new Scanner(source, options, config);
  const totals = new ReadTotals(options.principals);
  const sample = new SampleKeys(options.principals);
  const progress = new Progress(source, queue, totals, options);
  try {
    const inFlight = scanner.inFlight(options.concurrency);
    // Files are read in any order, but what they hold is added in listing order: a file that
    // finishes early waits (as a small result) for those listed before it, so de-duplication,
    // and so every count, is the same whatever the order files finish in.
    const ordered = new InListingOrder(Math.max(MIN_RESULTS_WAITING, 4 * inFlight));
    await queue.forEach(inFlight, async (object) => {
      const turn = ordered.next();
      sample.offer(object);
      let outcome: () => void;
      try {
        const scanned = await scanner.scan(object);
        outcome = () => totals.fileRead(object, scanned);
      } catch (error) {
        const reason =
          error instanceof LogFileError ? error.message : `could not read: ${messageOf(error)}`;
        outcome = () => totals.fileFailed(object, reason);
      }
      progress.filesDone++;
      await ordered.done(turn, outcome);
    });
  } finally {
    progress.stop();
    // The threads stop while the pipeline goes on: nothing of theirs is needed any more.
    scanner.close();
  }
  // A listing that failed outright (no such bucket, access denied) fails the run.
  queue.rethrow();
  progress.report();
  totals.files.filesListed = queue.listed;
  return {
    files: totals.files,
    listingProblems: source.listingProblems?.() ?? [],
    fileProblems: totals.problems,
    days: totals.days(),
    reading: scanner.stats(totals.paths),
    principals: await principalsOf(source, options, totals, sample),
  };
}

/** Each principal's part of the read; look-alikes for those never seen. */
async function principalsOf(
  source: ActivitySource,
  options: ReadOptions,
  totals: ReadTotals,
  sample: SampleKeys,
): Promise<PrincipalActivity[]> {
  const unseen = totals.principals.some((p) => p.counts.recordsMatched === 0);
  // The sampled files are read again only when a principal made no call at all.
  const sampled = unseen ? await sampledCallers(source, sample.objects, options.maxFileBytes) : [];
  return totals.principals.map((principal, i) => ({
    events: principal.events.result(),
    counts: principal.counts,
    problems: principal.problems,
    issuers: [...principal.issuers].sort(),
    ...(principal.callsByIssuer ? { accounts: accountCallsOf(principal.callsByIssuer) } : {}),
    ...(principal.counts.recordsMatched === 0
      ? { lookalikes: lookalikes(options.principals[i]!, principal.others, sampled) }
      : {}),
  }));
}

/** Calls `onProgress` every `progressIntervalMs` while reading (and once at the end). */
class Progress {
  filesDone = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: ActivitySource,
    private readonly queue: ListingQueue,
    private readonly totals: ReadTotals,
    private readonly options: ReadOptions,
  ) {
    this.timer = options.onProgress
      ? setInterval(() => this.report(), options.progressIntervalMs ?? 5000)
      : undefined;
    this.timer?.unref();
  }

  report(): void {
    const { queue, totals } = this;
    const expected = queue.listing ? this.source.expectedObjects?.() : undefined;
    this.options.onProgress?.({
      filesDone: this.filesDone,
      filesTotal: queue.listed,
      listing: queue.listing,
      ...(expected !== undefined ? { filesExpected: Math.max(expected, queue.listed) } : {}),
      bytes: totals.files.bytesRead,
      records: totals.files.recordsRead,
      elapsedMs: Date.now() - this.started,
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Where each file is scanned: by a worker thread when there are several cores (reading a local
 * file itself, or handed the bytes), else on the main thread; a worker pool that fails hands
 * the rest back to the main thread.
 */
class Scanner {
  private readonly pool: ScanPool | undefined;
  /** With a number of workers asked for, every file goes to a worker. */
  private readonly chosen: boolean;
  private readonly pathOf: ((object: LogObject) => string | undefined) | undefined;

  constructor(
    private readonly source: ActivitySource,
    options: ReadOptions,
    private readonly config: ScanConfig,
  ) {
    const script = options.workerScript ?? bundledWorker();
    const workers = script
      ? Math.min(options.workers ?? defaultWorkerCount(), Math.max(1, options.concurrency))
      : 0;
    // The worker threads start at once, so that they boot while the files are listed. By
    // default the main thread scans files itself until the first worker is up, so a small
    // trail is done before threads are.
    this.chosen = options.workers !== undefined;
    this.pool = script && workers > 0 ? new ScanPool(script, workers, config) : undefined;
    this.pathOf = source.pathOf?.bind(source);
  }

  /**
   * How many files are read at once. Files that workers read themselves cost nothing while
   * queued: a few per worker keep every worker busy, however many cores (deeper queues only
   * raised the peak memory).
   */
  inFlight(concurrency: number): number {
    return this.pool && this.pathOf
      ? Math.max(concurrency, FILES_QUEUED_PER_WORKER * this.pool.size)
      : concurrency;
  }

  async scan(object: LogObject): Promise<FileScan> {
    const { pool, config } = this;
    // Stored larger than the limit (S3 says the size when listing): not even downloaded.
    if (config.maxFileBytes !== undefined && (object.size ?? 0) > config.maxFileBytes) {
      throw new LogFileError(tooLargeMessage(config.maxFileBytes));
    }
    if (!pool || pool.failure || (!pool.ready && !this.chosen)) return this.inline(object);
    const path = this.pathOf?.(object);
    try {
      return await (path !== undefined
        ? pool.scanFile(path)
        : pool.scan(await this.source.read(object)));
    } catch (error) {
      // A reader thread died (a bug, or the machine): this file and the rest are read here.
      if (error instanceof ScanPoolError) return this.inline(object);
      throw error;
    }
  }

  private async inline(object: LogObject): Promise<FileScan> {
    return scanLogFile(await this.source.read(object), this.config);
  }

  close(): void {
    this.pool?.close().catch(() => undefined);
  }

  stats(files: Record<ScanPath, number>): ReadingStats {
    const { pool } = this;
    return {
      workers: pool?.size ?? 0,
      files,
      ...(pool?.failure ? { workerFailure: pool.failure.message } : {}),
    };
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
