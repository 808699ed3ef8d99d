import { readActivity, isoSeconds, type ReadProgress } from './activity/read.js';
import { roleLabel, type RoleRef } from './activity/principal.js';
import type { ActivitySource, CoverageProblem } from './activity/types.js';
import { mapUsage } from './mapping/action-usage.js';
import { CATALOGUE_SOURCE } from './mapping/catalogue.js';
import { compare } from './evaluate/compare.js';
import { generatePolicy } from './generate/policy.js';
import type { CurrentPolicies, PolicySource } from './policies/types.js';
import type { Report } from './report.js';
import { windowDays, type Window } from './util/time.js';
import { VERSION } from './version.js';

/** How many failed files a run tolerates before it fails: a count, or a share of the files. */
export type FailureThreshold =
  { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export interface AnalysisSettings {
  role: RoleRef;
  window: Window;
  concurrency: number;
  maxFailedFiles: FailureThreshold;
}

export interface AnalysisEdges {
  activity: ActivitySource;
  /** Absent: no current policies to compare with. */
  policies?: PolicySource;
  onProgress?: (progress: ReadProgress) => void;
}

export interface Analysis {
  report: Report;
  /** Set when the run must fail (too many unreadable files); the report is still complete. */
  failure?: string;
}

/** The pipeline: read activity → map → read current policies → compare → generate. */
export async function analyze(settings: AnalysisSettings, edges: AnalysisEdges): Promise<Analysis> {
  const activity = await readActivity(edges.activity, {
    role: settings.role,
    window: settings.window,
    concurrency: settings.concurrency,
    ...(edges.onProgress ? { onProgress: edges.onProgress } : {}),
  });
  const mapped = mapUsage(activity.events);
  const current: CurrentPolicies = edges.policies ? await edges.policies.load() : { policies: [] };
  const comparison = compare(current, mapped.usage);

  const problems: CoverageProblem[] = [...activity.problems];
  const counts = activity.counts;
  if (counts.filesListed === 0) {
    problems.unshift({
      kind: 'listing-failed',
      message: `no CloudTrail log files found in ${edges.activity.description}`,
    });
  }
  let failure: string | undefined;
  if (exceeds(counts.filesFailed, counts.filesListed, settings.maxFailedFiles)) {
    failure = `${counts.filesFailed} of ${counts.filesListed} log files could not be read, more than max-failed-files allows (${describeThreshold(settings.maxFailedFiles)}); see the coverage problems`;
    problems.unshift({ kind: 'failure-threshold', message: failure });
  }

  const report: Report = {
    tool: { name: 'iam-policy-drift', version: VERSION, catalogue: CATALOGUE_SOURCE },
    role: roleLabel(settings.role),
    issuers: activity.issuers,
    window: {
      from: isoSeconds(settings.window.from),
      to: isoSeconds(settings.window.to),
      days: Math.round(windowDays(settings.window) * 100) / 100,
    },
    source: edges.activity.description,
    coverage: { ...counts, complete: problems.length === 0, problems },
    usage: mapped.usage,
    unmapped: mapped.unmapped,
    permissionless: mapped.permissionless,
    currentPolicies: [...current.policies, ...(current.boundary ? [current.boundary] : [])].map(
      (p) => ({
        kind: p.kind,
        name: p.name,
      }),
    ),
    granted: comparison.granted,
    proposedPolicy: generatePolicy(mapped.usage),
    diff: {
      used: comparison.used,
      unused: comparison.unused,
      denied: comparison.denied,
      notGranted: comparison.notGranted,
    },
    unknownPatterns: comparison.unknownPatterns,
    notEvaluated: comparison.notEvaluated,
  };
  return failure === undefined ? { report } : { report, failure };
}

function exceeds(failed: number, total: number, threshold: FailureThreshold): boolean {
  if (threshold.kind === 'count') return failed > threshold.value;
  return total > 0 && (failed * 100) / total > threshold.value;
}

export function describeThreshold(threshold: FailureThreshold): string {
  return threshold.kind === 'count' ? String(threshold.value) : `${threshold.value}%`;
}
