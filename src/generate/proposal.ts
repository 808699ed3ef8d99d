import type { Catalogue } from '../mapping/catalogue.js';
import type { ActionUsage } from '../mapping/action-usage.js';
import type { Classification, UnknownAction } from '../evaluate/classify.js';
import { grantedActions } from '../evaluate/evaluator.js';
import { resourceElement, statementActions, variablesAreLiteral } from '../evaluate/evaluator.js';
import { proveNotBroader, regionCovers } from '../evaluate/subset.js';
import { isMatchAll, matchesAction } from '../evaluate/wildcard.js';
import { scopesOf, type ActionScope, type ScopeOptions, type UnscopedReason } from './scope.js';
import type { CurrentPolicies, PolicyDocument, PolicyStatement } from '../policies/types.js';
import { generatePolicy } from './policy.js';
import { compressActions, compressComplement } from './shape.js';
import { byAction, byCodeUnits } from '../util/order.js';
import type { PrincipalType } from '../activity/principal.js';
import { asArray } from '../policies/document.js';

/** A managed policy holds at most 6,144 characters, whitespace not counted. */
export const MANAGED_POLICY_LIMIT = 6144;
/**
 * The characters all inline policies of a role, or of a user, may take together. A permission
 * set's inline policy (sso-admin takes up to 32,768) becomes an inline policy of a role in
 * every account it is provisioned to, so it is held to a role's 10,240.
 */
export const INLINE_POLICIES_LIMITS: Readonly<Record<PrincipalType, number>> = {
  role: 10240,
  user: 2048,
  'permission-set': 10240,
};
/** A role takes at most 10 managed policies by default (20 with a quota raise). */
export const MANAGED_POLICIES_PER_ROLE = 10;

/**
 * What the proposal does with granted actions whose use the trail cannot show: `keep` them all,
 * keep them where the role `called-services` could have needed them (all but those of services
 * CloudTrail does not record, which the role left no trace of using), or `drop` them.
 */
export type UnknownMode = 'keep' | 'called-services' | 'drop';
export const UNKNOWN_MODES: readonly UnknownMode[] = ['keep', 'called-services', 'drop'];

/** Whether the mode keeps an unknown action. */
export function keepsUnknown(mode: UnknownMode, unknown: UnknownAction): boolean {
  if (mode === 'keep') return true;
  if (mode === 'drop') return false;
  return unknown.reason !== 'service-not-recorded';
}

export interface ProposalOptions {
  /** What is kept of the granted actions whose use the trail cannot show. */
  unknown: UnknownMode;
  /** Action patterns always kept (`keep-actions`). */
  keepActions: readonly string[];
  /** Statements whose Sid starts with this are kept verbatim (`keep-sid-prefix`). */
  keepSidPrefix?: string;
  /** Reasons not to propose any removal (incomplete coverage, a short window); empty when none. */
  withheldReasons: readonly string[];
  /** `resource-scope`: which resources the used actions are narrowed to; default `keep`. */
  scope?: ScopeOptions;
  /** Whose policies these are (IAM's limits differ); default `role`. */
  principalType?: PrincipalType;
}

export type ProposalStatus = 'proposed' | 'unchanged' | 'withheld' | 'generated' | 'too-large';

export interface Proposal {
  /**
   * `proposed`: a tightened policy; `unchanged`: nothing to remove; `withheld`: removals are not
   * proposed (see `reasons`) and the documents are today's; `generated`: no current policies to
   * tighten, so the documents are built from the usage alone; `too-large`: the tightened policy
   * does not fit IAM's size limits (see `reasons`), so the documents are today's.
   */
  status: ProposalStatus;
  reasons: string[];
  documents: PolicyDocument[];
  /**
   * Granted actions the proposal no longer allows: today's granted actions minus the proposal's,
   * both from the evaluator (boundary included).
   */
  removed: string[];
  /** Characters of each document without whitespace. */
  sizes: number[];
  notes: string[];
  /** What the documents allow, counted over the IAM catalogue (boundary included). */
  allows: ProposalAllows;
}

