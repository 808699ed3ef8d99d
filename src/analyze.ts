import {
  activityOf,
  isoSeconds,
  readFleet,
  type ActivityResult,
  type ReadProgress,
} from './activity/read.js';
import {
  principalLabel,
  principalNeedle,
  principalNoun,
  type PrincipalRef,
} from './activity/principal.js';
import type { ActivitySource, CoverageProblem } from './activity/types.js';
import { mapUsage, type MappedUsage } from './mapping/action-usage.js';
import type { IamKnowledge } from './mapping/knowledge.js';
import { checkPolicyCost, statementCount, STATEMENTS_CHECKED_FROM } from './policies/limits.js';
import { classify, classifyContext, type Classification } from './evaluate/classify.js';
import { unknownPatterns } from './evaluate/patterns.js';
import { propose, type Proposal, type UnknownMode } from './generate/proposal.js';
import type { ResourceScopeMode } from './generate/scope.js';
import type { CurrentPolicies, PolicySource } from './policies/types.js';
import type { Report } from './report.js';
import { windowDays, type Window } from './util/time.js';
import { VERSION } from './version.js';
import { describeThreshold, type FailureThreshold } from './settings/parse.js';

export interface AnalysisSettings {
  /** The roles and users analysed (a fleet when several), read in one pass over the trail. */
  principals: PrincipalRef[];
  window: Window;
  concurrency: number;
  maxFailedFiles: FailureThreshold;
  /** Log files larger than this many MiB uncompressed are counted as failed, unread. */
  maxFileSize: number;
  /** No removal is proposed for a window shorter than this. */
  minLookbackDays: number;
  /** What the proposal does with granted actions whose use the trail cannot show. */
  unknown: UnknownMode;
  keepActions: string[];
  keepSidPrefix?: string;
  /** `resource-scope`: which resources the used actions are narrowed to. */
  resourceScope: ResourceScopeMode;
  /** `observed`: more ARNs of one shape than this become a wildcard. */
  resourceScopeMaxArns: number;
}

export interface AnalysisEdges {
  /**
   * Loads what the tool knows about IAM (`loadIamKnowledge`). Called once, right after reading
   * has started, so that the generated data compiles while worker threads read the logs (or
   * first, when the policies are large enough to need the catalogue before reading).
   */
  iam: () => Promise<IamKnowledge>;
  activity: ActivitySource;
  /**
   * Per principal (in the order of `AnalysisSettings.principals`), where its current policies
   * come from; absent or undefined: no current policies to compare with.
   */
  policies?: (PolicySource | undefined)[];
  onProgress?: (progress: ReadProgress) => void;
}

/** The report as the pipeline makes it; the entry point adds the command that reproduces the run. */
export type AnalysisReport = Omit<Report, 'command'>;

export interface Analysis {
  /** One report per principal, in the order of `AnalysisSettings.principals`. */
  reports: AnalysisReport[];
  /** Set when the run must fail (too many unreadable files); the reports are still complete. */
  failure?: string;
}

/**
 * The pipeline: read current policies → read activity (once, for every principal) → per
 * principal: map → compare → generate.
 */
export async function analyze(settings: AnalysisSettings, edges: AnalysisEdges): Promise<Analysis> {
  let loading: Promise<IamKnowledge> | undefined;
  const knowledge = (): Promise<IamKnowledge> => (loading ??= edges.iam());
  // One after the other: the first policy problem fails the run, before any log is read.
  const current: CurrentPolicies[] = [];
  for (let i = 0; i < settings.principals.length; i++) {
    current.push(await currentPolicies(edges.policies?.[i], knowledge));
  }
  const reading = readFleet(edges.activity, {
    principals: settings.principals,
    window: settings.window,
    concurrency: settings.concurrency,
    maxFileBytes: settings.maxFileSize * MIB,
    ...(edges.onProgress ? { onProgress: edges.onProgress } : {}),
  });
  const iamLoading = knowledge();
  const fleet = await reading;
  const iam = await iamLoading;
  let failure: string | undefined;
  const reports = settings.principals.map((principal, i) => {
    const activity = activityOf(fleet, i);
    const coverage = coverageOf(activity, settings.maxFailedFiles, edges.activity.description);
    failure ??= coverage.failure;
    const found = { iam, current: current[i]!, activity, problems: coverage.problems };
    return analyzePrincipal(settings, principal, edges.activity.description, found);
  });
  return failure === undefined ? { reports } : { reports, failure };
}

