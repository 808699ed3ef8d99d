/**
 * Proof that proposed policy documents grant nothing the current policies do not already grant.
 *
 * Three checks, over the IAM catalogue:
 * 1. Action level: every action the proposal allows on some resource (`grantedActions`) is
 *    allowed today on some resource (`evaluate` with the resource unknown).
 * 2. Resource level: for every `Allow` statement of the proposal, every action it grants and
 *    every pattern of its `Resource`, today's policies allow the action on every resource the
 *    pattern names (`evaluateResources`). So `s3:GetObject` on `*` is broader than today's
 *    `s3:GetObject` on one bucket, and broader than today's `s3:*` on `*` with a `Deny` on one
 *    bucket. A `NotResource` statement needs today's policies to allow the action on all
 *    resources, or a statement of today's that holds its whole region (see `containment`).
 *    Pattern coverage is proved, not guessed: when it cannot be proved, the action is reported.
 * 3. `Action` patterns naming no catalogue action are proved structurally (see
 *    `outsideCatalogueViolations`).
 *
 * Policy variables read as each document's Version says: `${aws:username}` is a variable only
 * with Version `2012-10-17` and plain text otherwise, so a statement moved to a document of
 * another Version is compared by what it then means.
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
  evaluateLayers,
  grantedActions,
  hasCondition,
  patternNamesResourcesOf,
  resourceElement,
  statementActions,
  variablesAreLiteral,
  type Decision,
  type LayerEvaluation,
  type LayeredEvaluation,
} from './evaluator.js';
import type { Catalogue } from '../mapping/catalogue.js';
import {
  arnPatternCovers,
  arnPatternsOverlap,
  hasPolicyVariable,
  isArnMatchAll,
} from './wildcard.js';
import { byAction, byCodeUnits } from '../util/order.js';
import { statementsOf, strings } from '../policies/document.js';

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

/**
 * A condition block in a canonical form: operators as written (sorted), condition keys
 * lowercased (IAM compares them case-insensitively, sorted), each value a sorted list of strings
 * (`"a"`, `["a"]` and `[true]` / `["true"]` are the same).
 */
