import { gunzipReusing, tooLargeMessage, TooLargeError } from './inflate.js';
import { LogFileError, parseLogText } from './parse.js';
import {
  callerOf,
  deniedActionIn,
  isDenied,
  matchesPrincipal,
  principalNeedle,
  type PrincipalRef,
} from '../principal.js';
import type { CloudTrailRecord } from '../types.js';
import { requestFacts } from './parameters.js';
import { callResources } from './resources.js';
import { NameAutomaton, NameSkipSearch, SKIP_SEARCH_MIN_LENGTH } from './names.js';

/**
 * The per-file half of reading activity: gunzip one log file, find the principal's API calls in the
 * window, and hand them back in a compact, cloneable form. It needs no state shared between
 * files, so it runs the same on the main thread and in worker threads; de-duplication of event
 * IDs and aggregation happen afterwards, on the main thread, in file completion order.
 */
export interface ScanConfig {
  /**
   * The roles and users whose calls are kept, read in one pass: each call goes to every
   * principal it matches (usually one), by index in this list.
   */
  principals: PrincipalRef[];
  /** The window as CloudTrail writes times (`2026-01-31T12:00:00Z`): from inclusive, to exclusive. */
  fromIso: string;
  toIso: string;
  /**
   * With fast paths (the default), a file whose text holds no principal's name is counted but
   * never parsed, and in a file shaped as CloudTrail writes it (whitespace aside) only the
   * records that mention a name are parsed. Without, every file is parsed whole: the reference
   * the fast paths are tested against.
   */
  fastPaths: boolean;
  /**
   * A file larger than this uncompressed is not read (counted as failed, with the reason):
   * a decompression bomb must not take the memory of the machine. Default: no limit.
   */
  maxFileBytes?: number;
}

/** How a file was read; for tests and diagnostics, never part of a report. */
export type ScanPath = 'parsed' | 'partly-parsed' | 'skipped';

export interface FileScan {
  /** Uncompressed bytes. */
  bytes: number;
  records: number;
  /** Per principal (by index in `ScanConfig.principals`): its records outside the window. */
  outsideWindow: number[];
  /** Per principal: its records whose `eventTime` is missing or not a time (not placeable). */
  badTime: number[];
  /**
   * Per principal: roles or users whose records mention its name but are no principal of the
   * run (another account, a longer name, a user of a role's name): a few distinct ARNs, to say
   * what was seen when the principal never is.
   */
  others: string[][];
  /** Per principal: its records in the window that are not API calls. */
  notApiCalls: number[];
  /** The distinct kinds of the principals' calls in this file. */
  groups: CallGroup[];
  /**
   * The distinct lists of resources the calls acted on (resources.ts), each list joined with
   * newlines: calls refer to them by index, so that calls on different resources share a group.
   */
  resourceLists: string[];
  /**
   * The principals' API calls in the window, in record order, `CALL_STRIDE` values each: the index
   * of its group, its time, its event ID (null when the record has none), the index of its
   * resource list (null when none). Flat and mostly numbers and short strings, so that it is
   * cheap to pass between threads.
   */
  calls: (number | string | null)[];
  path: ScanPath;
}

/** What the calls of a group share: all but their time and event ID. */
export interface CallGroup {
  /** Whose call: the index of the principal in `ScanConfig.principals`. */
  principal: number;
  /** The caller's ARN: a role's (its session issuer's, or from the assumed-role ARN) or a user's. */
  issuer: string;
  eventSource: string;
  eventName: string;
  awsRegion: string | null;
  /** recipientAccountId, else the caller's account. */
  account: string | null;
  /** eventCategory Data. */
  dataEvent: boolean;
  denied: boolean;
  /** For denials, the action the error message names. */
  deniedAction: string | null;
  /** Request parameters that change which actions the call needed (parameters.ts). */
  facts: string[];
}

export const CALL_STRIDE = 4;

/** Distinct other principals a file's scan names at most. */
const MAX_OTHERS = 8;

