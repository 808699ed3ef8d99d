import type { ActionUsage } from '../mapping/action-usage.js';
import type { PolicyDocument, PolicyStatement } from '../policies/types.js';
import { byAction, byCodeUnits } from '../util/order.js';

/**
 * The least-privilege policy for what the role used: one Allow statement per service, actions
 * sorted, so the same usage always gives the same bytes. Denied calls are not included: they
 * never succeeded. Resources are `*`, unless `scopes` (resource-scope) names the resources an
 * action acted on: those actions go into statements of their service per set of patterns
 * (`<Service>Scoped`, numbered when there are several).
 */
export function generatePolicy(
  usage: readonly ActionUsage[],
  scopes: ReadonlyMap<string, { patterns: readonly string[] }> = new Map(),
): PolicyDocument {
  const byService = new Map<string, string[]>();
  for (const u of usage) {
    if (u.count === 0) continue;
    const service = u.action.slice(0, u.action.indexOf(':'));
    let actions = byService.get(service);
    if (!actions) byService.set(service, (actions = []));
    actions.push(u.action);
  }
  const statements: PolicyStatement[] = [];
  for (const service of [...byService.keys()].sort(byCodeUnits)) {
    const actions = [...new Set(byService.get(service))].sort(byAction);
    const onAll = actions.filter((a) => (scopes.get(a)?.patterns.length ?? 0) === 0);
    if (onAll.length > 0) {
      statements.push({ Sid: sidFor(service), Effect: 'Allow', Action: onAll, Resource: '*' });
    }
    const byPatterns = new Map<string, string[]>();
    for (const action of actions) {
      const patterns = scopes.get(action)?.patterns ?? [];
      if (patterns.length === 0) continue;
      const key = patterns.join('\n');
      byPatterns.set(key, [...(byPatterns.get(key) ?? []), action]);
    }
    let n = 0;
    for (const [key, scoped] of byPatterns) {
      const patterns = key.split('\n');
      n++;
      statements.push({
        Sid: `${sidFor(service)}Scoped${n === 1 ? '' : n}`,
        Effect: 'Allow',
        Action: scoped,
        Resource: patterns.length === 1 ? patterns[0]! : patterns,
      });
    }
  }
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
