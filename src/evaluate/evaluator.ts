/**
 * IAM policy evaluation for one identity: its identity policies (managed, inline, files) and its
 * permissions boundary. Pure functions over the documents and the IAM catalogue.
 *
 * The rules (IAM user guide, "Policy evaluation logic", reduced to identity policies and a
 * boundary):
 * - A statement applies when its `Action` (or everything but its `NotAction`) names the action
 *   and its `Resource` (or everything but its `NotResource`) names the resource. Action names
 *   are case-insensitive, ARNs case-sensitive (see wildcard.ts). A statement with both `Action`
 *   and `NotAction` uses `Action` (IAM refuses such a statement anyway); one with neither
 *   applies to no action, one with neither `Resource` nor `NotResource` to no resource.
 * - An explicit `Deny` beats every `Allow`; when no `Allow` applies the action is implicitly
 *   denied.
 * - A statement with a (non-empty) `Condition` is in force only sometimes:
 *   - an applicable conditional `Allow` (and no plain one) gives `conditionally-allowed`;
 *   - a conditional `Deny` never denies plainly: whatever an `Allow` grants stays granted, but
 *     only `conditionally-allowed`; with nothing allowed it stays `implicitly-denied`.
 * - With a permissions boundary the action must be allowed by the identity policies AND by the
 *   boundary; an explicit `Deny` in either wins. Both conditional or one conditional gives
 *   `conditionally-allowed`. `Evaluation.boundary` tells what the boundary says alone.
 *
 * The resource of a request can be given in three ways:
 * - a concrete ARN (`evaluate(current, action, arn)`): statements apply when their resource
 *   element matches it; a pattern with a policy variable (`${aws:username}`) makes the
 *   statement conditional (policy variables exist only in documents with Version `2012-10-17`;
 *   with `2008-10-17` or no Version, `${...}` is plain text);
 * - unknown (`evaluate(current, action)`): the question is "is the action allowed on at least
 *   some resource?". Resource types decide (AWS Service Authorization Reference): a statement
 *   applies when its `Resource` names an ARN of one of the action's resource types (their ARN
 *   formats from the catalogue; any partition, regions and accounts as the format has them),
 *   or, for an action without resource types, when it is `"*"`; `NotResource` applies to every
 *   other ARN, of any service, and to `"*"`. So `s3:GetObject` on a bucket ARN, or
 *   `ec2:DescribeInstances` on anything but `*`, grants nothing. Every `Allow` that names some
 *   of the action's resources applies (`scoped` tells when it is not `Resource: "*"`), while a
 *   `Deny` applies only when it names all of them; a `Deny` on some leaves the action allowed
 *   elsewhere, so it is not counted. A resource type's names may hold any character (a
 *   bucket name a `/`): what a statement grants is over-, never under-estimated. Over-approximation: an `Allow`
 *   on bucket A together with a `Deny` on bucket A reads as allowed, and an identity `Allow` on
 *   A with a boundary that allows only B reads as allowed;
 * - an ARN pattern for every resource it names (`evaluateResources`, used to prove a proposal
 *   is not broader): an `Allow` (or `Deny`) whose resources cover the whole pattern applies in
 *   full; one that covers only part of it applies conditionally, so "allowed" means allowed on
 *   every resource of the pattern.
 */
import type { Catalogue } from '../mapping/catalogue.js';
import type {
  CurrentPolicies,
  CurrentPolicy,
  CurrentPolicyKind,
  PolicyDocument,
  PolicyStatement,
} from '../policies/types.js';
import {
  arnPatternCovers,
  arnPatternsOverlap,
  hasPolicyVariable,
  isArnMatchAll,
  isMatchAll,
  matchesAction,
  matchesArn,
  templateCovered,
  templateOverlaps,
} from './wildcard.js';
import { byAction } from '../util/order.js';
import { statementsOf, strings } from '../policies/document.js';

export type Decision =
  'allowed' | 'conditionally-allowed' | 'explicitly-denied' | 'implicitly-denied';

/** A statement of a policy, as a report shows it. */
export interface StatementRef {
  /** The `CurrentPolicy.name` of its policy. */
  policy: string;
  kind: CurrentPolicyKind;
  /** 0-based position in the policy's `Statement`. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /**
   * In force only sometimes for this request: it has a `Condition`, uses a policy variable in a
   * resource element matched against a known resource, or (resource patterns) covers only part
   * of the resources asked about.
   */
  conditional: boolean;
  /** The statement is scoped to specific resources, not all (`Resource` other than `*`, or `NotResource`). */
  scoped: boolean;
}

