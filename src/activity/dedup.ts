import { EventIdSet } from './event-id-set.js';

/** The account, region and day folder a log file was delivered to (the trail layout's). */
export interface FileFolder {
  account: string;
  region: string;
  /** `YYYY-MM-DD` */
  day: string;
}

/**
 * Event days kept before the earliest day folder that may still be read: a file in the folder
 * of day D holds the events of the last minutes of D-1 and of D (CloudTrail delivers within
 * minutes), so events of D-2 and earlier cannot come again. One more day is kept as a margin.
 */
const DAYS_KEPT_BEFORE = 2;

/** Emptied sets kept for reuse, at most, and only those of a day of ordinary size (8 MB). */
const MAX_SPARE = 4;
const MAX_SPARE_CAPACITY = 1 << 19;

interface Bucket {
  ids: EventIdSet;
  /** The IDs of this event day were dropped once, and its calls came again. */
  reopened: boolean;
}

interface Group {
  /** `account/region` */
  key: string;
  /** Day folder → files of it handed out and not finished. */
  inFlight: Map<string, number>;
  /** The latest day folder handed out. */
  frontier: string;
  /** The listing went on to another account or region: no more files of this one come. */
  closed: boolean;
  /** Event day → the IDs of the role's calls of that day. */
  buckets: Map<string, Bucket>;
  /** The earliest day folder that may still be read when the group was last swept. */
  sweptAt: string | null | undefined;
}

/**
 * De-duplicates the role's calls by event ID, as CloudTrail may deliver an event more than
 * once, while keeping memory bounded by the days being read rather than by every call of the
 * role since the start: at 16 to 32 bytes an ID, a role with 100 million calls would otherwise
 * need gigabytes.
 *
 * IDs are kept per account, region and event day. Files are listed in key order, so an
 * account and region's day folders come in order, one account and region after another. Once
 * every file handed out up to a day folder is done, the IDs of the events two days and more
 * before it are dropped; once the listing moves to another account or region, all of the
 * previous one's are. A duplicate delivered in the folder of its own day or the next is always
 * found, whatever the order files complete in.
 *
 * A call of a day whose IDs were dropped (the same account, region and day read again: two
 * trails in one tree, or a file delivered days late) cannot be checked against the calls read
 * before; it is counted in `unchecked`, so the report can say call counts may hold duplicates.
 * Files outside the trail layout have no folder: their IDs are kept for the whole run.
 */
export class CallDeduplicator {
  /** Calls that could not be checked against all the calls of their day read before. */
  unchecked = 0;
  private readonly groups = new Map<string, Group>();
  /** `account/region/eventDay` of the IDs dropped. */
  private readonly dropped = new Set<string>();
  private current: Group | undefined;
  private readonly loose: Bucket = { ids: new EventIdSet(), reopened: false };
  /**
   * Sets of dropped days, emptied, for the next days: a run then reuses a few tables instead of
   * asking the C heap for new ones day after day (freed only when the garbage collector gets
   * to them, they fragmented it and the process grew with the trail).
   */
  private readonly spare: EventIdSet[] = [];

  /** A file of `folder` is handed out to be read; in listing order. */
  started(folder: FileFolder | undefined): void {
    if (!folder) return;
    const key = groupKey(folder);
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        inFlight: new Map(),
        frontier: folder.day,
        closed: false,
        buckets: new Map(),
        sweptAt: undefined,
      };
      this.groups.set(key, group);
    }
    if (this.current && this.current !== group) {
      this.current.closed = true;
      this.sweep(this.current);
    }
    this.current = group;
    if (group.closed) {
      // Listed again (another trail's copy of this account and region): a new pass, whose days
      // start again from this one.
      group.closed = false;
      group.frontier = folder.day;
      group.sweptAt = undefined;
    }
    group.inFlight.set(folder.day, (group.inFlight.get(folder.day) ?? 0) + 1);
    if (folder.day > group.frontier) group.frontier = folder.day;
  }

  /** That file is done (read or failed), after its calls were added. */
  finished(folder: FileFolder | undefined): void {
    if (!folder) return;
    const key = groupKey(folder);
    const group = this.groups.get(key);
    if (!group) return;
    const left = (group.inFlight.get(folder.day) ?? 1) - 1;
    if (left > 0) group.inFlight.set(folder.day, left);
    else group.inFlight.delete(folder.day);
    this.sweep(group);
  }

  /**
   * The check for one file's calls: it answers true for a call seen for the first time, false
   * for a duplicate. `time` is the call's `eventTime`.
   */
  forFile(folder: FileFolder | undefined): (eventId: string, time: string) => boolean {
    if (!folder) return (eventId) => this.loose.ids.add(eventId);
    const key = groupKey(folder);
    const group = this.groups.get(key);
    if (!group) return (eventId) => this.loose.ids.add(eventId);
    let lastDay = '';
    let last: Bucket | undefined;
    return (eventId, time) => {
      if (last === undefined || !time.startsWith(lastDay)) {
        lastDay = time.slice(0, 10);
        last = group.buckets.get(lastDay);
        if (!last) {
          last = {
            ids: this.spare.pop() ?? new EventIdSet(),
            reopened: this.dropped.has(`${key}/${lastDay}`),
          };
          group.buckets.set(lastDay, last);
        }
      }
      const added = last.ids.add(eventId);
      if (added && last.reopened) this.unchecked++;
      return added;
    };
  }

  /** IDs kept (for tests and diagnostics). */
  get kept(): number {
    let total = this.loose.ids.size;
    for (const group of this.groups.values()) {
      for (const bucket of group.buckets.values()) total += bucket.ids.size;
    }
    return total;
  }

  /** Drops the buckets of event days that no file still to be read can hold. */
  private sweep(group: Group): void {
    let earliest: string | null = null;
    for (const day of group.inFlight.keys())
      if (earliest === null || day < earliest) earliest = day;
    if (earliest === null && !group.closed) earliest = group.frontier;
    if (earliest === group.sweptAt) return;
    group.sweptAt = earliest;
    const limit = earliest === null ? null : shiftDay(earliest, -DAYS_KEPT_BEFORE);
    for (const day of [...group.buckets.keys()]) {
      if (limit === null || day < limit) {
        const { ids } = group.buckets.get(day)!;
        group.buckets.delete(day);
        if (this.spare.length < MAX_SPARE && ids.capacity <= MAX_SPARE_CAPACITY) {
          ids.clear();
          this.spare.push(ids);
        }
        this.dropped.add(`${group.key}/${day}`);
      }
    }
  }
}

function groupKey(folder: FileFolder): string {
  return `${folder.account}/${folder.region}`;
}

/** `YYYY-MM-DD` moved by `days`; a string that is not a day is returned as is. */
function shiftDay(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) return day;
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}
