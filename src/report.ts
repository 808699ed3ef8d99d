import type { CoverageProblem } from './activity/types.js';
import type { PrincipalType } from './activity/principal.js';
import type { DayCoverage, ReadCounts } from './activity/read.js';
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