/** One principal's classification and proposal, from its part of the read. */
function analyzePrincipal(
  settings: AnalysisSettings,
  principal: PrincipalRef,
  source: string,
  found: {
    iam: IamKnowledge;
    current: CurrentPolicies;
    activity: ActivityResult;
    problems: CoverageProblem[];
  },
): AnalysisReport {
  const { iam, current, activity, problems } = found;
  const mapped = mapUsage(iam, activity.events);
  const classification = classify(iam, current, mapped.usage, classifyContext(iam, mapped));
  const proposal = propose(iam.catalogue, current, classification, mapped.usage, {
    unknown: settings.unknown,
    keepActions: settings.keepActions,
    ...(settings.keepSidPrefix !== undefined ? { keepSidPrefix: settings.keepSidPrefix } : {}),
    withheldReasons: withheldReasons(settings, principal, problems, activity, source),
    scope: { mode: settings.resourceScope, maxArns: settings.resourceScopeMaxArns },
    principalType: principal.type,
  });
  return reportOf(settings, principal, source, {
    ...found,
    mapped,
    classification,
    proposal,
  });
}

/** What the stages found, put together as the report. */
function reportOf(
  settings: AnalysisSettings,
  principal: PrincipalRef,
  source: string,
  found: {
    iam: IamKnowledge;
    current: CurrentPolicies;
    activity: ActivityResult;
    mapped: MappedUsage;
    problems: CoverageProblem[];
    classification: Classification;
    proposal: Proposal;
  },
): AnalysisReport {
  const { iam, current, activity, mapped, problems, classification, proposal } = found;
  return {
    tool: {
      name: 'iam-policy-drift',
      version: VERSION,
      catalogue: iam.catalogue.source,
      visibility: { ...iam.visibility.counts(), sources: iam.visibility.source },
    },
    principal: principalLabel(principal),
    principalType: principal.type,
    issuers: activity.issuers,
    ...(activity.accounts !== undefined ? { accounts: activity.accounts } : {}),
    window: {
      from: isoSeconds(settings.window.from),
      to: isoSeconds(settings.window.to),
      days: round(windowDays(settings.window)),
    },
    source: source,
    coverage: {
      ...activity.counts,
      complete: problems.length === 0,
      problems,
      days: activity.days,
    },
    usage: mapped.usage,
    unmapped: mapped.unmapped,
    permissionless: mapped.permissionless,
    currentPolicies: [...current.policies, ...(current.boundary ? [current.boundary] : [])].map(
      (p) => ({ kind: p.kind, name: p.name, ...(p.group !== undefined ? { group: p.group } : {}) }),
    ),
    figures: classification.figures,
    diff: {
      used: classification.used,
      unused: classification.unused,
      unknown: classification.unknown,
      denied: classification.denied,
      notGranted: classification.notGranted,
    },
    proposal: {
      status: proposal.status,
      reasons: proposal.reasons,
      removed: proposal.removed,
      sizes: proposal.sizes,
      notes: proposal.notes,
      allows: proposal.allows,
    },
    proposedPolicy: proposal.documents[0] ?? { Version: '2012-10-17', Statement: [] },
    proposedPolicies: proposal.documents,
    unknownPatterns: unknownPatterns(iam.catalogue, current),
    notEvaluated: [...NOT_EVALUATED, ...(current.notRead ?? [])],
  };
}

const NOT_EVALUATED = [
  'service control policies and resource control policies (they are read from the management account)',
  'resource-based policies and session policies',
];

/**
 * The current policies, read first: a missing policy file, IAM access denied or a role not found
 * (or not the role asked for) fails the run at once, not after hours of reading logs. Policies
 * too costly to evaluate fail now too; only many statements can be (see limits.ts), and only
 * then is the catalogue needed before reading.
 */
async function currentPolicies(
  policies: PolicySource | undefined,
  knowledge: () => Promise<IamKnowledge>,
): Promise<CurrentPolicies> {
  const current: CurrentPolicies = policies ? await policies.load() : { policies: [] };
  if (statementCount(current) >= STATEMENTS_CHECKED_FROM) {
    const { catalogue } = await knowledge();
    checkPolicyCost(catalogue, current, policies?.description ?? 'current policies');
  }
  return current;
}