const CLOUDTRAIL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Gunzips (by magic number) and scans one log file; throws `LogFileError` when it is unusable. */
export function scanLogFile(stored: Uint8Array, config: ScanConfig): FileScan {
  // The gunzipped bytes are in a buffer kept for the next file (see inflate.ts): nothing of
  // them outlives this call but copies.
  const data = decompress(stored, config.maxFileBytes ?? Infinity);
  if (config.fastPaths) {
    const scan = scanFast(data, config);
    if (scan) return scan;
  }
  const records = parseLogText(data.toString('utf8'));
  const scan = emptyScan(data.length, records.length, 'parsed', config.principals.length);
  const matcher = new Matcher(config, scan);
  for (const record of records) matcher.add(record);
  return scan;
}

/**
 * Frees a buffer's memory now rather than at some later garbage collection: V8 lets dead
 * buffers pile up by tens of megabytes per thread, which would be most of the peak memory. Only
 * for buffers whose every view the caller owns. Node's shared pool of small buffers cannot be
 * detached (it throws, and nothing happens); without `ArrayBuffer.prototype.transfer` (Node 20)
 * the garbage collector frees it as before.
 */
export function release(bytes: Uint8Array): void {
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (!(buffer instanceof ArrayBuffer) || typeof buffer.transfer !== 'function') return;
  // Small buffers are not worth it, and a buffer the size of a pool slab may be one.
  if (buffer.byteLength < 16 * 1024 || buffer.byteLength === Buffer.poolSize) return;
  try {
    buffer.transfer(0);
  } catch {
    // A pooled buffer: shared, left to the garbage collector.
  }
}

function emptyScan(bytes: number, records: number, path: ScanPath, principals: number): FileScan {
  return {
    bytes,
    records,
    outsideWindow: new Array<number>(principals).fill(0),
    badTime: new Array<number>(principals).fill(0),
    others: Array.from({ length: principals }, (): string[] => []),
    notApiCalls: new Array<number>(principals).fill(0),
    groups: [],
    resourceLists: [],
    calls: [],
    path,
  };
}

/**
 * Gunzips when the bytes are gzip (by magic number, not by name), into the thread's reused
 * buffer, sized from the gzip trailer (the uncompressed size modulo 2^32); a wrong trailer
 * only costs speed. The result is valid until the next call.
 */
function decompress(bytes: Uint8Array, maxBytes: number): Buffer {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = bytes.length >= 18 ? view.readUInt32LE(bytes.length - 4) : 0;
    try {
      return gunzipReusing(view, size, maxBytes);
    } catch (error) {
      if (error instanceof TooLargeError) throw new LogFileError(error.message);
      throw new LogFileError(`bad gzip data (${(error as Error).message})`);
    }
  }
  if (bytes.length > maxBytes) throw new LogFileError(tooLargeMessage(maxBytes));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The filters of one file's records, in the order the reader has always applied them. */
class Matcher {
  private readonly groupIndex = new Map<string, number>();
  private readonly listIndex = new Map<string, number>();
  private readonly names: readonly string[];
  /** Per principal, what its records' callers hold (`principalNeedle`). */
  private readonly needles: readonly string[];

  constructor(
    private readonly config: ScanConfig,
    private readonly scan: FileScan,
  ) {
    this.names = searchOf(config).names;
    this.needles = config.principals.map(principalNeedle);
  }

  add(record: CloudTrailRecord): void {
    if (this.config.fastPaths && !this.names.some((name) => mentions(record, name))) return;
    const caller = callerOf(record);
    if (!caller) return;
    const { principals } = this.config;
    for (let p = 0; p < principals.length; p++) {
      if (matchesPrincipal(principals[p]!, caller)) this.addCall(record, p, caller.arn);
      else this.other(record, p, caller.arn);
    }
  }

  /**
   * A caller that is not the principal, kept when its record names the principal: what a read
   * of that principal alone would keep, whatever the other principals of the run.
   */
  private other(record: CloudTrailRecord, principal: number, arn: string): void {
    const others = this.scan.others[principal]!;
    if (others.length >= MAX_OTHERS || others.includes(arn)) return;
    if (mentions(record, this.needles[principal]!)) others.push(arn);
  }