export interface ProposalAllows {
  /** Catalogue actions the documents allow. */
  actions: number;
  /** Of them, used in the window. */
  used: number;
  /** Of them, allowed only because the trail cannot show their use (and per reason). */
  unknown: number;
  unknownByReason: Partial<Record<UnknownAction['reason'], number>>;
  /** Of them, neither used nor unknown: kept by `keep-actions`, a kept Sid or a Deny's shape. */
  keptOtherwise: number;
  /** Unknown actions today's policies grant that the documents do not, per reason. */
  droppedUnknownByReason: Partial<Record<UnknownAction['reason'], number>>;
  /** The `unknown` mode the proposal was built with. */
  unknownMode: UnknownMode;
}

/**
 * The proposed policy: today's statements narrowed to what was used, what is unknown (unless
 * dropped) and the keep-list; Deny statements and statements with a kept Sid prefix verbatim.
 * Every statement of the proposal is part of a statement of today's, and the evaluator proves
 * the whole is not broader than today before it is proposed.
 */
export function propose(
  catalogue: Catalogue,
  current: CurrentPolicies,
  classification: Classification,
  usage: readonly ActionUsage[],
  options: ProposalOptions,
): Proposal {
  const scopes = scopesOf(catalogue, usage, options.scope ?? { mode: 'keep', maxArns: 0 });
  if (current.policies.length === 0) {
    return generated(catalogue, current, classification, usage, scopes, options);
  }
  const today = current.policies.map((p) => p.document);
  // What today's policies grant, as the evaluator saw it for the classification.
  const granted = grantedBy(classification);
  const todayAllows = (): ProposalAllows => allowsOf(granted, classification, options.unknown);
  if (options.withheldReasons.length > 0) {
    return withheld(today, [...options.withheldReasons], todayAllows());
  }

  const keep = keptActions(classification, options);
  const unchanged: Proposal = {
    status: 'unchanged',
    reasons: ['every granted action is used, unknown or kept'],
    documents: today,
    removed: [],
    sizes: today.map(size),
    notes: [],
    allows: todayAllows(),
  };
  const candidates = [...classification.unused, ...classification.unknown].filter(
    (u) => !keep.has(u.action),
  );
  const anyScope = [...scopes.values()].some((s) => s.patterns.length > 0);
  if (candidates.length === 0 && !anyScope) return unchanged;

  const scoped: Scoping = { scopes, scopedActions: new Set(), fromAll: 0 };
  const narrowed = narrowedDocuments(catalogue, current, keep, options.keepSidPrefix, scoped);
  // A permission set takes one inline policy, provisioned as is into every account.
  const documents =
    options.principalType === 'permission-set' ? [mergeDocuments(narrowed)] : narrowed;
  const tooLarge = sizeProblems(documents, current, options.principalType);
  if (tooLarge.length > 0) {
    return { ...withheld(today, tooLarge, todayAllows()), status: 'too-large' };
  }
  // What the proposal removes, as the evaluator sees both: not what was meant to be removed
  // (a statement kept by its Sid, or another statement granting the same action, keeps it).
  const allowed = allowedBy(catalogue, documents, current);
  const removed = [...granted].filter((a) => !allowed.has(a)).sort(byAction);
  if (removed.length === 0 && scoped.scopedActions.size === 0) return unchanged;
  const proof = proveNotBroader(catalogue, documents, current);
  if (!proof.ok) {
    const shown = proof.violations
      .slice(0, 5)
      .map((v) => `${v.action}${v.resource ? ` on ${v.resource}` : ''}`);
    return withheld(
      today,
      [
        `internal check failed: the proposal would allow more than today (${shown.join(', ')}); please report this`,
      ],
      todayAllows(),
    );
  }
  return {
    status: 'proposed',
    reasons: [],
    documents,
    removed,
    sizes: documents.map(size),
    notes: [
      ...versionNotes(documents),
      ...scopeNotes(scopes, scoped),
      ...notesFor(documents, options.principalType),
      ...groupNotes(current),
      ...permissionSetNotes(current, options.principalType),
    ],
    allows: allowsOf(allowed, classification, options.unknown),
  };
}

