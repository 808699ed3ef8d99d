import type { AccessLevel, Catalogue } from '../mapping/catalogue.js';
import { dataEventDirection } from '../mapping/data-events.js';
import type { IamKnowledge } from '../mapping/knowledge.js';
import type { EventMap } from '../mapping/map-event.js';
import type { ActionUsage, MappedUsage, PossiblyNeeded } from '../mapping/action-usage.js';
import type { CurrentPolicies } from '../policies/types.js';
import { evaluate, grantedActions, type Decision, type Grant } from './evaluator.js';
import { isPrivilegeEscalation } from './escalation.js';
import { byAction, byCodeUnits } from '../util/order.js';
import { asArray } from '../policies/document.js';

export interface UsedAction {
  action: string;
  count: number;
  lastSeen: string;
  /** Policies whose statements grant it. */
  grantedBy: string[];
  /** `conditionally-allowed` when only statements with a Condition grant it. */
  decision: 'allowed' | 'conditionally-allowed';
  sampleEventIds: string[];
}

export interface UnusedAction {
  action: string;
  /**
   * `not-seen`: the trail shows its calls and the role made none; `service-not-called`: no API
   * of its own, checked inside calls of its service, and the role called that service not once.
   */
  reason: UnusedReason;
  detail: string;
  accessLevel: AccessLevel | 'Unknown';
  /** A known way to more privilege (iam:PassRole, iam:AttachRolePolicy, ...). */
  risk: boolean;
  grantedBy: string[];
  decision: 'allowed' | 'conditionally-allowed';
}

export type UnusedReason = 'not-seen' | 'service-not-called';

/**
 * Why a granted action's use is unknown. `service-not-recorded` is the one reason the default
 * `unknown: called-services` does not keep: the service is not recorded by CloudTrail at all
 * (preview, no public API) and nothing in the trail suggests the role used it.
 */
export type UnknownReason =
  | 'never-logged'
  | 'service-not-recorded'
  | 'data-events-not-in-trail'
  | 'possibly-needed'
  | 'unmapped-events-of-service'
  | 'permission-only'
  | 'permission-only-cross-service'
  | 'no-api-model'
  | 'not-in-catalogue';

export const UNKNOWN_REASONS: readonly UnknownReason[] = [
  'never-logged',
  'data-events-not-in-trail',
  'permission-only-cross-service',
  'permission-only',
  'possibly-needed',
  'unmapped-events-of-service',
  'no-api-model',
  'not-in-catalogue',
  'service-not-recorded',
];

export interface UnknownAction {
  action: string;
  reason: UnknownReason;
  detail: string;
  accessLevel: AccessLevel | 'Unknown';
  risk: boolean;
  grantedBy: string[];
}

export interface DeniedAction {
  action: string;
  count: number;
  lastSeen: string;
  /** What the current identity policies (with the boundary) say of the action. */
  currentDecision: Decision;
  /**
   * `blocked-elsewhere`: the identity policies allow it, so something else refused it (an SCP,
   * a resource policy, a session policy); `boundary`: the boundary refused it; `not-granted`:
   * the identity policies do not allow it (a real gap, if the call was meant to work).
   */
  cause: 'blocked-elsewhere' | 'boundary' | 'not-granted';
  explanation: string;
}

/** Used but not allowed by the current policies (allowed by a resource policy, or policies not given). */
export interface NotGrantedAction {
  action: string;
  count: number;
  currentDecision: Decision;
}

export interface ServiceFigures {
  service: string;
  granted: number;
  used: number;
  unused: number;
  unknown: number;
  denied: number;
}

export interface Classification {
  used: UsedAction[];
  unused: UnusedAction[];
  unknown: UnknownAction[];
  denied: DeniedAction[];
  notGranted: NotGrantedAction[];
  figures: {
    granted: number;
    used: number;
    unused: number;
    unknown: number;
    denied: number;
    /** Share of granted actions that are unused, in percent with one decimal. */
    reductionPercent: number;
    byService: ServiceFigures[];
  };
}

export interface ClassifyContext {
  /**
   * Data events the records read hold, per IAM prefix and direction: `s3:read`, `s3:write`
   * (the direction of an action is its access level: Read and List read, the others write).
   */
  dataEvents: ReadonlySet<string>;
  /** Actions some event of the role may have needed, depending on parameters the trail omits. */
  possiblyNeeded?: readonly PossiblyNeeded[];
  /** IAM prefix → names of the role's events of that service that map to no action. */
  unmappedServices?: ReadonlyMap<string, readonly string[]>;
  /**
   * IAM prefixes of every service the role called (allowed, denied, unmapped or needing no
   * permission): a permission-only action is checked only inside calls of its own service.
   */
  calledServices?: ReadonlySet<string>;
}