  private addCall(record: CloudTrailRecord, principal: number, issuer: string): void {
    const { scan } = this;
    const time = normalizeTime(record.eventTime);
    if (time === undefined) {
      scan.badTime[principal]!++;
      return;
    }
    if (time < this.config.fromIso || time >= this.config.toIso) {
      scan.outsideWindow[principal]!++;
      return;
    }
    if (
      record.eventType !== 'AwsApiCall' ||
      typeof record.eventSource !== 'string' ||
      typeof record.eventName !== 'string'
    ) {
      scan.notApiCalls[principal]!++;
      return;
    }
    const group = callGroupOf(record as ApiCallRecord, issuer, principal);
    // The group's own fields, in their fixed order: no second list of them per call.
    const key = JSON.stringify(group);
    let index = this.groupIndex.get(key);
    if (index === undefined) {
      index = scan.groups.length;
      this.groupIndex.set(key, index);
      scan.groups.push(group);
    }
    scan.calls.push(
      index,
      time,
      typeof record.eventID === 'string' ? record.eventID : null,
      this.resourceList(record),
    );
  }

  /** The index of the call's list of resources in the file's lists; null when none. */
  private resourceList(record: CloudTrailRecord): number | null {
    const resources = callResources(record);
    if (resources.length === 0) return null;
    const joined = resources.join('\n');
    let list = this.listIndex.get(joined);
    if (list === undefined) {
      list = this.scan.resourceLists.length;
      this.listIndex.set(joined, list);
      this.scan.resourceLists.push(joined);
    }
    return list;
  }
}

/** Up to this many names, one native `indexOf` pass per name beats one pass of the automaton. */
const INDEXOF_NAMES = 2;

/**
 * What the fast paths look for, worked out once per configuration (and thread), not per file:
 * the principals' distinct names, and for more than `INDEXOF_NAMES` of them their skip search
 * or, when some name is shorter than `SKIP_SEARCH_MIN_LENGTH`, their automaton.
 */
interface NameSearch {
  names: readonly string[];
  /** Every name's characters, for the escape check. */
  characters: string;
  skip?: NameSkipSearch;
  automaton?: NameAutomaton;
}

const searches = new WeakMap<ScanConfig, NameSearch>();

function searchOf(config: ScanConfig): NameSearch {
  let search = searches.get(config);
  if (!search) {
    const names = [...new Set(config.principals.map(principalNeedle))];
    const shortest = Math.min(...names.map((name) => Buffer.byteLength(name)));
    search = {
      names,
      characters: names.join(''),
      ...(names.length <= INDEXOF_NAMES
        ? {}
        : shortest >= SKIP_SEARCH_MIN_LENGTH
          ? { skip: new NameSkipSearch(names) }
          : { automaton: new NameAutomaton(names) }),
    };
    searches.set(config, search);
  }
  return search;
}

/** A record of an API call: its event source and name are strings. */
export type ApiCallRecord = CloudTrailRecord & { eventSource: string; eventName: string };

/** What a call shares with the others of its group: all but its time, event ID and resources. */
export function callGroupOf(record: ApiCallRecord, issuer: string, principal = 0): CallGroup {
  const denied = isDenied(record);
  const account = record.recipientAccountId ?? record.userIdentity?.accountId;
  return {
    principal,
    issuer,
    eventSource: record.eventSource,
    eventName: record.eventName,
    awsRegion: typeof record.awsRegion === 'string' ? record.awsRegion : null,
    account: typeof account === 'string' ? account : null,
    dataEvent: record.eventCategory === 'Data',
    denied,
    deniedAction: denied ? (deniedActionIn(record.errorMessage ?? '') ?? null) : null,
    facts: requestFacts(record),
  };
}

/**
 * False when none of the fields `callerOf` reads (the session issuer's ARN, the caller's ARN,
 * a user's name) contains the name, so the record cannot be that principal's: substring tests
 * instead of parsing ARNs for every other caller's records.
 */
function mentions(record: CloudTrailRecord, name: string): boolean {
  const identity = record.userIdentity;
  if (!identity) return false;
  const issuer = identity.sessionContext?.sessionIssuer?.arn;
  if (typeof issuer === 'string' && issuer.includes(name)) return true;
  if (typeof identity.arn === 'string' && identity.arn.includes(name)) return true;
  return typeof identity.userName === 'string' && identity.userName.includes(name);
}