function canonicalCondition(condition: PolicyStatement['Condition']): string {
  const sorted = <T>(entries: [string, T][]): [string, T][] =>
    entries.sort(([a], [b]) => byCodeUnits(a, b));
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

/** A statement with what its document says about policy variables. */
interface Placed {
  statement: PolicyStatement;
  /** `${...}` is plain text (Version `2008-10-17` or none). */
  literal: boolean;
}

function placedOf(documents: readonly PolicyDocument[]): Placed[] {
  return documents.flatMap((document) => {
    const literal = variablesAreLiteral(document);
    return statementsOf(document).map((statement) => ({ statement, literal }));
  });
}

/**
 * A statement as it means: the same JSON in documents of different Versions means the same only
 * when it holds no `${`.
 */
function meaningKey({ statement, literal }: Placed): string {
  const json = JSON.stringify(statement);
  return `${literal && json.includes('${') ? 'literal' : 'any'}\u0000${json}`;
}

/** A statement's resources (see `resourceElement`), or one of its `Resource` patterns. */
export type Region = { notResource: boolean; patterns: string[] };

/**
 * Whether every proposed `Allow` statement that grants the action, on every resource it names,
 * is within what the current policies decide; see the module comment for the rules.
 */
export function proveNotBroader(
  catalogue: Catalogue,
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): NotBroaderProof {
  const contained = containment(catalogue, proposed, current);
  const actions = actionLevel(catalogue, proposed, current, contained);
  const violations = [
    ...actions.violations,
    ...resourceLevel(catalogue, proposed, current, contained, actions),
  ];
  violations.push(...outsideCatalogueViolations(catalogue, proposed, current));
  // An action has either one action-level violation (no resource) or resource-level ones.
  violations.sort((a, b) => {
    const ra = a.resource ?? '';
    const rb = b.resource ?? '';
    return byAction(a.action, b.action) || byCodeUnits(ra, rb);
  });
  return { ok: violations.length === 0, violations };
}

type Containment = (placed: Placed, action: string, region: Region) => boolean;

/**
 * The proof per action, on whatever resources: each action the proposal grants must be granted
 * today at least as plainly, or held by today's statements (`contained`). Gives the violations,
 * the actions granted, and those refused here (not checked again per resource).
 */
function actionLevel(
  catalogue: Catalogue,
  proposed: PolicyDocument[],
  current: CurrentPolicies,
  contained: Containment,
): { violations: Violation[]; granted: Set<string>; refused: Set<string> } {
  const byName = new Map<string, PolicyDocument>();
  const proposal: CurrentPolicies = {
    policies: proposed.map((document, i) => {
      byName.set(proposedName(i), document);
      return { kind: 'file', name: proposedName(i), document };
    }),
  };
  const placedAt = (policy: string, index: number): Placed | undefined => {
    const document = byName.get(policy);
    if (document === undefined) return undefined;
    const statement = statementsOf(document)[index];
    return statement && { statement, literal: variablesAreLiteral(document) };
  };

  const violations: Violation[] = [];
  const granted = new Set<string>();
  const refused = new Set<string>();
  for (const grant of grantedActions(catalogue, proposal)) {
    granted.add(grant.action);
    const today = evaluateLayers(catalogue, current, grant.action);
    const allows = grant.statements
      .filter((r) => r.effect === 'Allow')
      .map((r) => placedAt(r.policy, r.index))
      .filter((p): p is Placed => p !== undefined);
    const allContained =
      allows.length > 0 &&
      allows.every((placed) => {
        const region = resourceElement(placed.statement, placed.literal);
        return (
          (region.notResource || region.patterns.length > 0) &&
          contained(placed, grant.action, region)
        );
      });
    if (
      !notBroader(
        grant.decision,
        allows.map((p) => p.statement),
        today,
      ) &&
      !allContained
    ) {
      refused.add(grant.action);
      violations.push({ action: grant.action, proposed: grant.decision, current: today.decision });
    }
  }
  return { violations, granted, refused };
}

/** The proof per resource pattern of each proposed `Allow` statement (or its NotResource). */
function resourceLevel(
  catalogue: Catalogue,
  proposed: PolicyDocument[],
  current: CurrentPolicies,
  contained: Containment,
  { granted, refused }: { granted: ReadonlySet<string>; refused: ReadonlySet<string> },
): Violation[] {
  const seen = new Map<string, Violation>();
  const record = (violation: Violation & { resource: string }): void => {
    const key = `${violation.action}\u0000${violation.resource}`;
    const previous = seen.get(key);
    // Keep the broadest proposed decision for the same action and resource.
    if (
      previous === undefined ||
      (previous.proposed !== 'allowed' && violation.proposed === 'allowed')
    ) {
      seen.set(key, violation);
    }
  };
  for (const placed of placedOf(proposed)) {
    const { statement } = placed;
    if (statement.Effect !== 'Allow') continue;
    const region = resourceElement(statement, placed.literal);
    if (!region.notResource && region.patterns.length === 0) continue;
    const decision: Decision =
      hasCondition(statement) || region.patterns.some((p) => hasPolicyVariable(p))
        ? 'conditionally-allowed'
        : 'allowed';
    const shown = strings(region.notResource ? statement.NotResource : statement.Resource);
    for (const action of statementActions(catalogue, statement)) {
      if (!granted.has(action) || refused.has(action)) continue;
      if (region.notResource) {
        // Everything but the NotResource patterns: today must allow the action everywhere, or
        // a statement of today's must hold the whole region.
        const today = evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern: '*' });
        if (notBroader(decision, [statement], today)) continue;
        if (contained(placed, action, region)) continue;
        record({
          action,
          resource: `all but ${shown.join(', ')}`,
          proposed: decision,
          current: today.decision,
        });
        continue;
      }
      region.patterns.forEach((resource, i) => {
        // A pattern naming no resource of the action's types grants it nothing.
        if (!patternNamesResourcesOf(catalogue, action, resource)) return;
        const today = evaluateLayers(catalogue, current, action, {
          kind: 'pattern',
          pattern: resource,
        });
        if (notBroader(decision, [statement], today)) return;
        if (contained(placed, action, { notResource: false, patterns: [resource] })) return;
        record({
          action,
          resource: shown[i] ?? resource,
          proposed: decision,
          current: today.decision,
        });
      });
    }
  }
  return [...seen.values()];
}

/**
 * `Action` patterns naming no catalogue action (`futuresvc:DoThing`) escape the checks above,
 * which work over the catalogue. They are proved structurally: the proposed statement is one
 * of today's `Allow` statements (same `Resource` / `NotResource` / `Condition`, read as their
 * documents' Versions read them) that names the same pattern, and every `Deny` of today's
 * identity policies is kept verbatim.
 */
function outsideCatalogueViolations(
  catalogue: Catalogue,
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): Violation[] {
  const todays = placedOf(current.policies.map((p) => p.document));
  const proposedPlaced = placedOf(proposed);
  const proposedKeys = new Set(proposedPlaced.map(meaningKey));
  const deniesKept = todays
    .filter((p) => p.statement.Effect === 'Deny')
    .every((p) => proposedKeys.has(meaningKey(p)));
  const scope = (p: Placed): string =>
    JSON.stringify([resourceElement(p.statement, p.literal), conditionKey(p)]);
  const violations: Violation[] = [];
  for (const placed of proposedPlaced) {
    const { statement } = placed;
    if (statement.Effect !== 'Allow' || statement.Action === undefined) continue;
    for (const pattern of strings(statement.Action)) {
      if (catalogue.actionPatternSize(pattern) > 0) continue;
      const named = todays.some(
        (t) =>
          t.statement.Effect === 'Allow' &&
          scope(t) === scope(placed) &&
          strings(t.statement.Action).some((p) => p.toLowerCase() === pattern.toLowerCase()),
      );
      if (!deniesKept || !named) {
        violations.push({ action: pattern, proposed: 'allowed', current: 'implicitly-denied' });
      }
    }
  }
  return violations;
}

