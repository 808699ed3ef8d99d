/**
 * Proof that proposed policy documents grant nothing the current policies do not already grant.
 *
 * Two checks, both over the IAM catalogue:
 * 1. Action level: every action the proposal allows on some resource (`grantedActions`) is
 *    allowed today on some resource (`evaluate` with the resource unknown).
 * 2. Resource level: for every `Allow` statement of the proposal, every action it grants and
 *    every pattern of its `Resource` (`NotResource` counts as `*`), today's policies allow the
 *    action on every resource the pattern names (`evaluateResources`). So `s3:GetObject` on `*`
 *    is broader than today's `s3:GetObject` on one bucket, and broader than today's `s3:*` on `*`
 *    with a `Deny` on one bucket. Pattern coverage is proved, not guessed: when it cannot be
 *    proved, the action is reported.
 * 3. `Action` patterns naming no catalogue action are proved structurally (see
 *    `outsideCatalogueViolations`).
 *
 * Decisions compare as follows: a plain `Allow` needs today's decision to be `allowed`; a
 * proposed `conditionally-allowed` is not broader than today's `allowed`, and not broader than
 * today's `conditionally-allowed` only when each proposed `Allow` has a `Condition` equal to that
 * of an `Allow` in force today in each layer (identity policies, boundary) that is itself only
 * conditional, with no conditional `Deny` in that layer. Anything else is a violation. `Deny`
 * statements of the proposal are only used by the action-level check (a `Deny` on all
 * resources removes an action); the resource-level check ignores them, which can only report
 * more.
 */
import type { CurrentPolicies, PolicyDocument, PolicyStatement } from '../policies/types.js';
import {
  byAction,
  evaluateLayers,
  grantedActions,
  hasCondition,
  statementActions,
  type Decision,
  type LayerEvaluation,
  type LayeredEvaluation,
} from './evaluator.js';
import { expandActionPattern } from '../mapping/catalogue.js';
import { arnPatternCovers, hasPolicyVariable } from './wildcard.js';

export interface Violation {
  action: string;
  /** What the proposal grants. */
  proposed: Decision;
  /** What the current policies decide (on `resource` when set, else on some resource). */
  current: Decision;
  /** The proposed `Resource` pattern, for resource-level violations. */
  resource?: string;
}

export interface NotBroaderProof {
  ok: boolean;
  /** Sorted by action, then resource (action-level violation first). */
  violations: Violation[];
}

function proposedName(index: number): string {
  return `proposed[${index}]`;
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null);
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/**
 * A condition block in a canonical form: operators as written (sorted), condition keys
 * lowercased (IAM compares them case-insensitively, sorted), each value a sorted list of strings
 * (`"a"`, `["a"]` and `[true]` / `["true"]` are the same).
 */
function canonicalCondition(condition: PolicyStatement['Condition']): string {
  const sorted = <T>(entries: [string, T][]): [string, T][] =>
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const operators = Object.entries(condition ?? {}).map(([operator, keys]): [string, unknown] => [
    operator,
    sorted(
      Object.entries(keys).map(([key, value]): [string, string[]] => [
        key.toLowerCase(),
        (Array.isArray(value) ? value : [value]).map((v) => String(v)).sort(),
      ]),
    ),
  ]);
  return JSON.stringify(sorted(operators));
}

function sameCondition(a: PolicyStatement['Condition'], b: PolicyStatement['Condition']): boolean {
  return canonicalCondition(a) === canonicalCondition(b);
}

function layerImplies(layer: LayerEvaluation, statement: PolicyStatement): boolean {
  if (layer.decision === 'allowed') return true;
  if (layer.decision !== 'conditionally-allowed') return false;
  if (layer.statements.some((s) => s.ref.effect === 'Deny')) return false;
  return layer.statements.some(
    (s) =>
      s.ref.effect === 'Allow' &&
      s.onlyByCondition &&
      sameCondition(s.statement.Condition, statement.Condition),
  );
}

/** Whether granting `proposed` through `allows` is within what `current` decides. */
function notBroader(
  proposed: Decision,
  allows: readonly PolicyStatement[],
  current: LayeredEvaluation,
): boolean {
  if (current.decision === 'allowed') return true;
  if (proposed !== 'conditionally-allowed' || current.decision !== 'conditionally-allowed') {
    return false;
  }
  const layers = current.boundary ? [current.identity, current.boundary] : [current.identity];
  return (
    allows.length > 0 &&
    allows.every(
      (statement) =>
        hasCondition(statement) && layers.every((layer) => layerImplies(layer, statement)),
    )
  );
}

/**
 * Whether everything the proposed documents allow was already allowed by the current policies
 * (identity policies capped by the boundary); see the module comment for the rules.
 */