/**
 * CloudTrail writes `2026-01-31T12:00:00Z`; other ISO forms are brought to that form. Undefined
 * for what is not a real time (`2026-02-30T00:00:00Z`, `yesterday`, a number).
 */
export function normalizeTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // A time in CloudTrail's form must be that very time (no 30 February rolled into March).
  return CLOUDTRAIL_TIME.test(value) ? (iso === value ? value : undefined) : iso;
}

// ---------------------------------------------------------------------------------------------
// The fast path, on the bytes of a file shaped as CloudTrail writes it: an object whose one key
// is `Records`, an array of records separated by commas, each an object whose first key is
// `eventVersion`. CloudTrail writes it on one line with no spaces (`{"Records":[{"eventVersion":`
// ... `},{"eventVersion":` ... `}]}`); pretty-printed and re-exported files have the same
// tokens with JSON whitespace between them (space, tab, LF, CR: `JSON.stringify(x, null, 2)`,
// `python -m json.tool`, CRLF line ends). So, with `ws` for any run of those four bytes (or
// none), the accepted form is
//
//   ws { ws "Records" ws : ws [ ws RECORD ws , ws RECORD ... ws ] ws } ws    (or an empty array)
//
// where each RECORD starts `{ ws "eventVersion" ws :` and ends `}`. All of it is checked on the
// bytes: the file is never turned into one string, and the compact form costs about what it
// did when no whitespace was accepted.

const RECORDS_KEY = Buffer.from('"Records"');
const FIRST_KEY = Buffer.from('"eventVersion"');
/**
 * What is searched for: `Buffer.indexOf` looks for a pattern's first byte, and `"` and `e` are
 * everywhere in a trail while `v` is not, so from `"e` on the search is three times slower.
 */
const FIRST_KEY_TAIL = FIRST_KEY.subarray(2);
const ESCAPE = Buffer.from('\\u');
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Scans a file without parsing it whole, or returns undefined when the file is not in the form
 * that makes that exact (then it is parsed whole, as without fast paths):
 *
 * - The principal's records are found by its name: the fields `callerOf` reads hold it verbatim,
 *   unless JSON escapes (`\u0061`) spell one of its characters, and a file with such an escape
 *   is parsed whole. A record whose text does not contain the name is never parsed.
 * - Records are counted and delimited by `"eventVersion"` after `{` and whitespace and before
 *   whitespace and `:`, the key CloudTrail writes first in every record; the first such
 *   delimiter must open the array, and every other must follow `}` ws `,` ws. In valid JSON
 *   the bytes `"eventVersion"` after `{` are an object's first key, never inside a string (a
 *   quote inside a string is escaped). Each record that mentions the name is parsed on its own,
 *   from its `{` to the `}` before the next delimiter's comma (or before the array's `]`), and
 *   must be one JSON object, so a delimiter inside such a record (which would cut it into two
 *   invalid halves) sends the file to the whole parse.
 *
 * What is not checked, in records that do not mention the principal: their JSON validity, and that
 * each starts with `eventVersion` and holds no nested object that does. A file with the trail's
 * envelope that is invalid inside counts as read instead of failed (gzip's CRC catches
 * corruption of what CloudTrail wrote), and a record shaped otherwise than CloudTrail writes
 * them could be miscounted in `recordsRead`; neither changes what the principal is found to do.
 */
function scanFast(data: Buffer, config: ScanConfig): FileScan | undefined {
  const array = arrayBounds(data);
  if (!array) return undefined;
  const principals = config.principals.length;
  if (array.start === array.end) return emptyScan(data.length, 0, 'skipped', principals);
  // What the principals' records must contain: one of their names.
  if (hasEscapeOf(data, searchOf(config).characters)) return undefined;
  const starts = recordStarts(data, array.start, array.end);
  if (!starts) return undefined;
  return scanMentions(data, starts, array.end, config);
}

/**
 * Where the records array's contents lie: from its first byte after `[` and whitespace to its
 * closing `]` (the same offset when the array is empty). Undefined unless the file is
 * ws `{` ws `"Records"` ws `:` ws `[` ... `]` ws `}` ws.
 */
