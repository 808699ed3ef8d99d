import { expandActionPattern } from '../mapping/catalogue.js';
import type { ActionUsage } from '../mapping/action-usage.js';
import type { Classification } from '../evaluate/classify.js';
import { asArray } from '../evaluate/patterns.js';
import { byAction, grantedActions } from '../evaluate/evaluator.js';
import { statementActions } from '../evaluate/evaluator.js';
import { proveNotBroader } from '../evaluate/subset.js';
import { matchesAction } from '../evaluate/wildcard.js';
import type { CurrentPolicies, PolicyDocument, PolicyStatement } from '../policies/types.js';
import { generatePolicy } from './policy.js';

/** A managed policy holds at most 6,144 characters, whitespace not counted. */
export const MANAGED_POLICY_LIMIT = 6144;

export interface ProposalOptions {
  /** Keep granted actions whose use the trail cannot show (default true). */
  keepUnknown: boolean;
  /** Action patterns always kept (`keep-actions`). */
  keepActions: readonly string[];
  /** Statements whose Sid starts with this are kept verbatim (`keep-sid-prefix`). */
  keepSidPrefix?: string;
  /** Reasons not to propose any removal (incomplete coverage, a short window); empty when none. */
  withheldReasons: readonly string[];
}

export type ProposalStatus = 'proposed' | 'unchanged' | 'withheld' | 'generated';