export function proveNotBroader(
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): NotBroaderProof {
  const byName = new Map<string, PolicyDocument>();
  const proposal: CurrentPolicies = {
    policies: proposed.map((document, i) => {
      byName.set(proposedName(i), document);
      return { kind: 'file', name: proposedName(i), document };
    }),
  };
  const statementAt = (policy: string, index: number): PolicyStatement | undefined => {
    const document = byName.get(policy);
    return document === undefined ? undefined : statementsOf(document)[index];
  };

  const contained = containment(proposed, current);
  const violations: Violation[] = [];
  const granted = new Set<string>();
  const actionLevel = new Set<string>();
  for (const grant of grantedActions(proposal)) {
    granted.add(grant.action);
    const today = evaluateLayers(current, grant.action);
    const allows = grant.statements
      .filter((r) => r.effect === 'Allow')
      .map((r) => statementAt(r.policy, r.index))
      .filter((s): s is PolicyStatement => s !== undefined);
    const allContained =
      allows.length > 0 &&
      allows.every((statement) => {
        const patterns = statement.Resource !== undefined ? strings(statement.Resource) : [];
        return patterns.length > 0 && patterns.every((p) => contained(statement, grant.action, p));
      });
    if (!notBroader(grant.decision, allows, today) && !allContained) {
      actionLevel.add(grant.action);
      violations.push({ action: grant.action, proposed: grant.decision, current: today.decision });
    }
  }

  const seen = new Map<string, Violation>();
  for (const document of proposed) {
    for (const statement of statementsOf(document)) {
      if (statement.Effect !== 'Allow') continue;
      const patterns =
        statement.Resource !== undefined
          ? strings(statement.Resource)
          : statement.NotResource !== undefined
            ? ['*']
            : [];
      if (patterns.length === 0) continue;
      const decision: Decision =
        hasCondition(statement) || patterns.some((p) => hasPolicyVariable(p))
          ? 'conditionally-allowed'
          : 'allowed';
      for (const action of statementActions(statement)) {
        if (!granted.has(action) || actionLevel.has(action)) continue;
        for (const resource of patterns) {
          const today = evaluateLayers(current, action, { kind: 'pattern', pattern: resource });
          if (notBroader(decision, [statement], today)) continue;
          if (contained(statement, action, resource)) continue;
          const key = `${action}\u0000${resource}`;
          const previous = seen.get(key);
          // Keep the broadest proposed decision for the same action and resource.
          if (
            previous === undefined ||
            (previous.proposed !== 'allowed' && decision === 'allowed')
          ) {
            seen.set(key, { action, resource, proposed: decision, current: today.decision });
          }
        }
      }
    }
  }
  violations.push(...seen.values());
  violations.push(...outsideCatalogueViolations(proposed, current));
  // An action has either one action-level violation (no resource) or resource-level ones.
  violations.sort((a, b) => {
    const ra = a.resource ?? '';
    const rb = b.resource ?? '';
    return byAction(a.action, b.action) || (ra < rb ? -1 : ra > rb ? 1 : 0);
  });
  return { ok: violations.length === 0, violations };
}

/**
 * `Action` patterns naming no catalogue action (`futuresvc:DoThing`) escape the checks above,
 * which work over the catalogue. They are proved structurally: the proposed statement is one
 * of today's `Allow` statements (same `Resource` / `NotResource` / `Condition`) that names the
 * same pattern, and every `Deny` of today's identity policies is kept verbatim.
 */
function outsideCatalogueViolations(
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): Violation[] {
  const todays = current.policies.flatMap((p) => statementsOf(p.document));
  const proposedStatements = new Set(proposed.flatMap(statementsOf).map((s) => JSON.stringify(s)));
  const deniesKept = todays
    .filter((s) => s.Effect === 'Deny')
    .every((s) => proposedStatements.has(JSON.stringify(s)));
  const scope = (s: PolicyStatement): string =>
    JSON.stringify([s.Resource ?? null, s.NotResource ?? null, s.Condition ?? null]);
  const violations: Violation[] = [];
  for (const statement of proposed.flatMap(statementsOf)) {
    if (statement.Effect !== 'Allow' || statement.Action === undefined) continue;
    for (const pattern of strings(statement.Action)) {
      if (expandActionPattern(pattern).length > 0) continue;
      const named = todays.some(
        (t) =>
          t.Effect === 'Allow' &&
          scope(t) === scope(statement) &&
          strings(t.Action).some((p) => p.toLowerCase() === pattern.toLowerCase()),
      );
      if (!deniesKept || !named) {
        violations.push({ action: pattern, proposed: 'allowed', current: 'implicitly-denied' });
      }
    }
  }
  return violations;
}

/**
 * A structural proof for what the decision comparison cannot settle (an Allow over resources
 * that today's Deny statements cut into): the proposal keeps every Deny statement of today's
 * identity policies verbatim, some Allow statement of today names the action, covers the
 * resource pattern, and has no Condition or the same one, and the boundary (if any) plainly
 * allows the action there. Then the proposed statement allows
 * nothing today's does not, and the same Denies apply to both.
 */
function containment(
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): (statement: PolicyStatement, action: string, resource: string) => boolean {
  const todays = current.policies.flatMap((p) => statementsOf(p.document));
  const proposedStatements = new Set(proposed.flatMap(statementsOf).map((s) => JSON.stringify(s)));
  const deniesKept = todays
    .filter((s) => s.Effect === 'Deny')
    .every((s) => proposedStatements.has(JSON.stringify(s)));
  const allows = todays.filter((s) => s.Effect === 'Allow' && s.Resource !== undefined);
  const actionsOf = new Map<PolicyStatement, Set<string>>();
  const named = (t: PolicyStatement, action: string): boolean => {
    let set = actionsOf.get(t);
    if (!set) actionsOf.set(t, (set = new Set(statementActions(t))));
    return set.has(action);
  };
  const boundaryAllows = (action: string, resource: string): boolean => {
    if (!current.boundary) return true;
    const layered = evaluateLayers(current, action, { kind: 'pattern', pattern: resource });
    return layered.boundary?.decision === 'allowed';
  };
  return (statement, action, resource) =>
    deniesKept &&
    boundaryAllows(action, resource) &&
    allows.some(
      (t) =>
        (!hasCondition(t) || sameCondition(t.Condition, statement.Condition)) &&
        named(t, action) &&
        strings(t.Resource).some(
          (pattern) => pattern === '*' || arnPatternCovers(pattern, resource),
        ),
    );
}