export interface Evaluation {
  decision: Decision;
  /** The statements that decided it (none for an implicit deny), identity policies first. */
  statements: StatementRef[];
  /** When a boundary exists, what it says alone. */
  boundary?: { decision: Decision; statements: StatementRef[] };
}

export interface Grant {
  /** Canonical catalogue name. */
  action: string;
  decision: 'allowed' | 'conditionally-allowed';
  statements: StatementRef[];
}

// ---------------------------------------------------------------------------------------------
// Compiled statements, cached per document.

type Coverage = 'all' | 'some' | 'none';

interface CompiledStatement {
  index: number;
  statement: PolicyStatement;
  effect: 'Allow' | 'Deny';
  sid: string | undefined;
  hasCondition: boolean;
  notAction: boolean;
  actionPatterns: string[];
  /** An `Action` / `NotAction` pattern is `*`. */
  actionAll: boolean;
  /** Lowercased catalogue actions the patterns name (before NotAction negation); lazily built. */
  catalogue: Set<string> | undefined;
  notResource: boolean;
  resourcePatterns: string[];
  hasResourceElement: boolean;
  variables: boolean;
  /** Which resources the statement names, when the resource is unknown. */
  coverage: Coverage;
}

/**
 * What the evaluator keeps per catalogue: compiled documents (their statements' action sets come
 * from that catalogue) and the resources of each action.
 */
interface EvaluatorMemo {
  compiled: WeakMap<PolicyDocument, CompiledStatement[]>;
  actionResources: Map<string, ActionResources>;
}
const MEMOS = new WeakMap<Catalogue, EvaluatorMemo>();

function memoOf(catalogue: Catalogue): EvaluatorMemo {
  let memo = MEMOS.get(catalogue);
  if (memo === undefined) {
    memo = { compiled: new WeakMap(), actionResources: new Map() };
    MEMOS.set(catalogue, memo);
  }
  return memo;
}

/** Whether a statement has a non-empty `Condition`. */
export function hasCondition(statement: PolicyStatement): boolean {
  const condition: unknown = statement.Condition;
  return typeof condition === 'object' && condition !== null && Object.keys(condition).length > 0;
}

/**
 * Whether `${...}` in the document's resource elements is plain text: policy variables exist only
 * in documents with `"Version": "2012-10-17"`; with `2008-10-17` or no Version they are literal.
 */
export function variablesAreLiteral(document: PolicyDocument): boolean {
  return document.Version !== '2012-10-17';
}

/** A resource pattern whose `${` is plain text, written as wildcard.ts reads it (`${$}{`). */
export function literalPattern(pattern: string): string {
  return pattern.replaceAll('${', '${$}{');
}

/**
 * The resource patterns of a statement as they match (`${` made literal when the document
 * has no policy variables) and whether they are a `NotResource`.
 */
export function resourceElement(
  statement: PolicyStatement,
  literal: boolean,
): { notResource: boolean; patterns: string[] } {
  const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
  const patterns = strings(notResource ? statement.NotResource : statement.Resource);
  return { notResource, patterns: literal ? patterns.map(literalPattern) : patterns };
}

function compileStatement(
  statement: PolicyStatement,
  index: number,
  literal = false,
): CompiledStatement | null {
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return null;
  const notAction = statement.Action === undefined && statement.NotAction !== undefined;
  const actionPatterns = strings(notAction ? statement.NotAction : statement.Action).map((p) =>
    p.trim(),
  );
  const hasResourceElement =
    statement.Resource !== undefined || statement.NotResource !== undefined;
  const { notResource, patterns: resourcePatterns } = resourceElement(statement, literal);
  const anyAll = resourcePatterns.some((p) => isArnMatchAll(p));
  let coverage: Coverage;
  if (!hasResourceElement) coverage = 'none';
  else if (notResource) coverage = anyAll ? 'none' : resourcePatterns.length === 0 ? 'all' : 'some';
  else coverage = anyAll ? 'all' : resourcePatterns.length === 0 ? 'none' : 'some';
  return {
    index,
    statement,
    effect,
    sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
    hasCondition: hasCondition(statement),
    notAction,
    actionPatterns,
    actionAll: actionPatterns.some((p) => isMatchAll(p)),
    catalogue: undefined,
    notResource,
    resourcePatterns,
    hasResourceElement,
    variables: resourcePatterns.some((p) => hasPolicyVariable(p)),
    coverage,
  };
}