/** What the classification needs to know of the mapped usage besides the per-action counts. */
export function classifyContext(iam: IamKnowledge, mapped: MappedUsage): ClassifyContext {
  const dataEvents = new Set<string>();
  for (const u of mapped.usage) {
    if (u.dataEvent) {
      dataEvents.add(`${serviceOf(u.action)}:${dataEventDirection(iam.catalogue, u.action)}`);
    }
  }
  const serviceOfSource = (source: string): string | undefined =>
    serviceOfEventSource(iam.events, source);
  const unmappedServices = new Map<string, string[]>();
  const calledServices = new Set<string>();
  for (const e of mapped.unmapped) {
    const service = serviceOfSource(e.eventSource);
    if (service === undefined) continue;
    calledServices.add(service);
    let names = unmappedServices.get(service);
    if (!names) unmappedServices.set(service, (names = []));
    names.push(e.eventName);
  }
  // From the events themselves: an action an event implies (iam:PassRole for a CreateFunction
  // that hands over a role, lambda:ListFunctions for a Compute Optimizer call) is no call of its
  // own service.
  for (const u of mapped.usage) {
    for (const event of u.events) {
      const service = serviceOfSource(event.slice(0, event.indexOf(' ')));
      if (service !== undefined) calledServices.add(service);
    }
  }
  for (const e of mapped.permissionless) {
    const service = serviceOfSource(e.eventSource);
    if (service !== undefined) calledServices.add(service);
  }
  return { dataEvents, possiblyNeeded: mapped.possiblyNeeded, unmappedServices, calledServices };
}

