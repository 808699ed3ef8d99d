import { LogFileError } from './parse.js';
import type { RoleRef } from './principal.js';
import { EventIdSet } from './event-id-set.js';
import { EventUsageAggregator, type EventUsage } from './event-usage.js';
import {
  CALL_STRIDE,
  DATA_EVENT,
  DENIED,
  scanLogFile,
  type FileScan,
  type ScanConfig,
  type ScanPath,
} from './scan.js';
import { bundledWorker, defaultWorkerCount, ScanPool, ScanPoolError } from './scan-pool.js';
import type { ActivitySource, CloudTrailRecord, CoverageProblem, LogObject } from './types.js';
import type { Window } from '../util/time.js';
import { messageOf } from '../util/errors.js';

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
   * core when the bundled worker is next to the bundle and there are enough files, and the
   * main thread scans files itself until the first worker is up. When given, every file is
   * scanned by a worker.
   */
  workers?: number;
  /** The worker script; default the bundled one (`read-worker.mjs` next to the bundle). */
  workerScript?: URL;
}

export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
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
  recordsRead: number;
  /** The role's API calls in the window, each event ID counted once. */
  recordsMatched: number;
  /** The role's records that appeared again with an event ID already counted. */
  duplicateRecords: number;
  /** The role's records outside the window (files are listed with a day of margin). */
  recordsOutsideWindow: number;
  /** The role's records that are not API calls (service events, console sign-ins, ...). */
  recordsNotApiCalls: number;
}

export interface ActivityResult {
  events: EventUsage[];
  counts: ReadCounts;
  problems: CoverageProblem[];
  /** The distinct session-issuer ARNs the matched records carry (shows the role's path). */
  issuers: string[];
  /** How the files were read; diagnostics, never part of the report. */
  reading: ReadingStats;
}

export interface ReadingStats {
  /** Worker threads used; 0 when files were scanned on the main thread. */
  workers: number;
  /** Files read, by how: parsed whole, only the records naming the role, or not at all. */
  files: Record<ScanPath, number>;
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
  const objects: LogObject[] = [];
  for await (const object of source.list()) objects.push(object);

  const config: ScanConfig = {
    role: options.role,
    fromIso: isoSeconds(options.window.from),
    toIso: isoSeconds(options.window.to),
    fastPaths: options.fastPaths ?? true,
  };
  const script = options.workerScript ?? bundledWorker();
  const workers = script
    ? Math.min(
        options.workers ?? defaultWorkerCount(objects.length),
        Math.max(1, options.concurrency),
      )
    : 0;
  const pool = script && workers > 0 ? new ScanPool(script, workers, config) : undefined;
  // By default the main thread scans files itself until a worker is up; with a number of
  // workers asked for, every file goes to a worker.
  const waitForWorkers = options.workers !== undefined;
  const pathOf = (source as FileBackedSource).pathOf?.bind(source);
  const scan = async (object: LogObject): Promise<FileScan> => {
    if (!pool || (!pool.ready && !waitForWorkers)) {
      return scanLogFile(await source.read(object), config);
    }
    const path = pathOf?.(object);
    return path !== undefined ? pool.scanFile(path) : pool.scan(await source.read(object));
  };

  const state = new ReadState();
  const problems: CoverageProblem[] = [];
  const started = Date.now();
  let filesDone = 0;
  const report = (): void =>
    options.onProgress?.({
      filesDone,
      filesTotal: objects.length,
      bytes: state.counts.bytesRead,
      records: state.counts.recordsRead,
      elapsedMs: Date.now() - started,
    });
  const timer = options.onProgress
    ? setInterval(report, options.progressIntervalMs ?? 5000)
    : undefined;
  timer?.unref();

  try {
    await forEachConcurrently(objects, options.concurrency, async (object) => {
      try {
        state.add(await scan(object));
      } catch (error) {
        if (error instanceof ScanPoolError) throw error;
        state.counts.filesFailed++;
        const reason =
          error instanceof LogFileError ? error.message : `could not read: ${messageOf(error)}`;
        problems.push({ kind: 'file-failed', object: object.key, message: reason });
      } finally {
        filesDone++;
      }
    });
  } finally {
    if (timer) clearInterval(timer);
    await pool?.close();
  }
  report();

  state.counts.filesListed = objects.length;
  problems.sort((a, b) => (a.object ?? '').localeCompare(b.object ?? ''));
  return {
    events: state.events.result(),
    counts: state.counts,
    problems: [...(source.listingProblems?.() ?? []), ...problems],
    issuers: [...state.issuers].sort(),
    reading: { workers: pool?.size ?? 0, files: state.paths },
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
    recordsOutsideWindow: 0,
    recordsNotApiCalls: 0,
  };
  readonly events = new EventUsageAggregator();
  readonly issuers = new Set<string>();
  readonly paths: Record<ScanPath, number> = { parsed: 0, 'partly-parsed': 0, skipped: 0 };
  private readonly seen = new EventIdSet();

  /** Adds one file's scan; a file that could not be scanned never gets here. */
  add(scan: FileScan): void {
    const counts = this.counts;
    counts.filesRead++;
    counts.bytesRead += scan.bytes;
    counts.recordsRead += scan.records;
    counts.recordsOutsideWindow += scan.outsideWindow;
    counts.recordsNotApiCalls += scan.notApiCalls;
    this.paths[scan.path]++;
    const calls = scan.calls;
    for (let i = 0; i < calls.length; i += CALL_STRIDE) {
      const eventID = calls[i + 4] as string | null;
      if (eventID !== null && !this.seen.add(eventID)) {
        counts.duplicateRecords++;
        continue;
      }
      counts.recordsMatched++;
      this.issuers.add(scan.issuers[calls[i] as number]!);
      const record: CloudTrailRecord = {
        eventSource: calls[i + 2] as string,
        eventName: calls[i + 3] as string,
      };
      if (eventID !== null) record.eventID = eventID;
      const region = calls[i + 5] as string | null;
      if (region !== null) record.awsRegion = region;
      const account = calls[i + 6] as string | null;
      if (account !== null) record.recipientAccountId = account;
      const flags = calls[i + 7] as number;
      if (flags & DATA_EVENT) record.eventCategory = 'Data';
      const deniedAction = calls[i + 8] as string | null;
      this.events.add(
        record,
        calls[i + 1] as string,
        (flags & DENIED) !== 0,
        deniedAction ?? undefined,
      );
    }
  }
}

/** An ISO 8601 UTC time to the second, as CloudTrail writes it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Runs `work` over the items with at most `limit` in flight. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
