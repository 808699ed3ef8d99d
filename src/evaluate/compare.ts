import { expandActionPattern } from '../mapping/catalogue.js';
import type { ActionUsage } from '../mapping/action-usage.js';
import type { CurrentPolicies, CurrentPolicy, PolicyStatement } from '../policies/types.js';
import { cmp } from '../activity/event-usage.js';

/** A statement the comparison could not take into account, and why. */
export interface NotEvaluated {
  policy: string;
  sid?: string;
  reason: string;
}

export interface Comparison {
  /** Every action the plain Allow statements grant, with the policies that grant it. */
  granted: { action: string; policies: string[] }[];
  /** Granted and seen succeeding. */
  used: string[];
  /** Granted and not seen succeeding in the window. */
  unused: string[];
  /** Seen refused by authorization. */
  denied: string[];
  /** Seen succeeding but not granted by the given policies (another policy granted it). */
  notGranted: string[];
  /** Action patterns in the policies that name no action in the IAM catalogue. */
  unknownPatterns: { policy: string; pattern: string }[];
  notEvaluated: NotEvaluated[];
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Compares what the role used with what its policies grant. This stage is exact for plain
 * Allow statements (Action, any Resource, no Condition); every other statement is listed in
 * `notEvaluated`, so the report says what it did not take into account.
 */
export function compare(current: CurrentPolicies, usage: readonly ActionUsage[]): Comparison {
  const granted = new Map<string, Set<string>>();
  const notEvaluated: NotEvaluated[] = [];
  const unknownPatterns: { policy: string; pattern: string }[] = [];

  for (const policy of current.policies) {
    asArray(policy.document.Statement).forEach((statement, index) => {
      const reason = unsupported(statement);
      if (reason) {
        notEvaluated.push(describe(policy, statement, index, reason));
        return;
      }
      for (const pattern of asArray(statement.Action)) {
        const actions = expandActionPattern(pattern);
        if (actions.length === 0) unknownPatterns.push({ policy: policy.name, pattern });
        for (const action of actions) {
          let policies = granted.get(action);
          if (!policies) granted.set(action, (policies = new Set()));
          policies.add(policy.name);
        }
      }
    });
  }
  if (current.boundary) {
    notEvaluated.push({
      policy: current.boundary.name,
      reason:
        'permissions boundaries are not evaluated yet: the actions listed as granted may be capped by it',
    });
  }

  const usedActions = new Set(usage.filter((u) => u.count > 0).map((u) => u.action));
  const grantedActions = [...granted.keys()].sort(byAction);
  return {
    granted: grantedActions.map((action) => ({
      action,
      policies: [...granted.get(action)!].sort(cmp),
    })),
    used: grantedActions.filter((action) => usedActions.has(action)),
    unused: grantedActions.filter((action) => !usedActions.has(action)),
    denied: usage.filter((u) => u.denied > 0).map((u) => u.action),
    notGranted: [...usedActions].filter((action) => !granted.has(action)).sort(byAction),
    unknownPatterns,
    notEvaluated,
  };
}

function unsupported(statement: PolicyStatement): string | undefined {
  if (statement.Effect === 'Deny')
    return 'Deny statements are not evaluated yet: the actions they deny may still be listed as granted';
  if (statement.Effect !== 'Allow') return `unknown Effect "${String(statement.Effect)}"`;
  if (statement.NotAction !== undefined) return 'NotAction statements are not evaluated yet';
  if (statement.Condition !== undefined)
    return 'statements with a Condition grant only sometimes and are not evaluated yet';
  if (statement.NotResource !== undefined) return 'NotResource statements are not evaluated yet';
  if (statement.Action === undefined) return 'statement has no Action';
  return undefined;
}

function describe(
  policy: CurrentPolicy,
  statement: PolicyStatement,
  index: number,
  reason: string,
): NotEvaluated {
  return { policy: policy.name, sid: statement.Sid ?? `#${index + 1}`, reason };
}

export function byAction(a: string, b: string): number {
  return cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b);
}