/** Without current policies: the policy of the used actions alone. */
function generated(
  catalogue: Catalogue,
  current: CurrentPolicies,
  classification: Classification,
  usage: readonly ActionUsage[],
  scopes: ReadonlyMap<string, ActionScope>,
  options: ProposalOptions,
): Proposal {
  const documents = split([generatePolicy(usage, scopes)]);
  return {
    status: 'generated',
    reasons: [
      'no current policies were given: the policy is built from the usage alone, with Resource "*"',
    ],
    documents,
    removed: [],
    sizes: documents.map(size),
    notes: [...scopeNotes(scopes, undefined), ...notesFor(documents, options.principalType)],
    allows: allowsOf(allowedBy(catalogue, documents, current), classification, options.unknown),
  };
}

/**
 * What the proposal keeps: every used action (also one the evaluator finds no grant for: it may
 * be granted by a resource policy, or on a resource form the catalogue does not describe, and a
 * used permission is never removed), the unknown actions the mode keeps, and the keep-list.
 */
function keptActions(classification: Classification, options: ProposalOptions): Set<string> {
  const keep = new Set<string>(classification.used.map((u) => u.action));
  for (const n of classification.notGranted) keep.add(n.action);
  for (const u of classification.unknown) if (keepsUnknown(options.unknown, u)) keep.add(u.action);
  for (const u of [...classification.unused, ...classification.unknown]) {
    if (options.keepActions.some((pattern) => matchesAction(pattern, u.action))) keep.add(u.action);
  }
  return keep;
}

/** Today's statements narrowed (and scoped) to the kept actions, in documents by Version. */
function narrowedDocuments(
  catalogue: Catalogue,
  current: CurrentPolicies,
  keep: ReadonlySet<string>,
  keepSidPrefix: string | undefined,
  scoped: Scoping,
): PolicyDocument[] {
  const statements: PolicyStatement[] = [];
  const versions: (string | undefined)[] = [];
  for (const policy of current.policies) {
    const literal = variablesAreLiteral(policy.document);
    for (const statement of asArray(policy.document.Statement)) {
      for (const narrowed of scopeAndNarrow(
        catalogue,
        statement,
        literal,
        keep,
        keepSidPrefix,
        scoped,
      )) {
        statements.push(narrowed);
        versions.push(policy.document.Version);
      }
    }
  }
  return split(byVersion(uniqueSids(statements), versions));
}

/**
 * Why the documents do not fit IAM: a managed policy over 6,144 characters (a `NotAction` list
 * cannot be cut), more than 10 of them, or, when today's policies are all inline, more than a
 * role's 10,240 (a user's 2,048) characters together; with the largest statements. Empty when
 * they fit.
 */