function compiled(catalogue: Catalogue, document: PolicyDocument): CompiledStatement[] {
  const { compiled: memo } = memoOf(catalogue);
  let result = memo.get(document);
  if (result === undefined) {
    result = [];
    const literal = variablesAreLiteral(document);
    statementsOf(document).forEach((statement, index) => {
      const c = compileStatement(statement, index, literal);
      if (c !== null) result?.push(c);
    });
    memo.set(document, result);
  }
  return result;
}

function catalogueSet(catalogue: Catalogue, s: CompiledStatement): Set<string> {
  if (s.catalogue === undefined) {
    s.catalogue = new Set();
    for (const pattern of s.actionPatterns) {
      for (const action of catalogue.expandActionPattern(pattern))
        s.catalogue.add(action.toLowerCase());
    }
  }
  return s.catalogue;
}

/**
 * The catalogue actions a statement's `Action` (or everything but its `NotAction`) names,
 * canonical and sorted, whatever its effect, resources and conditions.
 */
export function statementActions(catalogue: Catalogue, statement: PolicyStatement): string[] {
  const s = compileStatement(statement, 0);
  if (s === null) return [];
  if (s.actionAll) return s.notAction ? [] : catalogue.allActions();
  if (!s.notAction) {
    const named = new Set<string>();
    for (const pattern of s.actionPatterns) {
      for (const action of catalogue.expandActionPattern(pattern)) named.add(action);
    }
    return [...named].sort(byAction);
  }
  const excluded = catalogueSet(catalogue, s);
  return catalogue.allActions().filter((a) => !excluded.has(a.toLowerCase()));
}

