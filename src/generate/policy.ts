import type { ActionUsage } from '../mapping/action-usage.js';
import type { PolicyDocument, PolicyStatement } from '../policies/types.js';
import { byAction } from '../evaluate/evaluator.js';
import { cmp } from '../activity/event-usage.js';

/**
 * The least-privilege policy for what the role used: one Allow statement per service, actions
 * sorted, so the same usage always gives the same bytes. Denied calls are not included: they
 * never succeeded. Resources are `*` at this stage.
 */
export function generatePolicy(usage: readonly ActionUsage[]): PolicyDocument {
  const byService = new Map<string, string[]>();
  for (const u of usage) {
    if (u.count === 0) continue;
    const service = u.action.slice(0, u.action.indexOf(':'));
    let actions = byService.get(service);
    if (!actions) byService.set(service, (actions = []));
    actions.push(u.action);
  }
  const statements: PolicyStatement[] = [...byService.keys()].sort(cmp).map((service) => ({
    Sid: sidFor(service),
    Effect: 'Allow',
    Action: [...new Set(byService.get(service))].sort(byAction),
    Resource: '*',
  }));
  return { Version: '2012-10-17', Statement: statements };
}

/** `access-analyzer` → `AccessAnalyzer`: Sids are alphanumeric. */
export function sidFor(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Policy JSON as IAM users write it: 2-space indentation and a trailing newline. */
export function formatPolicy(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