export function sizeProblems(
  documents: PolicyDocument[],
  current: CurrentPolicies,
  principalType: PrincipalType = 'role',
): string[] {
  const inlineLimit = INLINE_POLICIES_LIMITS[principalType];
  const sizes = documents.map(size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  // A permission set's one inline policy is held to the inline limit alone.
  const over =
    principalType === 'permission-set' ? [] : sizes.filter((n) => n > MANAGED_POLICY_LIMIT);
  if (over.length > 0) {
    problems.push(
      `${over.length} of the proposed documents ${over.length === 1 ? 'is' : 'are'} larger than a managed policy can be (${over.join(', ')} characters; at most ${MANAGED_POLICY_LIMIT})`,
    );
  }
  if (documents.length > MANAGED_POLICIES_PER_ROLE) {
    problems.push(
      `the proposal needs ${documents.length} managed policies of at most ${MANAGED_POLICY_LIMIT} characters (${total} characters in all); a ${principalType} takes at most ${MANAGED_POLICIES_PER_ROLE} by default`,
    );
  }
  const inlineOnly =
    principalType === 'permission-set' ||
    (current.policies.length > 0 && current.policies.every((p) => p.kind === 'inline'));
  if (inlineOnly && total > inlineLimit) {
    problems.push(
      `today's policies are inline, and the proposal takes ${total} characters; a ${principalType}'s inline policies hold at most ${inlineLimit} together`,
    );
  }
  if (problems.length === 0) return [];
  const largest = documents
    .flatMap((d) => asArray(d.Statement))
    .map((s) => ({ s, n: JSON.stringify(s).length }))
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .map(
      ({ s, n }) =>
        `${s.Sid ?? '(no Sid)'}: ${n} characters, ${asArray(s.Action ?? s.NotAction ?? []).length} ${s.NotAction !== undefined ? 'NotAction' : 'Action'} entries`,
    );
  problems.push(`largest statements: ${largest.join('; ')}`);
  return problems;
}

function withheld(today: PolicyDocument[], reasons: string[], allows: ProposalAllows): Proposal {
  return {
    status: 'withheld',
    reasons,
    documents: today,
    removed: [],
    sizes: today.map(size),
    notes: [],
    allows,
  };
}

/** The catalogue actions the documents allow (with today's boundary). */
function allowedBy(
  catalogue: Catalogue,
  documents: PolicyDocument[],
  current: CurrentPolicies,
): Set<string> {
  return new Set(
    grantedActions(catalogue, {
      policies: documents.map((document, i) => ({
        kind: 'file' as const,
        name: `proposed[${i}]`,
        document,
      })),
      ...(current.boundary ? { boundary: current.boundary } : {}),
    }).map((g) => g.action),
  );
}

/** The catalogue actions today's policies grant: every used, unused and unknown one. */
function grantedBy(classification: Classification): Set<string> {
  const inCatalogue = classification.unknown.filter((u) => u.reason !== 'not-in-catalogue');
  return new Set(
    [...classification.used, ...classification.unused, ...inCatalogue].map((u) => u.action),
  );
}

/** What the allowed actions are, against the classification of today's grants. */
function allowsOf(
  allowed: ReadonlySet<string>,
  classification: Classification,
  unknownMode: UnknownMode,
): ProposalAllows {
  const used = new Set(classification.used.map((u) => u.action).filter((a) => allowed.has(a)));
  const unknownByReason: ProposalAllows['unknownByReason'] = {};
  const droppedUnknownByReason: ProposalAllows['droppedUnknownByReason'] = {};
  let unknown = 0;
  for (const u of classification.unknown) {
    if (u.reason === 'not-in-catalogue') continue;
    const kept = allowed.has(u.action);
    const table = kept ? unknownByReason : droppedUnknownByReason;
    table[u.reason] = (table[u.reason] ?? 0) + 1;
    if (kept) unknown++;
  }
  return {
    actions: allowed.size,
    used: used.size,
    unknown,
    unknownByReason,
    keptOtherwise: allowed.size - used.size - unknown,
    droppedUnknownByReason,
    unknownMode,
  };
}

/** What scoping did across the statements. */
interface Scoping {
  scopes: ReadonlyMap<string, ActionScope>;
  /** Actions some statement was scoped for. */
  scopedActions: Set<string>;
  /** Scoped statements made from a statement on every resource (`*`). */
  fromAll: number;
}

/**
 * A statement narrowed to the kept actions (see `narrow`), and with `resource-scope`, the kept
 * used actions whose resources are known taken out of it into statements of their own, one per
 * set of patterns, on those patterns (`<Sid>Scoped`), with today's Condition. Only an action
 * whose patterns the statement provably names, every one, is scoped; otherwise it stays in the
 * statement as it is (some of its calls went through another statement, a resource policy, or a
 * resource the proof cannot place, such as one named with a policy variable).
 */
function scopeAndNarrow(
  catalogue: Catalogue,
  statement: PolicyStatement,
  literal: boolean,
  keep: ReadonlySet<string>,
  keepSidPrefix: string | undefined,
  scoping: Scoping,
): PolicyStatement[] {
  const plain = (): PolicyStatement[] => {
    const narrowed = narrow(catalogue, statement, keep, keepSidPrefix);
    return narrowed ? [narrowed] : [];
  };
  if (scoping.scopes.size === 0 || statement.Effect !== 'Allow') return plain();
  if (keepSidPrefix && statement.Sid?.startsWith(keepSidPrefix)) return plain();
  const byPatterns = new Map<string, string[]>();
  for (const action of statementActions(catalogue, statement)) {
    if (!keep.has(action)) continue;
    // Only where the statement provably names every resource the action acted on (the proof's
    // rule): one it may name without the proof (a policy variable) must keep being allowed by it.
    const patterns = scoping.scopes.get(action)?.patterns ?? [];
    const region = resourceElement(statement, literal);
    if (patterns.length === 0 || !regionCovers(region, { notResource: false, patterns })) continue;
    const key = patterns.join('\n');
    byPatterns.set(key, [...(byPatterns.get(key) ?? []), action]);
  }
  if (byPatterns.size === 0) return plain();
  const scopedHere = new Set([...byPatterns.values()].flat());
  const rest = new Set([...keep].filter((a) => !scopedHere.has(a)));
  const main = narrow(catalogue, statement, rest, keepSidPrefix);
  const {
    Action: _a,
    NotAction: _n,
    Resource: _r,
    NotResource: _nr,
    Sid: sid,
    ...common
  } = statement;
  const onAll =
    statement.Resource !== undefined && asArray(statement.Resource).some((p) => isMatchAll(p));
  const scoped = [...byPatterns]
    .sort(([, a], [, b]) => byAction(a[0]!, b[0]!))
    .map(([key, actions]): PolicyStatement => {
      for (const action of actions) scoping.scopedActions.add(action);
      if (onAll) scoping.fromAll++;
      const patterns = key.split('\n');
      const listed = compressActions(catalogue, actions);
      return {
        ...(sid !== undefined ? { Sid: `${sid}Scoped` } : {}),
        ...common,
        Action: listed.length === 1 ? listed[0]! : listed,
        Resource: patterns.length === 1 ? patterns[0]! : patterns,
      };
    });
  return main ? [main, ...scoped] : scoped;
}

/** What `resource-scope` did, and what it left as it was and why. */
function scopeNotes(
  scopes: ReadonlyMap<string, ActionScope>,
  scoping: Scoping | undefined,
): string[] {
  if (scopes.size === 0) return [];
  const notes: string[] = [];
  const scoped = scoping
    ? [...scoping.scopedActions]
    : [...scopes].filter(([, s]) => s.patterns.length > 0).map(([a]) => a);
  if (scoped.length > 0) {
    notes.push(
      `resource-scope: ${scoped.length} used action${scoped.length === 1 ? ' is' : 's are'} scoped to the resources ${scoped.length === 1 ? 'it' : 'they'} acted on` +
        (scoping && scoping.fromAll > 0
          ? `; ${scoping.fromAll} statement${scoping.fromAll === 1 ? '' : 's'} went from "*" to named resources`
          : ''),
    );
  }
  if (scoping) {
    const outside = [...scopes]
      .filter(([a, s]) => s.patterns.length > 0 && !scoping.scopedActions.has(a))
      .map(([a]) => a)
      .sort(byAction);
    if (outside.length > 0) {
      notes.push(
        `resource-scope: ${outside.length} used action${outside.length === 1 ? ' keeps' : 's keep'} today's Resource where ${outside.length === 1 ? 'its statement does' : 'their statements do'} not name every resource ${outside.length === 1 ? 'it' : 'they'} acted on (another statement or a resource policy allowed some of those calls): ${outside.slice(0, 8).join(', ')}${outside.length > 8 ? `, and ${outside.length - 8} more` : ''}`,
      );
    }
  }
  const why: Record<UnscopedReason, string> = {
    'no-resource-type': 'no resource type: only "*" grants them',
    'no-arn-found': 'no ARN in their records',
    'too-many-resources': 'more resources than the report keeps',
  };
  for (const reason of Object.keys(why) as UnscopedReason[]) {
    const actions = [...scopes]
      .filter(([, s]) => s.reason === reason)
      .map(([a]) => a)
      .sort(byAction);
    if (actions.length === 0) continue;
    const shown = actions.slice(0, 8).join(', ');
    notes.push(
      `resource-scope: ${actions.length} used action${actions.length === 1 ? ' keeps' : 's keep'} today's Resource (${why[reason]}): ${shown}${actions.length > 8 ? `, and ${actions.length - 8} more` : ''}`,
    );
  }
  return notes;
}

/**
 * A statement limited to the kept actions; undefined when nothing of it is kept. `Action`
 * patterns that name no catalogue action (`futuresvc:DoThing`: newer than the catalogue) are
 * kept verbatim: what they grant cannot be known, so it is never removed.
 *
 * The kept actions are written as the shorter of an `Action` list (wildcards only where every
 * catalogue action they match is kept) and, where today's statement grants every action it does
 * not exclude (`NotAction`, or `Action: "*"`), a `NotAction` list (today's exclusions verbatim,
 * plus the removed actions, wildcards only where every action they match is excluded). Both
 * grant exactly the kept catalogue actions of the statement; the proof checks the result.
 */
function narrow(
  catalogue: Catalogue,
  statement: PolicyStatement,
  keep: ReadonlySet<string>,
  keepSidPrefix?: string,
): PolicyStatement | undefined {
  if (statement.Effect !== 'Allow') return statement;
  if (keepSidPrefix && statement.Sid?.startsWith(keepSidPrefix)) return statement;
  const actions = statementActions(catalogue, statement);
  const outside =
    statement.Action !== undefined
      ? asArray(statement.Action).filter((p) => catalogue.actionPatternSize(p) === 0)
      : [];
  const removed = actions.filter((a) => !keep.has(a));
  if (removed.length === 0) return actions.length > 0 || outside.length > 0 ? statement : undefined;
  const { Action: _action, NotAction: notAction, ...rest } = statement;
  if (removed.length === actions.length) {
    return outside.length === 0
      ? undefined
      : { ...rest, Action: outside.length === 1 ? outside[0]! : outside };
  }
  const kept = actions.filter((a) => keep.has(a));
  const listed = [...new Set([...compressActions(catalogue, kept), ...outside])].sort(byAction);
  const asAction: PolicyStatement = { ...rest, Action: listed.length === 1 ? listed[0]! : listed };
  const grantsAllElse =
    notAction !== undefined || asArray(statement.Action).some((p) => /^\*+$/.test(p.trim()));
  if (!grantsAllElse) return asAction;
  const keptSet = new Set(kept.map((a) => a.toLowerCase()));
  const compressed = compressComplement(catalogue, keptSet);
  const wildcards = compressed.filter((p) => p.includes('*'));
  // Today's exclusions verbatim (they also exclude actions newer than the catalogue), unless a
  // wildcard of the compressed list already says them.
  const todays = asArray(notAction ?? []).filter(
    (p) => !wildcards.some((w) => w.toLowerCase() !== p.toLowerCase() && matchesAction(w, p)),
  );
  const seen = new Set<string>();
  const minimal = [...compressed, ...todays]
    .filter((p) => !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))
    .sort(byAction);
  const asNotAction: PolicyStatement = {
    ...rest,
    NotAction: minimal.length === 1 ? minimal[0]! : minimal,
  };
  // A NotAction statement cannot be cut: it is chosen only when it also fits one policy.
  const notActionSize = JSON.stringify(asNotAction).length;
  return notActionSize < JSON.stringify(asAction).length &&
    ENVELOPE + notActionSize <= MANAGED_POLICY_LIMIT
    ? asNotAction
    : asAction;
}