function arrayBounds(data: Buffer): { start: number; end: number } | undefined {
  let at = skipSpace(data, 0);
  if (data[at] !== OPEN_BRACE) return undefined;
  at = skipSpace(data, at + 1);
  if (!bytesAt(data, RECORDS_KEY, at)) return undefined;
  at = skipSpace(data, at + RECORDS_KEY.length);
  if (data[at] !== COLON) return undefined;
  at = skipSpace(data, at + 1);
  if (data[at] !== OPEN_BRACKET) return undefined;
  const start = skipSpace(data, at + 1);
  const close = lastBefore(data, data.length);
  if (data[close] !== CLOSE_BRACE) return undefined;
  const end = lastBefore(data, close);
  if (data[end] !== CLOSE_BRACKET || end < start) return undefined;
  return { start, end };
}

/**
 * The offsets of the records' opening braces in the array's contents `[start, end)`: each `{`
 * followed by ws `"eventVersion"` ws `:`. The first must be at `start`, every other must
 * follow `}` ws `,` ws, and the last record must end with `}` before the array's `]`.
 * Undefined when the array is not so shaped.
 */
function recordStarts(data: Buffer, start: number, end: number): number[] | undefined {
  const starts: number[] = [];
  let tail = data.indexOf(FIRST_KEY_TAIL, start);
  while (tail !== -1 && tail < end) {
    const open = firstKeyOpen(data, tail);
    if (open !== -1) {
      if (starts.length === 0 ? open !== start : previousRecordEnd(data, open) === -1) {
        return undefined;
      }
      starts.push(open);
    }
    tail = data.indexOf(FIRST_KEY_TAIL, tail + FIRST_KEY_TAIL.length);
  }
  if (starts.length === 0 || data[lastBefore(data, end)] !== CLOSE_BRACE) return undefined;
  return starts;
}

/**
 * The offset of the `{` that opens an object whose first key is the `"eventVersion"` ending in
 * the `FIRST_KEY_TAIL` at `tail` (`{` ws `"eventVersion"` ws `:`), or -1. The bytes before the
 * tail are compared one by one: a call to `Buffer.compare` per record costs more.
 */
function firstKeyOpen(data: Buffer, tail: number): number {
  const at = tail - (FIRST_KEY.length - FIRST_KEY_TAIL.length);
  for (let k = 0; at + k < tail; k++) {
    if (data[at + k] !== FIRST_KEY[k]) return -1;
  }
  if (data[skipSpace(data, at + FIRST_KEY.length)] !== COLON) return -1;
  const open = lastBefore(data, at);
  return data[open] === OPEN_BRACE ? open : -1;
}

/**
 * Parses, each on its own, the records whose text holds one of the names, and adds them to the
 * scan; undefined when one of them is not one JSON object.
 */