/** `key` is the lowercased canonical catalogue name, when the action is in the catalogue. */
function namesAction(
  catalogue: Catalogue,
  s: CompiledStatement,
  action: string,
  key: string | undefined,
): boolean {
  let hit: boolean;
  if (s.actionAll) hit = true;
  else if (key !== undefined) hit = catalogueSet(catalogue, s).has(key);
  else hit = s.actionPatterns.some((p) => matchesAction(p, action));
  return s.notAction ? !hit : hit;
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

/** What the request says about the resource. */
export type ResourceScope =
  /** Unknown: allowed on at least some resource? */
  | { kind: 'some' }
  /** One concrete ARN. */
  | { kind: 'arn'; arn: string }
  /** Every resource an ARN pattern names. */
  | { kind: 'pattern'; pattern: string };

type Fit = 'none' | 'partial' | 'full';

/** What resources an action acts on, from the catalogue. */
interface ActionResources {
  /** The ARN templates of its resource types; none for an action without resource types. */
  templates: readonly string[];
  /**
   * The request may name no resource, which IAM matches as `*`: an action without resource
   * types, or whose resource types are all optional.
   */
  star: boolean;
}

/** The resources of a catalogue action (`key`: lowercased canonical name); undefined outside it. */
function actionResources(
  catalogue: Catalogue,
  key: string | undefined,
): ActionResources | undefined {
  if (key === undefined) return undefined;
  const memo = memoOf(catalogue).actionResources;
  let resources = memo.get(key);
  if (resources === undefined) {
    const entry = catalogue.lookupAction(key);
    if (entry === undefined) return undefined;
    const templates = entry.resourceTypes.map(
      (t) => catalogue.resourceTypeArn(entry.service, t.name) ?? '*',
    );
    resources = {
      templates: [...new Set(templates)],
      star: entry.resourceTypes.every((t) => !t.required),
    };
    memo.set(key, resources);
  }
  return resources;
}

/**
 * How much of an action's resources a list of ARN patterns names: `full` every one (and `*`
 * where the request may name no resource), `partial` some, `none` none. An action without
 * resource types is named only by a pattern that matches `*` (IAM: such actions are granted
 * only by `"Resource": "*"`); one with resource types by a pattern that names an ARN of one of
 * them. A pattern with a policy variable never names every resource.
 */
function typesFit(patterns: readonly string[], resources: ActionResources): Fit {
  const starNamed = resources.star && patterns.some((p) => matchesArn(p, '*'));
  if (resources.templates.length === 0) return starNamed ? 'full' : 'none';
  const all = resources.templates.every((t) =>
    patterns.some((p) => !hasPolicyVariable(p) && templateCovered(p, t)),
  );
  if (all && (!resources.star || starNamed)) return 'full';
  const some =
    starNamed || resources.templates.some((t) => patterns.some((p) => templateOverlaps(p, t)));
  return some ? 'partial' : 'none';
}

/**
 * Whether a `Resource` pattern names any resource an action acts on (see `typesFit`); true for
 * actions outside the catalogue, whose resources are not known.
 */
export function patternNamesResourcesOf(
  catalogue: Catalogue,
  action: string,
  pattern: string,
): boolean {
  const resources = actionResources(catalogue, catalogue.canonicalAction(action)?.toLowerCase());
  return resources === undefined || typesFit([pattern], resources) !== 'none';
}

/** The fit of a statement for "some resource" of an action, by the action's resource types. */
function someFit(s: CompiledStatement, resources: ActionResources | undefined): Fit {
  const coverageFit: Fit =
    s.coverage === 'all' ? 'full' : s.coverage === 'some' ? 'partial' : 'none';
  if (resources === undefined || coverageFit === 'none') return coverageFit;
  if (!s.notResource) {
    return coverageFit === 'full' ? 'full' : typesFit(s.resourcePatterns, resources);
  }
  // NotResource: every resource but those named.
  if (s.resourcePatterns.length === 0) return coverageFit;
  const named = typesFit(s.resourcePatterns, resources);
  return named === 'full' ? 'none' : named === 'none' ? 'full' : 'partial';
}

function resourceFit(
  s: CompiledStatement,
  scope: ResourceScope,
  resources: ActionResources | undefined,
): Fit {
  if (!s.hasResourceElement) return 'none';
  switch (scope.kind) {
    case 'some':
      return someFit(s, resources);
    case 'arn': {
      const hit = s.resourcePatterns.some((p) => matchesArn(p, scope.arn));
      return hit !== s.notResource ? 'full' : 'none';
    }
    case 'pattern': {
      const p = scope.pattern;
      const covered = s.resourcePatterns.some((g) => arnPatternCovers(g, p));
      const overlap = covered || s.resourcePatterns.some((g) => arnPatternsOverlap(g, p));
      if (s.notResource) return covered ? 'none' : overlap ? 'partial' : 'full';
      return covered ? 'full' : overlap ? 'partial' : 'none';
    }
  }
}

/** An applicable statement, with why it is conditional (for callers that compare conditions). */
export interface AppliedStatement {
  ref: StatementRef;
  statement: PolicyStatement;
  /** Conditional only because of its own `Condition` (not a variable, not partial coverage). */
  onlyByCondition: boolean;
}

export interface LayerEvaluation {
  decision: Decision;
  statements: AppliedStatement[];
}

export interface LayeredEvaluation {
  decision: Decision;
  identity: LayerEvaluation;
  boundary?: LayerEvaluation;
}

function applied(
  policy: CurrentPolicy,
  s: CompiledStatement,
  fit: Fit,
  scope: ResourceScope,
): AppliedStatement | null {
  if (fit === 'none') return null;
  // Resource unknown: a Deny counts only when it covers every resource.
  if (scope.kind === 'some' && s.effect === 'Deny' && fit !== 'full') return null;
  const variable = scope.kind !== 'some' && s.variables;
  const partial = scope.kind === 'pattern' && fit === 'partial';
  const ref: StatementRef = {
    policy: policy.name,
    kind: policy.kind,
    index: s.index,
    effect: s.effect,
    conditional: s.hasCondition || variable || partial,
    scoped: s.coverage !== 'all',
  };
  if (s.sid !== undefined) ref.sid = s.sid;
  return { ref, statement: s.statement, onlyByCondition: s.hasCondition && !variable && !partial };
}

function evaluateLayer(
  catalogue: Catalogue,
  policies: readonly CurrentPolicy[],
  action: string,
  key: string | undefined,
  scope: ResourceScope,
): LayerEvaluation {
  const hits: AppliedStatement[] = [];
  const resources = scope.kind === 'some' ? actionResources(catalogue, key) : undefined;
  for (const policy of policies) {
    for (const s of compiled(catalogue, policy.document)) {
      if (!namesAction(catalogue, s, action, key)) continue;
      const hit = applied(policy, s, resourceFit(s, scope, resources), scope);
      if (hit !== null) hits.push(hit);
    }
  }
  const plainDenies = hits.filter((h) => h.ref.effect === 'Deny' && !h.ref.conditional);
  if (plainDenies.length > 0) return { decision: 'explicitly-denied', statements: plainDenies };
  if (!hits.some((h) => h.ref.effect === 'Allow')) {
    return { decision: 'implicitly-denied', statements: [] };
  }
  const plainAllows = hits.filter((h) => h.ref.effect === 'Allow' && !h.ref.conditional);
  const conditionalDeny = hits.some((h) => h.ref.effect === 'Deny');
  if (plainAllows.length > 0 && !conditionalDeny) {
    return { decision: 'allowed', statements: plainAllows };
  }
  return { decision: 'conditionally-allowed', statements: hits };
}

function combine(identity: Decision, boundary: Decision): Decision {
  if (identity === 'explicitly-denied' || boundary === 'explicitly-denied') {
    return 'explicitly-denied';
  }
  if (identity === 'implicitly-denied' || boundary === 'implicitly-denied') {
    return 'implicitly-denied';
  }
  return identity === 'allowed' && boundary === 'allowed' ? 'allowed' : 'conditionally-allowed';
}

/** The evaluation of each layer (identity policies, boundary) and of both together. */
export function evaluateLayers(
  catalogue: Catalogue,
  current: CurrentPolicies,
  action: string,
  scope: ResourceScope = { kind: 'some' },
): LayeredEvaluation {
  const key = catalogue.canonicalAction(action)?.toLowerCase();
  const identity = evaluateLayer(catalogue, current.policies, action, key, scope);
  if (current.boundary === undefined) return { decision: identity.decision, identity };
  const boundary = evaluateLayer(catalogue, [current.boundary], action, key, scope);
  return { decision: combine(identity.decision, boundary.decision), identity, boundary };
}

function deciding(layers: LayeredEvaluation): StatementRef[] {
  const { decision, identity, boundary } = layers;
  const refs = (layer: LayerEvaluation | undefined): StatementRef[] =>
    layer?.statements.map((s) => s.ref) ?? [];
  switch (decision) {
    case 'implicitly-denied':
      return [];
    case 'explicitly-denied':
      return [identity, boundary]
        .filter((l) => l?.decision === 'explicitly-denied')
        .flatMap((l) => refs(l));
    case 'allowed':
    case 'conditionally-allowed':
      return [...refs(identity), ...refs(boundary)];
  }
}

function toEvaluation(layers: LayeredEvaluation): Evaluation {
  const evaluation: Evaluation = { decision: layers.decision, statements: deciding(layers) };
  if (layers.boundary !== undefined) {
    evaluation.boundary = {
      decision: layers.boundary.decision,
      statements: layers.boundary.statements.map((s) => s.ref),
    };
  }
  return evaluation;
}

/**
 * What the policies decide for an action, on one concrete resource ARN, or (resource
 * undefined) on at least some resource: see the module comment for what that means for
 * `Deny` statements.
 */
export function evaluate(
  catalogue: Catalogue,
  current: CurrentPolicies,
  action: string,
  resource?: string,
): Evaluation {
  const scope: ResourceScope =
    resource === undefined ? { kind: 'some' } : { kind: 'arn', arn: resource };
  return toEvaluation(evaluateLayers(catalogue, current, action, scope));
}

/**
 * What the policies decide for an action on every resource an ARN pattern names (`*`: all
 * resources). `allowed` only when statements covering the whole pattern allow it and no `Deny`
 * touches any part of it; partial coverage gives `conditionally-allowed`.
 */
export function evaluateResources(
  catalogue: Catalogue,
  current: CurrentPolicies,
  action: string,
  pattern: string,
): Evaluation {
  return toEvaluation(evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern }));
}

/**
 * Every catalogue action the identity policies (capped by the boundary) allow on at least some
 * resource, sorted. A `Deny` on all resources removes an action; a `Deny` scoped to some
 * resources does not. Statements with a `Condition` make it `conditionally-allowed`.
 */
export function grantedActions(catalogue: Catalogue, current: CurrentPolicies): Grant[] {
  let candidates: Iterable<string> | undefined;
  const named = new Set<string>();
  for (const policy of current.policies) {
    for (const s of compiled(catalogue, policy.document)) {
      if (s.effect !== 'Allow' || s.coverage === 'none') continue;
      if (s.notAction || s.actionAll) {
        candidates = catalogue.allActions();
        break;
      }
      for (const pattern of s.actionPatterns) {
        for (const action of catalogue.expandActionPattern(pattern)) named.add(action);
      }
    }
    if (candidates !== undefined) break;
  }
  const list = candidates === undefined ? [...named].sort(byAction) : [...candidates];
  const grants: Grant[] = [];
  for (const action of list) {
    const layers = evaluateLayers(catalogue, current, action);
    if (layers.decision === 'allowed' || layers.decision === 'conditionally-allowed') {
      grants.push({ action, decision: layers.decision, statements: deciding(layers) });
    }
  }
  return grants;
}
