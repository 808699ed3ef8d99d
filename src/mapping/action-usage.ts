import { stripVersionSuffix, type MappingSource } from './map-event.js';
import { impliedActions } from './parameters.js';
import type { Catalogue } from './catalogue.js';
import type { IamKnowledge } from './knowledge.js';
import {
  mergeResources,
  type EventUsage,
  type ResourceUse,
} from '../activity/aggregate/event-usage.js';
import { byCodeUnits } from '../util/order.js';

/** What the role did, per IAM action. */
export interface ActionUsage {
  action: string;
  /** Calls that went through (successful, or failed after authorization). */
  count: number;
  /** Calls refused by authorization. */
  denied: number;
  firstSeen: string;
  lastSeen: string;
  regions: string[];
  accounts: string[];
  /** The events that map to this action, as `eventSource eventName`. */
  events: string[];
  /**
   * How the events were mapped to this action; `parameter`: inferred from the request
   * parameters of those events (a version id, a role handed to a service).
   */
  how: (MappingSource | 'denial-message' | 'parameter')[];
  /** For `parameter`: the facts that imply it (`versionId`, `role arn:aws:iam::...`). */
  parameters?: string[];
  dataEvent: boolean;
  sampleEventIds: string[];
  /**
   * The resources the calls that went through acted on, those of the action's resource types
   * (an object for `s3:GetObject`, not its bucket), by ARN; omitted when none was found.
   */
  resources?: ResourceUse[];
  /**
   * Calls on resources whose ARNs were not kept (see `EventUsage.otherResources`), of the
   * services of the action's resource types.
   */
  otherResources?: number;
}

/** An event no mapping resolves; reported, never dropped. */
export interface UnmappedEvent {
  eventSource: string;
  eventName: string;
  count: number;
  reason: string;
}

/** An event that needs no permission (sts:GetCallerIdentity) or is not a permission use. */
export interface PermissionlessEvent {
  eventSource: string;
  eventName: string;
  count: number;
  reason: string;
}

/** An action some event may have needed, depending on parameters the trail does not show. */
export interface PossiblyNeeded {
  action: string;
  /** The events that may have needed it, as `eventSource eventName`. */
  events: string[];
}

export interface MappedUsage {
  usage: ActionUsage[];
  unmapped: UnmappedEvent[];
  permissionless: PermissionlessEvent[];
  /** Actions events may have needed (conditional entries of the operation map); never "used". */
  possiblyNeeded: PossiblyNeeded[];
}

const SAMPLES = 3;

/** Maps per-event usage to per-action usage; pure. */
export function mapUsage(iam: IamKnowledge, events: readonly EventUsage[]): MappedUsage {
  const { catalogue, events: eventMap } = iam;
  const byAction = new Map<string, ActionUsage>();
  const unmapped = new Map<string, UnmappedEvent>();
  const permissionless = new Map<string, PermissionlessEvent>();
  const possibly = new Map<string, Set<string>>();

  for (const event of events) {
    // Denied calls included: the call may need the action once the denial is fixed.
    for (const action of eventMap.possibleActions(event.eventSource, event.eventName)) {
      let set = possibly.get(action);
      if (!set) possibly.set(action, (set = new Set()));
      set.add(`${event.eventSource} ${event.eventName}`);
    }
    // Actions the request parameters imply (a version, a passed role): for calls that went
    // through; a denial does not say which check refused it.
    const implied =
      !event.denied && event.facts !== undefined
        ? impliedActions(
            catalogue,
            eventMap.serviceForEventSource(event.eventSource) ?? '',
            stripVersionSuffix(event.eventName) ?? event.eventName,
            event.facts,
          )
        : [];
    // Counted once per call, also where the event's own mapping already names the action
    // (the operation map has iam:PassRole for CreateFunction): then the parameter is evidence.
    const addImplied = (mapped: readonly string[]): void => {
      const facts = new Map<string, string[]>();
      for (const { action, fact } of implied)
        facts.set(action, [...(facts.get(action) ?? []), fact]);
      for (const [action, why] of facts) {
        const usage = mapped.includes(action)
          ? byAction.get(action)!
          : addUsage(catalogue, byAction, action, event, 'parameter');
        usage.how = union(usage.how, ['parameter']);
        usage.parameters = union(usage.parameters ?? [], why);
      }
    };
    let actions: string[];
    let how: ActionUsage['how'][number];
    const fromMessage =
      event.deniedAction !== undefined ? catalogue.canonicalAction(event.deniedAction) : undefined;
    if (fromMessage !== undefined) {
      actions = [fromMessage];
      how = 'denial-message';
    } else {
      const mapping = eventMap.mapEvent(event.eventSource, event.eventName);
      if (mapping.kind === 'unmapped') {
        addCount(unmapped, event, mapping.reason);
        addImplied([]);
        continue;
      }
      if (mapping.kind === 'no-permission') {
        addCount(permissionless, event, mapping.reason);
        addImplied([]);
        continue;
      }
      actions = mapping.actions;
      how = mapping.how;
    }
    for (const action of actions) addUsage(catalogue, byAction, action, event, how);
    addImplied(actions);
  }

  return {
    usage: [...byAction.values()].sort((a, b) =>
      byCodeUnits(a.action.toLowerCase(), b.action.toLowerCase()),
    ),
    unmapped: sortEvents([...unmapped.values()]),
    permissionless: sortEvents([...permissionless.values()]),
    possiblyNeeded: [...possibly]
      .map(([action, set]) => ({ action, events: [...set].sort(byCodeUnits) }))
      .sort((a, b) => byCodeUnits(a.action.toLowerCase(), b.action.toLowerCase())),
  };
}