/** The coverage problems of the read, and the run's failure when too many files failed. */
function coverageOf(
  activity: ActivityResult,
  maxFailedFiles: FailureThreshold,
  description: string,
): { problems: CoverageProblem[]; failure?: string } {
  const problems: CoverageProblem[] = [...activity.problems];
  const { counts } = activity;
  if (counts.filesListed === 0) {
    problems.unshift({
      kind: 'listing-failed',
      message: `no CloudTrail log files found in ${description}`,
    });
  }
  if (!exceeds(counts.filesFailed, counts.filesListed, maxFailedFiles)) return { problems };
  const failure = `${counts.filesFailed} of ${counts.filesListed} log files could not be read, more than max-failed-files allows (${describeThreshold(maxFailedFiles)}); see the coverage problems`;
  problems.unshift({ kind: 'failure-threshold', message: failure });
  return { problems, failure };
}

/** Why no removal may be proposed: bad evidence (coverage, no call at all, a short window). */
function withheldReasons(
  settings: AnalysisSettings,
  principal: PrincipalRef,
  problems: readonly CoverageProblem[],
  activity: ActivityResult,
  source: string,
): string[] {
  const reasons: string[] = [];
  if (problems.length > 0) {
    reasons.push(
      `coverage is incomplete (${problems.length} problem${problems.length === 1 ? '' : 's'}): what was not read may have used the permissions`,
    );
  }
  if (activity.counts.recordsMatched === 0) {
    reasons.push(neverSeen(principal, source, activity));
  }
  const days = windowDays(settings.window);
  if (days < settings.minLookbackDays) {
    reasons.push(
      `the window is ${round(days)} days, shorter than min-lookback-days (${settings.minLookbackDays}): monthly or quarterly jobs may not have run`,
    );
  }
  return reasons;
}

/**
 * Why a principal with no call at all gets no removal: a typo in its name, the wrong account or
 * the wrong trail look exactly like a principal that did nothing, and would remove everything.
 */
function neverSeen(principal: PrincipalRef, description: string, activity: ActivityResult): string {
  const { counts } = activity;
  const noun = principalNoun(principal.type);
  const searched =
    principal.type === 'permission-set'
      ? `permission set ${principal.name} (roles ${principalNeedle(principal)}<suffix>) in any account`
      : principal.kind === 'arn'
        ? `${noun} ${principal.name} of account ${principal.account}`
        : `a ${noun} named ${principal.name} in any account`;
  const elsewhere =
    counts.recordsOutsideWindow > 0 || counts.recordsNotApiCalls > 0
      ? ` (it has ${counts.recordsOutsideWindow} record${counts.recordsOutsideWindow === 1 ? '' : 's'} outside the window and ${counts.recordsNotApiCalls} that ${counts.recordsNotApiCalls === 1 ? 'is' : 'are'} no API call)`
      : '';
  const seen =
    activity.lookalikes && activity.lookalikes.length > 0
      ? `${seenNoun(activity.lookalikes)} seen that look like it: ${activity.lookalikes.join(', ')}`
      : `no ${noun} that looks like it was seen either`;
  return (
    `no call of the ${searched} in the window, in ${counts.recordsRead} records of ` +
    `${counts.filesRead} files of ${description}${elsewhere}; ${seen}. A wrong ${noun} name, ` +
    `account or trail looks exactly like a ${noun} that did nothing: check them; if the ${noun} is ` +
    'really unused, delete it rather than tighten it'
  );
}

/** `roles`, `users`, or `roles and users`: what a list of IAM ARNs names. */
function seenNoun(arns: readonly string[]): string {
  const roles = arns.some((arn) => arn.includes(':role/'));
  const users = arns.some((arn) => arn.includes(':user/'));
  return roles && users ? 'roles and users' : users ? 'users' : 'roles';
}

const MIB = 1 << 20;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function exceeds(failed: number, total: number, threshold: FailureThreshold): boolean {
  if (threshold.kind === 'count') return failed > threshold.value;
  return total > 0 && (failed * 100) / total > threshold.value;
}