/**
 * The statements with unique Sids (statements of several policies are merged into one): a
 * repeated Sid gets the first free numeric suffix, never one another statement already uses
 * ("A", "A", "A2" → "A", "A3", "A2"). Returns copies where renamed; never changes its input
 * (the statements may be today's, kept verbatim).
 */
export function uniqueSids(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const taken = new Set(statements.map((s) => s.Sid).filter((sid) => sid !== undefined));
  const used = new Set<string>();
  return statements.map((statement) => {
    const sid = statement.Sid;
    if (sid === undefined) return statement;
    if (!used.has(sid)) {
      used.add(sid);
      return statement;
    }
    let n = 2;
    while (taken.has(`${sid}${n}`) || used.has(`${sid}${n}`)) n++;
    const fresh = `${sid}${n}`;
    used.add(fresh);
    return { ...statement, Sid: fresh };
  });
}

/** A document of the Version (none when undefined). */
function documentOf(version: string | undefined, statements: PolicyStatement[]): PolicyDocument {
  return version === undefined
    ? { Statement: statements }
    : { Version: version, Statement: statements };
}

/**
 * The statements in one document per Version of the policies they come from, in the order the
 * Versions first appear. A statement keeps its document's Version: with `2008-10-17` or none,
 * `${aws:username}` is plain text, and rewriting the Version would make it a policy variable.
 */