/** The IAM prefix of an event source, or the host before `.amazonaws.com`. */
function serviceOfEventSource(events: EventMap, eventSource: string): string | undefined {
  const source = eventSource.trim().toLowerCase();
  const service =
    events.serviceForEventSource(source) ??
    (source.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : undefined);
  return service === '' ? undefined : service;
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

/**
 * Sorts every granted action into used, unused, or unknown, and every denied call by its
 * cause. Unknown is never reported as unused: an action the trail cannot show (never logged,
 * a data event the trail does not record, no event maps to it) stays unknown.
 */
export function classify(
  iam: IamKnowledge,
  current: CurrentPolicies,
  usage: readonly ActionUsage[],
  context: ClassifyContext,
): Classification {
  const { catalogue } = iam;
  const grants = current.policies.length > 0 ? grantedActions(catalogue, current) : [];
  const grantByAction = new Map(grants.map((g) => [g.action, g]));
  const usageByAction = new Map(usage.map((u) => [u.action, u]));
  const possibly = new Set((context.possiblyNeeded ?? []).map((p) => p.action.toLowerCase()));
  const facts: ReasonFacts = { iam, context, possibly };

  const { used, unused, unknown } = sortGrants(catalogue, grants, usageByAction, facts);
  // Patterns naming no catalogue action (`futuresvc:DoThing`: an API or a service newer than
  // the catalogue, or a typo): the proposal keeps them verbatim, so they are unknown.
  const outside = outsideCatalogue(catalogue, current);
  unknown.push(...outside);

  const { denied, notGranted } = usageNotAllowed(catalogue, current, usage, grantByAction);
  unused.sort(
    (a, b) =>
      Number(b.risk) - Number(a.risk) ||
      riskOrder(a.accessLevel) - riskOrder(b.accessLevel) ||
      byAction(a.action, b.action),
  );
  return {
    used,
    unused,
    unknown,
    denied,
    notGranted,
    figures: figures(
      [...grants.map((g) => g.action), ...outside.map((u) => u.action)],
      used,
      unused,
      unknown,
      denied,
    ),
  };
}

/** Each granted action: used (a call went through), else unknown or unused, with the reason. */
function sortGrants(
  catalogue: Catalogue,
  grants: readonly Grant[],
  usageByAction: ReadonlyMap<string, ActionUsage>,
  facts: ReasonFacts,
): { used: UsedAction[]; unused: UnusedAction[]; unknown: UnknownAction[] } {
  const used: UsedAction[] = [];
  const unused: UnusedAction[] = [];
  const unknown: UnknownAction[] = [];
  for (const grant of grants) {
    const u = usageByAction.get(grant.action);
    if (u && u.count > 0) {
      used.push({
        action: grant.action,
        count: u.count,
        lastSeen: u.lastSeen,
        grantedBy: policiesOf(grant),
        decision: grant.decision,
        sampleEventIds: u.sampleEventIds,
      });
      continue;
    }
    const accessLevel = catalogue.lookupAction(grant.action)?.accessLevel ?? 'Unknown';
    const risk = isPrivilegeEscalation(grant.action);
    const reason = verdict(grant.action, facts);
    if (reason.unknown) {
      unknown.push({
        action: grant.action,
        reason: reason.reason,
        detail: reason.detail,
        accessLevel,
        risk,
        grantedBy: policiesOf(grant),
      });
    } else {
      unused.push({
        action: grant.action,
        reason: reason.reason,
        detail: reason.detail,
        accessLevel,
        risk,
        grantedBy: policiesOf(grant),
        decision: grant.decision,
      });
    }
  }
  return { used, unused, unknown };
}

/** Denied calls with their cause, and used actions the policies do not grant. */
function usageNotAllowed(
  catalogue: Catalogue,
  current: CurrentPolicies,
  usage: readonly ActionUsage[],
  grantByAction: ReadonlyMap<string, Grant>,
): { denied: DeniedAction[]; notGranted: NotGrantedAction[] } {
  const denied: DeniedAction[] = [];
  const notGranted: NotGrantedAction[] = [];
  for (const u of usage) {
    if (u.denied > 0) denied.push(deniedEntry(catalogue, current, u));
    if (u.count > 0 && current.policies.length > 0 && !grantByAction.has(u.action)) {
      notGranted.push({
        action: u.action,
        count: u.count,
        currentDecision: evaluate(catalogue, current, u.action).decision,
      });
    }
  }
  return { denied, notGranted };
}

interface ReasonFacts {
  iam: IamKnowledge;
  context: ClassifyContext;
  /** Lowercased actions some event may have needed. */
  possibly: ReadonlySet<string>;
}

type Verdict =
  | { unknown: true; reason: UnknownReason; detail: string }
  | { unknown: false; reason: UnusedReason; detail: string };

/** Why a granted action the role did not use is unknown, or why it is unused. */
function verdict(action: string, { iam, context, possibly }: ReasonFacts): Verdict {
  const visibility = iam.visibility.actionVisibility(action);
  const service = serviceOf(action);
  const called = context.calledServices?.has(service) ?? true;
  if (visibility === undefined) {
    return {
      unknown: true,
      reason: 'not-in-catalogue',
      detail: 'names no action of the IAM catalogue',
    };
  }
  if (visibility.kind === 'never-logged') {
    return visibility.scope === 'service' && !called
      ? { unknown: true, reason: 'service-not-recorded', detail: visibility.detail }
      : { unknown: true, reason: 'never-logged', detail: visibility.detail };
  }
  if (visibility.kind === 'data-event') {
    const direction = visibility.direction!;
    if (!context.dataEvents.has(`${service}:${direction}`)) {
      return {
        unknown: true,
        reason: 'data-events-not-in-trail',
        detail: `a ${service} data event (${direction}); the records read hold no ${service} data events of that direction, so the trail may not log them`,
      };
    }
  }
  if (possibly.has(action.toLowerCase())) {
    return {
      unknown: true,
      reason: 'possibly-needed',
      detail:
        'an event of the role may have needed it, depending on request parameters the trail does not show (e.g. DynamoDB TransactWriteItems, S3 CopyObject)',
    };
  }
  if (context.unmappedServices?.has(service)) {
    return {
      unknown: true,
      reason: 'unmapped-events-of-service',
      detail:
        'the role made calls of this service that map to no known action (see the unmapped events); any of them may have needed it',
    };
  }
  if (visibility.kind === 'permission-only') {
    if (visibility.crossService) {
      return { unknown: true, reason: 'permission-only-cross-service', detail: visibility.detail };
    }
    if (called) {
      return {
        unknown: true,
        reason: 'permission-only',
        detail: `${visibility.detail}; the role called ${service}, and the trail does not show which checks those calls made`,
      };
    }
    return {
      unknown: false,
      reason: 'service-not-called',
      detail: `${visibility.detail}; the role made no ${service} call, so nothing checked it`,
    };
  }
  if (visibility.kind === 'unknown') {
    return called
      ? { unknown: true, reason: 'no-api-model', detail: visibility.detail }
      : {
          unknown: false,
          reason: 'service-not-called',
          detail: `${visibility.detail}; the role made no ${service} call at all`,
        };
  }
  return {
    unknown: false,
    reason: 'not-seen',
    detail: `${visibility.detail}; the role made no such call`,
  };
}

function deniedEntry(catalogue: Catalogue, current: CurrentPolicies, u: ActionUsage): DeniedAction {
  const combined = evaluate(catalogue, current, u.action);
  const identity = current.boundary
    ? evaluate(catalogue, { policies: current.policies }, u.action)
    : combined;
  const allows = (d: Decision): boolean => d === 'allowed' || d === 'conditionally-allowed';
  let cause: DeniedAction['cause'];
  let explanation: string;
  if (current.policies.length === 0) {
    cause = 'not-granted';
    explanation = 'no current policies were given to tell why';
  } else if (!allows(identity.decision)) {
    cause = 'not-granted';
    explanation =
      identity.decision === 'explicitly-denied'
        ? 'an explicit Deny in the identity policies refuses it'
        : 'no identity policy allows it';
  } else if (!allows(combined.decision)) {
    cause = 'boundary';
    explanation = 'the identity policies allow it, but the permissions boundary does not';
  } else {
    cause = 'blocked-elsewhere';
    explanation =
      'the identity policies allow it: an SCP, a resource policy or a session policy refused it';
  }
  return {
    action: u.action,
    count: u.denied,
    lastSeen: u.lastSeen,
    currentDecision: combined.decision,
    cause,
    explanation,
  };
}

/** Allow `Action` patterns of the identity policies that name no catalogue action, as unknowns. */
function outsideCatalogue(catalogue: Catalogue, current: CurrentPolicies): UnknownAction[] {
  const byPattern = new Map<string, UnknownAction>();
  for (const policy of current.policies) {
    for (const statement of asArray(policy.document.Statement)) {
      if (statement.Effect !== 'Allow') continue;
      for (const pattern of asArray(statement.Action)) {
        if (typeof pattern !== 'string' || catalogue.actionPatternSize(pattern) > 0) continue;
        const decision = evaluate(catalogue, current, pattern).decision;
        if (decision !== 'allowed' && decision !== 'conditionally-allowed') continue;
        const key = pattern.toLowerCase();
        const existing = byPattern.get(key);
        if (existing) {
          existing.grantedBy = [...new Set([...existing.grantedBy, policy.name])].sort(byCodeUnits);
          continue;
        }
        byPattern.set(key, {
          action: pattern,
          reason: 'not-in-catalogue',
          detail:
            'names no action of the IAM catalogue: an API or a service newer than the catalogue (or a typo); kept verbatim',
          accessLevel: 'Unknown',
          risk: isPrivilegeEscalation(pattern),
          grantedBy: [policy.name],
        });
      }
    }
  }
  return [...byPattern.values()].sort((a, b) => byAction(a.action, b.action));
}

function policiesOf(grant: Grant): string[] {
  return [
    ...new Set(
      grant.statements
        .filter((s) => s.effect === 'Allow' && s.kind !== 'boundary')
        .map((s) => s.policy),
    ),
  ].sort(byCodeUnits);
}

const LEVEL_ORDER: readonly string[] = [
  'Permissions management',
  'Write',
  'Tagging',
  'Read',
  'List',
  'Unknown',
];
function riskOrder(level: string): number {
  const index = LEVEL_ORDER.indexOf(level);
  return index === -1 ? LEVEL_ORDER.length : index;
}

function figures(
  granted: readonly string[],
  used: readonly UsedAction[],
  unused: readonly UnusedAction[],
  unknown: readonly UnknownAction[],
  denied: readonly DeniedAction[],
): Classification['figures'] {
  const services = new Map<string, ServiceFigures>();
  const row = (action: string): ServiceFigures => {
    const service = action.slice(0, action.indexOf(':'));
    let r = services.get(service);
    if (!r)
      services.set(
        service,
        (r = { service, granted: 0, used: 0, unused: 0, unknown: 0, denied: 0 }),
      );
    return r;
  };
  for (const action of granted) row(action).granted++;
  for (const u of used) row(u.action).used++;
  for (const u of unused) row(u.action).unused++;
  for (const u of unknown) row(u.action).unknown++;
  for (const d of denied) row(d.action).denied++;
  return {
    granted: granted.length,
    used: used.length,
    unused: unused.length,
    unknown: unknown.length,
    denied: denied.length,
    reductionPercent:
      granted.length === 0 ? 0 : Math.round((unused.length * 1000) / granted.length) / 10,
    byService: [...services.values()].sort((a, b) => byCodeUnits(a.service, b.service)),
  };
}