/** A statement's Condition as it means (a `${` in it reads by its document's Version). */
function conditionKey({ statement, literal }: Placed): string {
  const json = JSON.stringify(statement.Condition ?? null);
  return `${literal && json.includes('${') ? 'literal' : 'any'}\u0000${json}`;
}

/** Today's statement has no Condition, or the same one as the proposed statement, read alike. */
function sameConditionAs(today: Placed, proposed: Placed): boolean {
  if (!hasCondition(today.statement)) return true;
  if (!sameCondition(today.statement.Condition, proposed.statement.Condition)) return false;
  return (
    today.literal === proposed.literal || !JSON.stringify(today.statement.Condition).includes('${')
  );
}

/** Whether every ARN `specific` matches is matched by `general`, whatever the request. */
function patternCovers(general: string, specific: string): boolean {
  if (isArnMatchAll(general)) return true;
  // A variable takes one value per request: only the same pattern surely matches the same ARNs.
  if (hasPolicyVariable(general)) return general === specific;
  return arnPatternCovers(general, specific);
}

/**
 * Whether every resource of the proposed region is a resource of today's statement (provably:
 * false also means "could not prove").
 */
export function regionCovers(today: Region, proposed: Region): boolean {
  if (!today.notResource) {
    if (today.patterns.some((p) => isArnMatchAll(p))) return true;
    if (proposed.notResource) return false;
    return proposed.patterns.every((s) => today.patterns.some((g) => patternCovers(g, s)));
  }
  // Today: everything but its patterns. A proposed NotResource must leave out at least those;
  // proposed patterns must touch none of them.
  if (proposed.notResource) {
    return today.patterns.every((n) => proposed.patterns.some((m) => patternCovers(m, n)));
  }
  return proposed.patterns.every((s) => today.patterns.every((n) => !arnPatternsOverlap(n, s)));
}

/**
 * A structural proof for what the decision comparison cannot settle (an Allow over resources
 * that today's Deny statements cut into, a `NotResource` statement): the proposal keeps every
 * Deny statement of today's identity policies verbatim, and some Allow statement of today names
 * the action, holds every resource of the proposed region (`Resource` patterns covered one by
 * one; a `NotResource` that leaves out at least what today's leaves out), and has no Condition
 * or the same one; and the boundary (if any) plainly allows the action on the whole region
 * (the proposal is proved on its own, not only under today's boundary). Then the proposed
 * statement allows nothing today's does not, and the same Denies apply to both.
 */
function containment(
  catalogue: Catalogue,
  proposed: PolicyDocument[],
  current: CurrentPolicies,
): (placed: Placed, action: string, region: Region) => boolean {
  const todays = placedOf(current.policies.map((p) => p.document));
  const proposedKeys = new Set(placedOf(proposed).map(meaningKey));
  const deniesKept = todays
    .filter((p) => p.statement.Effect === 'Deny')
    .every((p) => proposedKeys.has(meaningKey(p)));
  const allows = todays
    .filter(
      (p) =>
        p.statement.Effect === 'Allow' &&
        (p.statement.Resource !== undefined || p.statement.NotResource !== undefined),
    )
    .map((p) => ({ ...p, region: resourceElement(p.statement, p.literal) }));
  const actionsOf = new Map<PolicyStatement, Set<string>>();
  const named = (t: PolicyStatement, action: string): boolean => {
    let set = actionsOf.get(t);
    if (!set) actionsOf.set(t, (set = new Set(statementActions(catalogue, t))));
    return set.has(action);
  };
  const boundary = current.boundary ? placedOf([current.boundary.document]) : [];
  const boundaryAllows = (action: string, region: Region): boolean => {
    if (!current.boundary) return true;
    if (!region.notResource) {
      return region.patterns.every(
        (pattern) =>
          evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern }).boundary
            ?.decision === 'allowed',
      );
    }
    const everywhere = evaluateLayers(catalogue, current, action, {
      kind: 'pattern',
      pattern: '*',
    });
    if (everywhere.boundary?.decision === 'allowed') return true;
    // Everything but some resources: no Deny of the boundary names the action, and one plain
    // Allow of it holds the region.
    return (
      !boundary.some((b) => b.statement.Effect === 'Deny' && named(b.statement, action)) &&
      boundary.some(
        (b) =>
          b.statement.Effect === 'Allow' &&
          !hasCondition(b.statement) &&
          named(b.statement, action) &&
          regionCovers(resourceElement(b.statement, b.literal), region),
      )
    );
  };
  return (placed, action, region) =>
    deniesKept &&
    boundaryAllows(action, region) &&
    allows.some(
      (t) =>
        sameConditionAs(t, placed) && named(t.statement, action) && regionCovers(t.region, region),
    );
}