function byVersion(
  statements: readonly PolicyStatement[],
  versions: readonly (string | undefined)[],
): PolicyDocument[] {
  const groups = new Map<string | undefined, PolicyStatement[]>();
  statements.forEach((statement, i) => {
    const version = versions[i];
    let group = groups.get(version);
    if (!group) groups.set(version, (group = []));
    group.push(statement);
  });
  return [...groups].map(([version, group]) => documentOf(version, group));
}

/** Why some documents of the proposal are not Version 2012-10-17. */
function versionNotes(documents: readonly PolicyDocument[]): string[] {
  const old = documents.filter((d) => d.Version !== '2012-10-17');
  if (old.length === 0) return [];
  const versions = [
    ...new Set(old.map((d) => (d.Version === undefined ? 'none' : `"${d.Version}"`))),
  ];
  const count = old.reduce((n, d) => n + asArray(d.Statement).length, 0);
  return [
    `${count} ${count === 1 ? 'statement comes' : 'statements come'} from policies with Version ${versions.join(' or ')} and ${count === 1 ? 'keeps' : 'keep'} it: there "\${...}" is plain text, while "2012-10-17" would read it as a policy variable and change what the statement allows`,
  ];
}

/** Characters of the document without whitespace outside strings, as IAM counts them. */
export function size(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/**
 * Splits documents over the managed-policy size limit: statements packed in order into as few
 * documents as fit; a statement too large alone is cut into several by its Action list
 * (a NotAction statement cannot be cut without widening it, so it stays whole and a note says so).
 */
export function split(documents: PolicyDocument[], limit = MANAGED_POLICY_LIMIT): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const document of documents) {
    if (size(document) <= limit) {
      out.push(document);
      continue;
    }
    let currentStatements: PolicyStatement[] = [];
    const flush = (): void => {
      if (currentStatements.length > 0) out.push(documentOf(document.Version, currentStatements));
      currentStatements = [];
    };
    const statements = asArray(document.Statement);
    // The Sids of the cut parts (`S3Part2`) must not take one a statement already has.
    const sids = new Set(statements.map((s) => s.Sid).filter((sid) => sid !== undefined));
    for (const statement of statements.flatMap((s) => cut(s, limit, sids))) {
      const candidate = documentOf(document.Version, [...currentStatements, statement]);
      if (size(candidate) > limit && currentStatements.length > 0) flush();
      currentStatements.push(statement);
    }
    flush();
  }
  return out;
}

