import type { CoverageProblem } from './activity/types.js';
import type { PrincipalType } from './activity/principal.js';
import type { AccountCalls, DayCoverage, ReadCounts } from './activity/read.js';
import type { ActionUsage, PermissionlessEvent, UnmappedEvent } from './mapping/action-usage.js';
import type { Classification } from './evaluate/classify.js';
import type { ProposalAllows, ProposalStatus } from './generate/proposal.js';
import type { VisibilityCounts } from './mapping/visibility.js';
import type { CurrentPolicyKind, PolicyDocument } from './policies/types.js';

/** The whole result of a run; the JSON report is this object, rendered with sorted content. */
export interface Report {
  tool: {
    name: string;
    version: string;
    catalogue: string;
    /**
     * How a trail shows the use of each catalogue action (management event, data event, never
     * logged, permission-only, unknown to the data), counted, and the data it comes from.
     */
    visibility: VisibilityCounts & { sources: string };
  };
  /** The role or user as given: its ARN or name. */
  principal: string;
  principalType: PrincipalType;
  /**
   * The callers' ARNs seen in the matched records: a role's session issuers (its full ARN with
   * its path), or the user's ARN.
   */
  issuers: string[];
  /** A permission set's calls per account, through its role there. */
  accounts?: AccountCalls[];
  window: { from: string; to: string; days: number };
  source: string;
  coverage: ReadCounts & {
    /** False when any file could not be read or any expected log is missing. */
    complete: boolean;
    problems: CoverageProblem[];
    /** Files found, read and failed per account, region and day (trail layout only). */
    days: DayCoverage[];
  };
  usage: ActionUsage[];
  unmapped: UnmappedEvent[];
  permissionless: PermissionlessEvent[];
  /** `group`: the IAM group a user's policy comes from. */
  currentPolicies: { kind: CurrentPolicyKind; name: string; group?: string }[];
  figures: Classification['figures'];
  /**
   * `notGranted`: used but not allowed by the given policies (a resource policy allowed it, or
   * a policy is missing).
   */
  diff: Pick<Classification, 'used' | 'unused' | 'unknown' | 'denied' | 'notGranted'>;
  proposal: {
    status: ProposalStatus;
    reasons: string[];
    removed: string[];
    sizes: number[];
    notes: string[];
    /** How many actions the documents allow: used, unknown (per reason), kept otherwise. */
    allows: ProposalAllows;
  };
  /** The first (usually the only) proposed document. */
  proposedPolicy: PolicyDocument;
  /** All proposed documents, when the proposal had to be split to fit IAM's size limit. */
  proposedPolicies: PolicyDocument[];
  unknownPatterns: { policy: string; pattern: string }[];
  /** What the evaluation does not take into account. */
  notEvaluated: string[];
  /** The CLI command that reproduces this run locally. */
  command: string;
}

/** A principal's report inside a fleet's: what the fleet's report holds once is left out. */
export type PrincipalEntry = Omit<Report, 'tool' | 'command' | 'window' | 'source' | 'coverage'> & {
  coverage: Omit<Report['coverage'], 'days'>;
};

/** The figures of a whole fleet: sums over its principals. */
export interface FleetFigures {
  principals: number;
  granted: number;
  used: number;
  unused: number;
  unknown: number;
  denied: number;
  /** Granted actions the proposals remove, in all. */
  removed: number;
  /** Principals per proposal status. */
  statuses: Partial<Record<ProposalStatus, number>>;
}

/**
 * The report of a run over several principals (a fleet), read in one pass: the tool, the window,
 * the source and what the read found once, the fleet's figures, and one entry per principal
 * (its report without what is shared), in the order given. A run over one principal keeps the
 * single report's shape (`Report`).
 */
export interface FleetReport {
  tool: Report['tool'];
  window: Report['window'];
  source: string;
  /**
   * The files read, for all principals at once; `complete` when every principal's coverage is;
   * the problems all principals share (each principal's own are in its entry).
   */
  coverage: Pick<
    Report['coverage'],
    'filesListed' | 'filesRead' | 'filesFailed' | 'bytesRead' | 'recordsRead' | 'days'
  > & { complete: boolean; problems: CoverageProblem[] };
  fleet: FleetFigures;
  principals: PrincipalEntry[];
  /** Roles under the `roles-from-iam` path that were not analysed, and why. */
  leftOut: { principal: string; reason: string }[];
  command: string;
}

/** The fleet's report from its principals' reports (in the order given; at least one). */
export function fleetReportOf(
  reports: readonly Report[],
  leftOut: FleetReport['leftOut'] = [],
): FleetReport {
  const first = reports[0];
  if (!first) throw new Error('a fleet has at least one principal');
  const { filesListed, filesRead, filesFailed, bytesRead, recordsRead, days } = first.coverage;
  // By key, not pairwise: a long window's missing days are thousands of problems per principal.
  const keys = reports.map((r) => new Set(r.coverage.problems.map(problemKey)));
  const shared = first.coverage.problems.filter((problem) =>
    keys.every((set) => set.has(problemKey(problem))),
  );
  const statuses: FleetFigures['statuses'] = {};
  for (const r of reports) statuses[r.proposal.status] = (statuses[r.proposal.status] ?? 0) + 1;
  const sum = (pick: (r: Report) => number): number => reports.reduce((n, r) => n + pick(r), 0);
  return {
    tool: first.tool,
    window: first.window,
    source: first.source,
    coverage: {
      filesListed,
      filesRead,
      filesFailed,
      bytesRead,
      recordsRead,
      complete: reports.every((r) => r.coverage.complete),
      problems: shared,
      days,
    },
    fleet: {
      principals: reports.length,
      granted: sum((r) => r.figures.granted),
      used: sum((r) => r.figures.used),
      unused: sum((r) => r.figures.unused),
      unknown: sum((r) => r.figures.unknown),
      denied: sum((r) => r.figures.denied),
      removed: sum((r) => r.proposal.removed.length),
      statuses,
    },
    principals: reports.map(entryOf),
    leftOut,
    command: first.command,
  };
}

/** One principal's report as the fleet's holds it. */
function entryOf(report: Report): PrincipalEntry {
  const {
    tool: _tool,
    command: _command,
    window: _window,
    source: _source,
    coverage,
    ...rest
  } = report;
  const { days: _days, ...own } = coverage;
  return { ...rest, coverage: own };
}

/** A principal's whole report again, from the fleet's: what its markdown section shows. */
export function principalReport(fleet: FleetReport, index: number): Report {
  const entry = fleet.principals[index];
  if (!entry) throw new Error(`no principal ${index} in this fleet`);
  return {
    ...entry,
    tool: fleet.tool,
    window: fleet.window,
    source: fleet.source,
    coverage: { ...entry.coverage, days: fleet.coverage.days },
    command: fleet.command,
  };
}

function problemKey(problem: CoverageProblem): string {
  return JSON.stringify([problem.kind, problem.object ?? null, problem.message]);
}