/** Counts the event's calls as uses (or denials) of the action. */
function addUsage(
  catalogue: Catalogue,
  byAction: Map<string, ActionUsage>,
  action: string,
  event: EventUsage,
  how: ActionUsage['how'][number],
): ActionUsage {
  let usage = byAction.get(action);
  if (!usage) {
    usage = {
      action,
      count: 0,
      denied: 0,
      firstSeen: event.firstSeen,
      lastSeen: event.lastSeen,
      regions: [],
      accounts: [],
      events: [],
      how: [],
      dataEvent: false,
      sampleEventIds: [],
    };
    byAction.set(action, usage);
  }
  if (event.denied) usage.denied += event.count;
  else usage.count += event.count;
  if (event.firstSeen < usage.firstSeen) usage.firstSeen = event.firstSeen;
  if (event.lastSeen > usage.lastSeen) usage.lastSeen = event.lastSeen;
  usage.regions = union(usage.regions, event.regions);
  usage.accounts = union(usage.accounts, event.accounts);
  usage.events = union(usage.events, [`${event.eventSource} ${event.eventName}`]);
  usage.how = union(usage.how, [how]);
  usage.dataEvent ||= event.dataEvent;
  usage.sampleEventIds = union(usage.sampleEventIds, event.sampleEventIds).slice(0, SAMPLES);
  if (!event.denied) addResources(catalogue, usage, event);
  return usage;
}

/** The event's resources of the action's types, merged into the usage by ARN. */
function addResources(catalogue: Catalogue, usage: ActionUsage, event: EventUsage): void {
  const mine = (event.resources ?? []).filter((r) => catalogue.actionActsOn(usage.action, r.arn));
  if (event.otherResources !== undefined) {
    const services = catalogue.actionResourceServices(usage.action);
    for (const [service, count] of Object.entries(event.otherResources)) {
      if (services.has(service)) usage.otherResources = (usage.otherResources ?? 0) + count;
    }
  }
  if (mine.length > 0) usage.resources = mergeResources(usage.resources ?? [], mine);
}

function addCount<
  T extends { eventSource: string; eventName: string; count: number; reason: string },
>(map: Map<string, T>, event: EventUsage, reason: string): void {
  const key = `${event.eventSource}\u0000${event.eventName}`;
  const existing = map.get(key);
  if (existing) existing.count += event.count;
  else
    map.set(key, {
      eventSource: event.eventSource,
      eventName: event.eventName,
      count: event.count,
      reason,
    } as T);
}

function sortEvents<T extends { eventSource: string; eventName: string }>(items: T[]): T[] {
  return items.sort(
    (a, b) => byCodeUnits(a.eventSource, b.eventSource) || byCodeUnits(a.eventName, b.eventName),
  );
}

function union<T extends string>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])].sort(byCodeUnits);
}