const ENVELOPE = size({ Version: '2012-10-17', Statement: [] });

/** A statement cut by its Action list into parts that fit; each later part gets a new Sid. */
function cut(statement: PolicyStatement, limit: number, sids: Set<string>): PolicyStatement[] {
  if (ENVELOPE + JSON.stringify(statement).length <= limit || !Array.isArray(statement.Action))
    return [statement];
  const parts: PolicyStatement[] = [];
  let actions: string[] = [];
  const base = { ...statement, Action: [] as string[] };
  // Later parts get a longer Sid (`AllPart4`): leave room for it.
  const room = limit - (statement.Sid !== undefined ? 'Part999'.length : 0);
  for (const action of statement.Action) {
    const next = { ...base, Action: [...actions, action] };
    if (ENVELOPE + JSON.stringify(next).length > room && actions.length > 0) {
      parts.push({ ...base, Action: actions });
      actions = [];
    }
    actions.push(action);
  }
  if (actions.length > 0) parts.push({ ...base, Action: actions });
  let n = 1;
  return parts.map((part, i) => {
    if (part.Sid === undefined || i === 0) return part;
    do n++;
    while (sids.has(`${part.Sid}Part${n}`));
    const sid = `${part.Sid}Part${n}`;
    sids.add(sid);
    return { ...part, Sid: sid };
  });
}