export interface Proposal {
  /**
   * `proposed`: a tightened policy; `unchanged`: nothing to remove; `withheld`: removals are not
   * proposed (see `reasons`) and the documents are today's; `generated`: no current policies to
   * tighten, so the documents are built from the usage alone.
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
}

/**
 * The proposed policy: today's statements narrowed to what was used, what is unknown (unless
 * dropped) and the keep-list; Deny statements and statements with a kept Sid prefix verbatim.
 * Every statement of the proposal is part of a statement of today's, and the evaluator proves
 * the whole is not broader than today before it is proposed.
 */
export function propose(
  current: CurrentPolicies,
  classification: Classification,
  usage: readonly ActionUsage[],
  options: ProposalOptions,
): Proposal {
  if (current.policies.length === 0) {
    const documents = split([generatePolicy(usage)]);
    return {
      status: 'generated',
      reasons: [
        'no current policies were given: the policy is built from the usage alone, with Resource "*"',
      ],
      documents,
      removed: [],
      sizes: documents.map(size),
      notes: notesFor(documents),
    };
  }
  const today = current.policies.map((p) => p.document);
  if (options.withheldReasons.length > 0) {
    return withheld(today, [...options.withheldReasons]);
  }

  const keep = new Set<string>(classification.used.map((u) => u.action));
  if (options.keepUnknown) for (const u of classification.unknown) keep.add(u.action);
  for (const u of [...classification.unused, ...classification.unknown]) {
    if (options.keepActions.some((pattern) => matchesAction(pattern, u.action))) keep.add(u.action);
  }
  const unchanged: Proposal = {
    status: 'unchanged',
    reasons: ['every granted action is used, unknown or kept'],
    documents: today,
    removed: [],
    sizes: today.map(size),
    notes: [],
  };
  const candidates = [...classification.unused, ...classification.unknown].filter(
    (u) => !keep.has(u.action),
  );
  if (candidates.length === 0) return unchanged;

  const statements: PolicyStatement[] = [];
  for (const policy of current.policies) {
    for (const statement of asArray(policy.document.Statement)) {
      const narrowed = narrow(statement, keep, options.keepSidPrefix);
      if (narrowed) statements.push(narrowed);
    }
  }
  const documents = split([{ Version: '2012-10-17', Statement: uniqueSids(statements) }]);
  // What the proposal removes, as the evaluator sees both: not what was meant to be removed
  // (a statement kept by its Sid, or another statement granting the same action, keeps it).
  const removed = removedActions(current, documents);
  if (removed.length === 0) return unchanged;
  const proof = proveNotBroader(documents, current);
  if (!proof.ok) {
    const shown = proof.violations
      .slice(0, 5)
      .map((v) => `${v.action}${v.resource ? ` on ${v.resource}` : ''}`);
    return withheld(today, [
      `internal check failed: the proposal would allow more than today (${shown.join(', ')}); please report this`,
    ]);
  }
  return {
    status: 'proposed',
    reasons: [],
    documents,
    removed,
    sizes: documents.map(size),
    notes: notesFor(documents),
  };
}

function withheld(today: PolicyDocument[], reasons: string[]): Proposal {
  return {
    status: 'withheld',
    reasons,
    documents: today,
    removed: [],
    sizes: today.map(size),
    notes: [],
  };
}

/** Actions today's policies grant that the proposed documents (with today's boundary) do not. */
function removedActions(current: CurrentPolicies, documents: PolicyDocument[]): string[] {
  const proposed = new Set(
    grantedActions({
      policies: documents.map((document, i) => ({
        kind: 'file' as const,
        name: `proposed[${i}]`,
        document,
      })),
      ...(current.boundary ? { boundary: current.boundary } : {}),
    }).map((g) => g.action),
  );
  return grantedActions(current)
    .map((g) => g.action)
    .filter((a) => !proposed.has(a))
    .sort(byAction);
}

/**
 * A statement limited to the kept actions; undefined when nothing of it is kept. `Action`
 * patterns that name no catalogue action (`futuresvc:DoThing`: newer than the catalogue) are
 * kept verbatim: what they grant cannot be known, so it is never removed.
 */
function narrow(
  statement: PolicyStatement,
  keep: ReadonlySet<string>,
  keepSidPrefix?: string,
): PolicyStatement | undefined {
  if (statement.Effect !== 'Allow') return statement;
  if (keepSidPrefix && statement.Sid?.startsWith(keepSidPrefix)) return statement;
  const actions = statementActions(statement);
  const outside =
    statement.Action !== undefined
      ? asArray(statement.Action).filter((p) => expandActionPattern(p).length === 0)
      : [];
  const removed = actions.filter((a) => !keep.has(a));
  if (removed.length === 0) return actions.length > 0 || outside.length > 0 ? statement : undefined;
  const { Action: _action, NotAction: notAction, ...rest } = statement;
  if (removed.length === actions.length) {
    return outside.length === 0
      ? undefined
      : { ...rest, Action: outside.length === 1 ? outside[0]! : outside };
  }
  if (notAction !== undefined) {
    const kept = actions.filter((a) => keep.has(a));
    // Allow + NotAction: exclude the removed actions too (exactly today minus them), unless
    // listing what is kept is shorter.
    if (kept.length <= removed.length)
      return { ...rest, Action: kept.length === 1 ? kept[0]! : kept };
    return { ...rest, NotAction: [...new Set([...asArray(notAction), ...removed])].sort(byAction) };
  }
  // Keep each pattern whose every action is kept (s3:Get*); list the kept rest explicitly.
  const patterns: string[] = [];
  const explicit = new Set<string>();
  for (const pattern of asArray(statement.Action)) {
    const expanded = expandActionPattern(pattern);
    if (expanded.length > 0 && expanded.every((a) => keep.has(a))) patterns.push(pattern);
    else for (const a of expanded) if (keep.has(a)) explicit.add(a);
  }
  const covered = (a: string): boolean => patterns.some((p) => matchesAction(p, a));
  const listed = [
    ...new Set([...patterns, ...[...explicit].filter((a) => !covered(a)), ...outside]),
  ].sort(byAction);
  return { ...rest, Action: listed.length === 1 ? listed[0]! : listed };
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
      if (currentStatements.length > 0)
        out.push({ Version: '2012-10-17', Statement: currentStatements });
      currentStatements = [];
    };
    const statements = asArray(document.Statement);
    // The Sids of the cut parts (`S3Part2`) must not take one a statement already has.
    const sids = new Set(statements.map((s) => s.Sid).filter((sid) => sid !== undefined));
    for (const statement of statements.flatMap((s) => cut(s, limit, sids))) {
      const candidate = { Version: '2012-10-17', Statement: [...currentStatements, statement] };
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
  for (const action of statement.Action) {
    const next = { ...base, Action: [...actions, action] };
    if (ENVELOPE + JSON.stringify(next).length > limit && actions.length > 0) {
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

function notesFor(documents: PolicyDocument[]): string[] {
  const notes: string[] = [];
  if (documents.length > 1) {
    notes.push(
      `the proposal is split into ${documents.length} policies of at most ${MANAGED_POLICY_LIMIT} characters each, the managed-policy limit`,
    );
  }
  if (documents.length > 10)
    notes.push('a role takes at most 10 managed policies by default (20 with a quota raise)');
  if (documents.some((d) => size(d) > MANAGED_POLICY_LIMIT)) {
    notes.push(
      'a statement is larger than a managed policy can hold and cannot be cut without widening it',
    );
  }
  return notes;
}
