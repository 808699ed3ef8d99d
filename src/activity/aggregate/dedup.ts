import { EventIdSet } from './event-id-set.js';

/** Where a log file of the trail layout sits: its account and region, and delivery time. */
export interface FileSpot {
  /** `account/region` */
  group: string;
  /**
   * When the file was delivered, `YYYY-MM-DDTHH:MM`: from its name
   * (`..._20261001T0005Z_...`), else the start of its day folder.
   */
  delivered: string;
}

/**
 * Hours of events kept before the delivery time of the file being read:
 * a file holds events of the minutes before it was delivered (CloudTrail delivers within about
 * five minutes of a call, on average), so a duplicate of an older event is not expected in it.
 * Six hours is a wide margin; an event older than that which comes again is counted as
 * unchecked, never taken for a new one silently.
 */
const HOURS_KEPT_BEFORE = 6;

/** Emptied sets kept for reuse, at most, and only those of an hour of ordinary size (8 MB). */
const MAX_SPARE = 4;
const MAX_SPARE_CAPACITY = 1 << 19;

interface Bucket {
  ids: EventIdSet;
  /** The IDs of this event hour were dropped once, and its calls came again. */
  reopened: boolean;
}

interface Group {
  /** `account/region` */
  key: string;
  /** The latest delivery time read. */
  frontier: string;
  /** The listing went on to another account or region: no more files of this one come. */
  closed: boolean;
  /** Event hour (`YYYY-MM-DDTHH`) → the IDs of the role's calls of that hour. */
  buckets: Map<string, Bucket>;
}

/**
 * De-duplicates the role's calls, as CloudTrail may deliver an event more than once, while
 * keeping memory bounded by the hours being read rather than by every call of the role since
 * the start: at 16 to 32 bytes an ID, a role with 100 million calls would otherwise need
 * gigabytes. A call is one event ID of one event source, name and time: two different calls
 * that share an event ID (written by hand, or by another tool) are both counted.
 *
 * Files are given to it in listing order (`begin`), whatever the order they were read in, so
 * what it finds depends only on the files. Files are listed in key order, so an account and
 * region's files come in order of delivery (day folders in order, and in a folder the names
 * carry the delivery time), one account and region after another. IDs are kept per account,
 * region and event hour; when a file delivered at T begins, the IDs of event hours more than
 * six hours before T are dropped, and once the listing moves to another account or region, all
 * of the previous one's are. A duplicate delivered within six hours of its event is always found.
 *
 * A call of an hour whose IDs were dropped (the same account, region and hour read again: two
 * trails in one tree, or a file delivered hours late) cannot be checked against the calls read
 * before; it is counted in `unchecked`, so the report can say call counts may hold duplicates.
 * Files outside the trail layout have no place: their IDs are kept for the whole run.
 */
export class CallDeduplicator {
  /** Calls that could not be checked against all the calls of their day read before. */
  unchecked = 0;
  private readonly groups = new Map<string, Group>();
  /** `account/region/eventHour` of the IDs dropped. */
  private readonly dropped = new Set<string>();
  private current: Group | undefined;
  private readonly loose: Bucket = { ids: new EventIdSet(), reopened: false };
  /**
   * Sets of dropped days, emptied, for the next days: a run then reuses a few tables instead of
   * asking the C heap for new ones day after day (freed only when the garbage collector gets
   * to them, they fragmented it and the process grew with the trail).
   */
  private readonly spare: EventIdSet[] = [];

  /** The calls of a file of `spot` come next; files begin in listing order. */
  begin(spot: FileSpot | undefined): void {
    if (!spot) return;
    const key = spot.group;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, frontier: spot.delivered, closed: false, buckets: new Map() };
      this.groups.set(key, group);
    }
    if (this.current && this.current !== group) {
      this.current.closed = true;
      this.drop(this.current, null);
    }
    this.current = group;
    if (group.closed) {
      // Listed again (another trail's copy of this account and region): a new pass, whose days
      // start again from this one.
      group.closed = false;
      group.frontier = spot.delivered;
    }
    if (spot.delivered > group.frontier) group.frontier = spot.delivered;
    this.drop(group, hoursBefore(group.frontier, HOURS_KEPT_BEFORE));
  }

  /**
   * The check for the calls of the file that began last with this spot: true for a call seen
   * for the first time, false for a duplicate. `time` is the call's `eventTime`; `call` names
   * it: its event ID, source and name (see `callKey`).
   */
  forFile(spot: FileSpot | undefined): (call: string, time: string) => boolean {
    if (!spot) return (call, time) => this.loose.ids.add(`${call}\n${time}`);
    const key = spot.group;
    const group = this.groups.get(key);
    if (!group) return (call, time) => this.loose.ids.add(`${call}\n${time}`);
    let lastHour = '';
    let last: Bucket | undefined;
    return (call, time) => {
      if (last === undefined || !time.startsWith(lastHour)) {
        lastHour = time.slice(0, 13);
        last = group.buckets.get(lastHour);
        if (!last) {
          last = {
            ids: this.spare.pop() ?? new EventIdSet(),
            reopened: this.dropped.has(`${key}/${lastHour}`),
          };
          group.buckets.set(lastHour, last);
        }
      }
      const added = last.ids.add(`${call}\n${time}`);
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

  /** Drops the buckets of event hours before `limit` (`YYYY-MM-DDTHH`; null: all of them). */
  private drop(group: Group, limit: string | null): void {
    // Deleting the entry being visited is safe while iterating a Map: no copy of the keys.
    for (const [hour, { ids }] of group.buckets) {
      if (limit === null || hour < limit) {
        group.buckets.delete(hour);
        if (this.spare.length < MAX_SPARE && ids.capacity <= MAX_SPARE_CAPACITY) {
          ids.clear();
          this.spare.push(ids);
        }
        this.dropped.add(`${group.key}/${hour}`);
      }
    }
  }
}

/** What names one call for de-duplication: its event ID, event source and event name. */
export function callKey(eventId: string, eventSource: string, eventName: string): string {
  return `${eventId}\n${eventSource}\n${eventName}`;
}

/** The hour (`YYYY-MM-DDTHH`) `hours` before a `YYYY-MM-DDTHH:MM` time; '' if not a time. */
function hoursBefore(time: string, hours: number): string {
  const at = Date.parse(`${time}:00Z`);
  if (Number.isNaN(at)) return '';
  return new Date(at - hours * 3_600_000).toISOString().slice(0, 13);
}

const DELIVERED = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

/**
 * Where a file sits, for `CallDeduplicator`: its account and region, and its delivery time
 * from its name, else the start of its day folder.
 */
export function fileSpot(
  key: string,
  folder: { account: string; region: string; day: string } | undefined,
): FileSpot | undefined {
  if (!folder) return undefined;
  const m = DELIVERED.exec(key);
  const delivered = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` : `${folder.day}T00:00`;
  return { group: `${folder.account}/${folder.region}`, delivered };
}