/**
 * A user's group policies are shared with the group's other members: the proposal replaces them
 * for this user only by taking the user out of the groups.
 */
function groupNotes(current: CurrentPolicies): string[] {
  const groups = [...new Set(current.policies.flatMap((p) => p.group ?? []))].sort(byCodeUnits);
  if (groups.length === 0) return [];
  const one = groups.length === 1;
  const named = one ? `group ${groups[0]}` : `groups ${groups.join(', ')}`;
  return [
    `the ${named} ${one ? 'grants' : 'grant'} part of today's permissions, and other members share ${one ? 'its' : 'their'} policies: attach the proposal to the user and remove the user from the ${one ? 'group' : 'groups'}; narrowing ${one ? 'the group' : 'a group'} instead changes what its other members may do`,
  ];
}

/**
 * Documents as one: their statements, in order, under the first one's Version, with unique
 * Sids (IAM wants the Sids of one policy unique).
 */
export function mergeDocuments(documents: PolicyDocument[]): PolicyDocument {
  if (documents.length === 1) return documents[0]!;
  return documentOf(
    documents[0]?.Version,
    uniqueSids(documents.flatMap((d) => asArray(d.Statement))),
  );
}

/**
 * A permission set's proposal is its inline policy; what its managed policies and customer
 * managed policy references grant stays granted while they are attached.
 */
function permissionSetNotes(current: CurrentPolicies, principalType?: PrincipalType): string[] {
  if (principalType !== 'permission-set') return [];
  const notes = [
    "the proposal is the permission set's inline policy: put it in place of today's (PutInlinePolicyToPermissionSet, or the permission set's page in the IAM Identity Center console), then provision the permission set to its accounts (ProvisionPermissionSet), which rewrites the inline policy of its role in each",
  ];
  const managed = current.policies.filter((p) => p.kind === 'managed').map((p) => p.name);
  if (managed.length > 0) {
    const aws = managed.filter((arn) => arn.includes(':iam::aws:policy/'));
    const customer = managed.filter((arn) => !arn.includes(':iam::aws:policy/'));
    const parts = [
      ...(aws.length > 0
        ? [`the AWS managed ${aws.length === 1 ? 'policy' : 'policies'} ${aws.join(', ')}`]
        : []),
      ...(customer.length > 0
        ? [
            `the customer managed policy ${customer.length === 1 ? 'reference' : 'references'} ${customer.map((arn) => arn.slice(arn.indexOf(':policy/') + 7)).join(', ')}`,
          ]
        : []),
    ];
    notes.push(
      `it takes everything the permission set keeps, so detach ${parts.join(' and ')} from the permission set in the same change: while attached they keep granting all they grant today`,
    );
  }
  if ((current.notRead ?? []).length > 0) {
    notes.push(
      'keep attached what could not be read (under "Not evaluated"): the proposal holds nothing of what it grants',
    );
  }
  return notes;
}

function notesFor(documents: PolicyDocument[], principalType: PrincipalType = 'role'): string[] {
  const notes: string[] = [];
  if (documents.length > 1) {
    notes.push(
      `the proposal is split into ${documents.length} policies of at most ${MANAGED_POLICY_LIMIT} characters each, the managed-policy limit`,
    );
  }
  if (documents.length > 10)
    notes.push(
      `a ${principalType} takes at most 10 managed policies by default (20 with a quota raise)`,
    );
  if (documents.some((d) => size(d) > MANAGED_POLICY_LIMIT)) {
    notes.push(
      'a statement is larger than a managed policy can hold and cannot be cut without widening it',
    );
  }
  return notes;
}
