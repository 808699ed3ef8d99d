import type { CloudTrailRecord } from './types.js';

/**
 * What the role did, aggregated per distinct event: (eventSource, eventName, denied or not,
 * the action a denial message names). Memory grows with the number of distinct events, never
 * with the number of records.
 */
export interface EventUsage {
  eventSource: string;
  eventName: string;
  /** True when the call was refused by authorization (AccessDenied and the like). */
  denied: boolean;
  /** For denials, the action the error message names, when it names one. */
  deniedAction?: string;
  /**
   * Request parameters that change which actions the call needed (`versionId`, `role <arn>`,
   * ...: activity/parameters.ts); omitted when none.
   */
  facts?: string[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  regions: string[];
  accounts: string[];
  /** True when any of these records is a data event (eventCategory Data). */
  dataEvent: boolean;
  /** A few event IDs, the earliest ones, as evidence. */
  sampleEventIds: string[];
}

const SAMPLES = 3;

interface Entry {
  usage: Omit<EventUsage, 'regions' | 'accounts' | 'sampleEventIds'>;
  regions: Set<string>;
  accounts: Set<string>;
  /** Kept sorted by (time, id): the earliest events, whatever the order files are read in. */
  samples: { time: string; id: string }[];
}

export class EventUsageAggregator {
  private readonly entries = new Map<string, Entry>();

  add(
    record: CloudTrailRecord,
    time: string,
    denied: boolean,
    deniedAction: string | undefined,
    facts: readonly string[] = [],
  ): void {
    const eventSource = record.eventSource ?? '';
    const eventName = record.eventName ?? '';
    const key = `${eventSource}\u0000${eventName}\u0000${denied ? 1 : 0}\u0000${deniedAction ?? ''}\u0000${facts.join('\u0001')}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        usage: {
          eventSource,
          eventName,
          denied,
          ...(deniedAction !== undefined ? { deniedAction } : {}),
          ...(facts.length > 0 ? { facts: [...facts] } : {}),
          count: 0,
          firstSeen: time,
          lastSeen: time,
          dataEvent: false,
        },
        regions: new Set(),
        accounts: new Set(),
        samples: [],
      };
      this.entries.set(key, entry);
    }
    const usage = entry.usage;
    usage.count++;
    if (time < usage.firstSeen) usage.firstSeen = time;
    if (time > usage.lastSeen) usage.lastSeen = time;
    if (record.eventCategory === 'Data') usage.dataEvent = true;
    if (typeof record.awsRegion === 'string') entry.regions.add(record.awsRegion);
    const account = record.recipientAccountId ?? record.userIdentity?.accountId;
    if (typeof account === 'string') entry.accounts.add(account);
    if (typeof record.eventID === 'string') addSample(entry.samples, { time, id: record.eventID });
  }

  /** The aggregated events, sorted by source, name, denied, denied action. */
  result(): EventUsage[] {
    return [...this.entries.values()]
      .map((entry) => ({
        ...entry.usage,
        regions: [...entry.regions].sort(),
        accounts: [...entry.accounts].sort(),
        sampleEventIds: entry.samples.map((sample) => sample.id),
      }))
      .sort(compareEvents);
  }
}

function addSample(
  samples: { time: string; id: string }[],
  sample: { time: string; id: string },
): void {
  const before = (a: { time: string; id: string }, b: { time: string; id: string }): boolean =>
    a.time < b.time || (a.time === b.time && a.id < b.id);
  if (samples.length === SAMPLES && !before(sample, samples[SAMPLES - 1]!)) return;
  if (samples.some((s) => s.id === sample.id)) return;
  let i = samples.length;
  while (i > 0 && before(sample, samples[i - 1]!)) i--;
  samples.splice(i, 0, sample);
  if (samples.length > SAMPLES) samples.pop();
}

export function compareEvents(a: EventUsage, b: EventUsage): number {
  return (
    cmp(a.eventSource, b.eventSource) ||
    cmp(a.eventName, b.eventName) ||
    Number(a.denied) - Number(b.denied) ||
    cmp(a.deniedAction ?? '', b.deniedAction ?? '') ||
    cmp((a.facts ?? []).join('\u0001'), (b.facts ?? []).join('\u0001'))
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
