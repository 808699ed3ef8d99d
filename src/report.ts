import type { CoverageProblem } from './activity/types.js';
import type { ReadCounts } from './activity/read.js';
import type { ActionUsage, PermissionlessEvent, UnmappedEvent } from './mapping/action-usage.js';
import type { NotEvaluated } from './evaluate/compare.js';
import type { CurrentPolicyKind, PolicyDocument } from './policies/types.js';

/** The whole result of a run; the JSON report is this object, rendered with sorted content. */
export interface Report {
  tool: { name: string; version: string; catalogue: string };
  /** The role as given. */
  role: string;
  /** Session-issuer ARNs seen in the matched records (the role's full ARN with its path). */
  issuers: string[];
  window: { from: string; to: string; days: number };
  source: string;
  coverage: ReadCounts & {
    /** False when any file could not be read or any expected log is missing. */
    complete: boolean;
    problems: CoverageProblem[];
  };
  usage: ActionUsage[];
  unmapped: UnmappedEvent[];
  permissionless: PermissionlessEvent[];
  currentPolicies: { kind: CurrentPolicyKind; name: string }[];
  granted: { action: string; policies: string[] }[];
  proposedPolicy: PolicyDocument;
  diff: { used: string[]; unused: string[]; denied: string[]; notGranted: string[] };
  unknownPatterns: { policy: string; pattern: string }[];
  notEvaluated: NotEvaluated[];
}
