import { parseResource, resourceRank, type ResourceSource } from '../scan/resources.js';
import type { CallGroup } from '../scan/scan.js';
import { byCodeUnits } from '../../util/order.js';

/** A resource calls acted on: how many calls, the last one, and how its ARN was found. */
export interface ResourceUse {
  arn: string;
  how: ResourceSource;
  count: number;
  lastSeen: string;
}

/**
 * Distinct resources (ARN and how it was found) kept per event at most; calls beyond them are
 * counted in `otherResources`.
 */
export const MAX_RESOURCES_PER_EVENT = 1000;

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
   * ...: activity/scan/parameters.ts); omitted when none.
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
  /** The resources the calls acted on (activity/scan/resources.ts), by ARN; omitted when none. */
  resources?: ResourceUse[];
  /**
   * Calls on resources past `MAX_RESOURCES_PER_EVENT` distinct ones, by the service of their
   * ARN (`s3`): their ARNs are not kept (memory stays bounded); omitted when none.
   */
  otherResources?: Record<string, number>;
}

const SAMPLES = 3;

interface Entry {
  usage: Omit<EventUsage, 'regions' | 'accounts' | 'sampleEventIds' | 'resources'>;
  resources: Map<string, ResourceUse>;
  regions: Set<string>;
  accounts: Set<string>;
  /** Kept sorted by (time, id): the earliest events, whatever the order files are read in. */
  samples: { time: string; id: string }[];
}

export class EventUsageAggregator {
  private readonly entries = new Map<string, Entry>();

  /** One call of a group the scan found: its time, event ID and resource list. */
  add(
    group: CallGroup,
    time: string,
    eventID: string | null,
    resources: readonly string[] = [],
  ): void {
    const { eventSource, eventName, denied, facts } = group;
    const deniedAction = group.deniedAction ?? undefined;
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
        resources: new Map(),
      };
      this.entries.set(key, entry);
    }
    const usage = entry.usage;
    usage.count++;
    if (time < usage.firstSeen) usage.firstSeen = time;
    if (time > usage.lastSeen) usage.lastSeen = time;
    if (group.dataEvent) usage.dataEvent = true;
    if (group.awsRegion !== null) entry.regions.add(group.awsRegion);
    if (group.account !== null) entry.accounts.add(group.account);
    if (eventID !== null) addSample(entry.samples, { time, id: eventID });
    // Keyed by the encoded `<how> <arn>` as the scan gives it: a call on a known resource
    // costs one lookup, no parsing; the same ARN found two ways is merged in `result()`.
    for (const encoded of resources) {
      const use = entry.resources.get(encoded);
      if (use !== undefined) {
        use.count++;
        if (time > use.lastSeen) use.lastSeen = time;
        continue;
      }
      if (entry.resources.size >= MAX_RESOURCES_PER_EVENT) {
        // `<how> arn:<partition>:<service>:...`: the service is the third colon field.
        const service = encoded.split(':', 3)[2] ?? '';
        usage.otherResources ??= {};
        usage.otherResources[service] = (usage.otherResources[service] ?? 0) + 1;
        continue;
      }
      const { how, arn } = parseResource(encoded);
      entry.resources.set(encoded, { arn, how, count: 1, lastSeen: time });
    }
  }

  /** The aggregated events, sorted by source, name, denied, denied action. */
  result(): EventUsage[] {
    return [...this.entries.values()]
      .map((entry) => {
        const usage: EventUsage = {
          ...entry.usage,
          regions: [...entry.regions].sort(),
          accounts: [...entry.accounts].sort(),
          sampleEventIds: entry.samples.map((sample) => sample.id),
        };
        if (entry.resources.size > 0)
          usage.resources = mergeResources([], entry.resources.values());
        return usage;
      })
      .sort(compareEvents);
  }
}

/**
 * Resource uses merged by ARN (counts added, the last call, the most direct way it was found),
 * sorted by ARN; neither input is changed.
 */
export function mergeResources(
  into: readonly ResourceUse[],
  more: Iterable<ResourceUse>,
): ResourceUse[] {
  const byArn = new Map(into.map((use) => [use.arn, { ...use }]));
  for (const use of more) {
    const before = byArn.get(use.arn);
    if (before === undefined) byArn.set(use.arn, { ...use });
    else {
      before.count += use.count;
      if (use.lastSeen > before.lastSeen) before.lastSeen = use.lastSeen;
      if (resourceRank(use.how) < resourceRank(before.how)) before.how = use.how;
    }
  }
  return [...byArn.values()].sort((a, b) => byCodeUnits(a.arn, b.arn));
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
    byCodeUnits(a.eventSource, b.eventSource) ||
    byCodeUnits(a.eventName, b.eventName) ||
    Number(a.denied) - Number(b.denied) ||
    byCodeUnits(a.deniedAction ?? '', b.deniedAction ?? '') ||
    byCodeUnits((a.facts ?? []).join('\u0001'), (b.facts ?? []).join('\u0001'))
  );
}
