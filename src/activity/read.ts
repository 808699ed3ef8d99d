import { decodeLogBytes, LogFileError, parseLogText } from './parse.js';
import { callerRole, isDenied, matchesRole, type RoleRef } from './principal.js';
import { EventIdSet } from './event-id-set.js';
import { EventUsageAggregator, type EventUsage } from './event-usage.js';
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
}

const DENIED_ACTION = /perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+)/;

/**
 * Reads every log object of the source, keeps the role's API calls in the window, and
 * aggregates them per distinct event. A file that cannot be read or parsed is counted with its
 * reason and the run goes on.
 */
export async function readActivity(
  source: ActivitySource,
  options: ReadOptions,
): Promise<ActivityResult> {
  const objects: LogObject[] = [];
  for await (const object of source.list()) objects.push(object);

  const state = new ReadState(options);
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
        const bytes = await source.read(object);
        state.processFile(bytes);
      } catch (error) {
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
  }
  report();

  state.counts.filesListed = objects.length;
  problems.sort((a, b) => (a.object ?? '').localeCompare(b.object ?? ''));
  return {
    events: state.events.result(),
    counts: state.counts,
    problems: [...(source.listingProblems?.() ?? []), ...problems],
    issuers: [...state.issuers].sort(),
  };
}

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
  private readonly seen = new EventIdSet();
  private readonly fromIso: string;
  private readonly toIso: string;

  constructor(private readonly options: ReadOptions) {
    this.fromIso = isoSeconds(options.window.from);
    this.toIso = isoSeconds(options.window.to);
  }

  /** Parses one file completely before counting anything, so a bad file adds nothing. */
  processFile(bytes: Uint8Array): void {
    const text = decodeLogBytes(bytes);
    const records = parseLogText(text);
    this.counts.filesRead++;
    this.counts.bytesRead += Buffer.byteLength(text);
    this.counts.recordsRead += records.length;
    for (const record of records) this.processRecord(record);
  }

  private processRecord(record: CloudTrailRecord): void {
    const caller = callerRole(record);
    if (!caller || !matchesRole(this.options.role, caller)) return;
    const time = normalizeTime(record.eventTime);
    if (time === undefined || time < this.fromIso || time >= this.toIso) {
      this.counts.recordsOutsideWindow++;
      return;
    }
    if (record.eventType !== 'AwsApiCall') {
      this.counts.recordsNotApiCalls++;
      return;
    }
    if (typeof record.eventSource !== 'string' || typeof record.eventName !== 'string') {
      this.counts.recordsNotApiCalls++;
      return;
    }
    if (typeof record.eventID === 'string' && !this.seen.add(record.eventID)) {
      this.counts.duplicateRecords++;
      return;
    }
    this.counts.recordsMatched++;
    this.issuers.add(caller.arn);
    const denied = isDenied(record);
    const deniedAction = denied ? DENIED_ACTION.exec(record.errorMessage ?? '')?.[1] : undefined;
    this.events.add(record, time, denied, deniedAction);
  }
}

/** CloudTrail writes `2026-01-31T12:00:00Z`; other ISO forms are brought to that form. */
function normalizeTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : isoSeconds(date);
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
