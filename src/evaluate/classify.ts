import { lookupAction, type AccessLevel } from '../mapping/catalogue.js';
import { isObservable } from '../mapping/observable.js';
import type { ActionUsage } from '../mapping/action-usage.js';
import type { CurrentPolicies } from '../policies/types.js';
import { cmp } from '../activity/event-usage.js';
import { evaluate, grantedActions, type Decision, type Grant } from './evaluator.js';
import { isDataEventAction, isPrivilegeEscalation } from './knowledge.js';
import { byAction } from './evaluator.js';

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
  accessLevel: AccessLevel | 'Unknown';
  /** A known way to more privilege (iam:PassRole, iam:AttachRolePolicy, ...). */
  risk: boolean;
  grantedBy: string[];
  decision: 'allowed' | 'conditionally-allowed';
}

export type UnknownReason = 'never-logged' | 'data-events-not-in-trail' | 'no-event-maps-to-it';

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
  /** IAM prefixes whose data events appear in the records read. */
  dataEventServices: ReadonlySet<string>;
}

/**
 * Sorts every granted action into used, unused, or unknown, and every denied call by its
 * cause. Unknown is never reported as unused: an action the trail cannot show (never logged,
 * a data event the trail does not record, no event maps to it) stays unknown.
 */
export function classify(
  current: CurrentPolicies,
  usage: readonly ActionUsage[],
  context: ClassifyContext,
): Classification {
  const grants = current.policies.length > 0 ? grantedActions(current) : [];
  const grantByAction = new Map(grants.map((g) => [g.action, g]));
  const usageByAction = new Map(usage.map((u) => [u.action, u]));

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
    const accessLevel = lookupAction(grant.action)?.accessLevel ?? 'Unknown';
    const risk = isPrivilegeEscalation(grant.action);
    const reason = unknownReason(grant.action, context);
    if (reason) {
      unknown.push({
        action: grant.action,
        ...reason,
        accessLevel,
        risk,
        grantedBy: policiesOf(grant),
      });
    } else {
      unused.push({
        action: grant.action,
        accessLevel,
        risk,
        grantedBy: policiesOf(grant),
        decision: grant.decision,
      });
    }
  }

  const denied: DeniedAction[] = [];
  const notGranted: NotGrantedAction[] = [];
  for (const u of usage) {
    if (u.denied > 0) denied.push(deniedEntry(current, u));
    if (u.count > 0 && current.policies.length > 0 && !grantByAction.has(u.action)) {
      notGranted.push({
        action: u.action,
        count: u.count,
        currentDecision: evaluate(current, u.action).decision,
      });
    }
  }

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
    figures: figures(grants, used, unused, unknown, denied),
  };
}

function unknownReason(
  action: string,
  context: ClassifyContext,
): { reason: UnknownReason; detail: string } | undefined {
  if (action.toLowerCase() === 'iam:passrole') {
    return {
      reason: 'never-logged',
      detail:
        'iam:PassRole is checked when a role is handed to a service and never logged as an event of its own',
    };
  }
  const service = action.slice(0, action.indexOf(':'));
  if (isDataEventAction(action) && !context.dataEventServices.has(service)) {
    return {
      reason: 'data-events-not-in-trail',
      detail: `a ${service} data event; the records read hold no ${service} data events, so the trail may not log them`,
    };
  }
  if (!isObservable(action)) {
    return {
      reason: 'no-event-maps-to-it',
      detail:
        'no CloudTrail event is known to need this action (a permission-only action, or an API newer than the event map)',
    };
  }
  return undefined;
}

function deniedEntry(current: CurrentPolicies, u: ActionUsage): DeniedAction {
  const combined = evaluate(current, u.action);
  const identity = current.boundary ? evaluate({ policies: current.policies }, u.action) : combined;
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

function policiesOf(grant: Grant): string[] {
  return [
    ...new Set(
      grant.statements
        .filter((s) => s.effect === 'Allow' && s.kind !== 'boundary')
        .map((s) => s.policy),
    ),
  ].sort(cmp);
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
  grants: readonly Grant[],
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
  for (const g of grants) row(g.action).granted++;
  for (const u of used) row(u.action).used++;
  for (const u of unused) row(u.action).unused++;
  for (const u of unknown) row(u.action).unknown++;
  for (const d of denied) row(d.action).denied++;
  return {
    granted: grants.length,
    used: used.length,
    unused: unused.length,
    unknown: unknown.length,
    denied: denied.length,
    reductionPercent:
      grants.length === 0 ? 0 : Math.round((unused.length * 1000) / grants.length) / 10,
    byService: [...services.values()].sort((a, b) => cmp(a.service, b.service)),
  };
}