function scanMentions(
  data: Buffer,
  starts: number[],
  end: number,
  config: ScanConfig,
): FileScan | undefined {
  const naming = recordsNaming(data, starts, end, config);
  const path = naming.length === 0 ? 'skipped' : 'partly-parsed';
  const scan = emptyScan(data.length, starts.length, path, config.principals.length);
  if (naming.length === 0) return scan;
  const matcher = new Matcher(config, scan);
  for (const i of naming) {
    let record: unknown;
    try {
      record = JSON.parse(data.toString('utf8', starts[i], recordEnd(data, starts, i, end)));
    } catch {
      return undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    matcher.add(record);
  }
  return scan;
}

/**
 * The records (by index in `starts`) whose text holds one of the names, in file order: one
 * `indexOf` pass per name, each skipping to the end of the record it hit; for more names, one
 * pass of their skip search or automaton.
 */
function recordsNaming(data: Buffer, starts: number[], end: number, config: ScanConfig): number[] {
  const { names, skip, automaton } = searchOf(config);
  if (skip) return recordsNamingSkipping(data, starts, end, skip);
  return automaton
    ? recordsNamingAny(data, starts, end, automaton)
    : recordsNamingEach(data, starts, end, names);
}

/**
 * `recordsNaming` by the skip search, each search going on from the end of the record it hit.
 * A name found at `at` inside record `i` lies in it whole: it cannot reach past the record's
 * closing `}`, which no name holds. A name in the bytes between records (a name such as `,`)
 * is in none of them, nor is any other name that starts there before the next record.
 */
function recordsNamingSkipping(
  data: Buffer,
  starts: number[],
  end: number,
  skip: NameSkipSearch,
): number[] {
  const records: number[] = [];
  let i = 0;
  let at = skip.find(data, starts[0]!, end);
  while (at !== -1) {
    while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
    const to = recordEnd(data, starts, i, end);
    let from = at + 1;
    if (at < to) {
      records.push(i);
      from = to;
    }
    at = skip.find(data, from, end);
  }
  return records;
}

/**
 * `recordsNaming` in one pass of the automaton. A name ends at `p` inside record `i` when `p` is
 * before the record's end: it cannot have begun before the record's `{`, which no name holds.
 * Past a hit the search goes on from the record's end; a name in the bytes between records (a
 * name such as `,`) is in none of them.
 */
function recordsNamingAny(
  data: Buffer,
  starts: number[],
  end: number,
  automaton: NameAutomaton,
): number[] {
  const { next, final } = automaton;
  const records: number[] = [];
  let state = 0;
  let i = 0;
  for (let p = starts[0]!; p < end; p++) {
    state = next[(state << 8) | data[p]!]!;
    if (final[state] !== 1) continue;
    while (i + 1 < starts.length && starts[i + 1]! <= p) i++;
    const to = recordEnd(data, starts, i, end);
    if (p < to) {
      records.push(i);
      p = to - 1;
      state = 0;
    }
  }
  return records;
}

/** `recordsNaming` with one `indexOf` pass per name. */
function recordsNamingEach(
  data: Buffer,
  starts: number[],
  end: number,
  names: readonly string[],
): number[] {
  const hit = new Uint8Array(starts.length);
  let any = false;
  for (const text of names) {
    const name = Buffer.from(text);
    let i = 0;
    let at = data.indexOf(name, starts[0]);
    while (at !== -1 && at < end) {
      while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
      const to = recordEnd(data, starts, i, end);
      // A hit between records (a name such as `,`) is in none of them.
      if (at < to) {
        hit[i] = 1;
        any = true;
      }
      at = data.indexOf(name, Math.max(to, at + 1));
    }
  }
  if (!any) return [];
  const records: number[] = [];
  for (let i = 0; i < hit.length; i++) if (hit[i] === 1) records.push(i);
  return records;
}

/** Just past the `}` that ends record `i`: before the next record's comma, or the array's `]`. */
function recordEnd(data: Buffer, starts: number[], i: number, end: number): number {
  const next = starts[i + 1];
  return next === undefined ? lastBefore(data, end) + 1 : previousRecordEnd(data, next);
}

/**
 * Where the record before the one opening at `open` ends (just past its `}`), when `}` ws `,`
 * ws come before `open`; else -1.
 */
function previousRecordEnd(data: Buffer, open: number): number {
  const comma = lastBefore(data, open);
  if (data[comma] !== COMMA) return -1;
  const close = lastBefore(data, comma);
  return data[close] === CLOSE_BRACE ? close + 1 : -1;
}

/** The offset of the first byte at or after `at` that is not JSON whitespace (or the length). */
function skipSpace(data: Buffer, at: number): number {
  while (at < data.length && isSpace(data[at]!)) at++;
  return at;
}

/** The offset of the last byte before `at` that is not JSON whitespace (or -1). */
function lastBefore(data: Buffer, at: number): number {
  at--;
  while (at >= 0 && isSpace(data[at]!)) at--;
  return at;
}

/** Whether `bytes` are in `data` at `at`. */
function bytesAt(data: Buffer, bytes: Buffer, at: number): boolean {
  return (
    at + bytes.length <= data.length &&
    data.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Whether a `\uXXXX` escape in the text spells a character of the name. */
function hasEscapeOf(data: Buffer, name: string): boolean {
  for (let at = data.indexOf(ESCAPE); at !== -1; at = data.indexOf(ESCAPE, at + 2)) {
    const hex = data.toString('latin1', at + 2, at + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) continue;
    if (name.includes(String.fromCharCode(parseInt(hex, 16)))) return true;
  }
  return false;
}
