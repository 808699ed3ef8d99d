import type { Report } from '../report.js';
import { actionValues, annotationsFor, evaluateCheck, type FailOn } from './check.js';
import { upsertStickyComment } from './comment.js';
import { PermissionError, type GitHubApi } from '../github/api.js';
import { mergePolicyFile, upsertPolicyPullRequest } from './pull-request.js';
import { matchesAction } from '../evaluate/wildcard.js';

export type Mode = 'comment' | 'pull-request' | 'check' | 'report';
export type Grouping = 'per-principal' | 'single';
export const GROUPINGS: readonly Grouping[] = ['per-principal', 'single'];
export const MODES: readonly Mode[] = ['comment', 'pull-request', 'check', 'report'];

export interface PublishSettings {
  modes: Mode[];
  /**
   * Repository path of the principal's policy file. In a fleet, a template: `{principal}` is
   * each principal's name (`users/<name>` for a user); see `targetOf`.
   */
  policyPath: string;
  /** The pull request's branch; in a fleet of `per-principal` pull requests, a template too. */
  branch: string;
  /** In a fleet: a pull request per principal, or one for all (on `branch`). */
  grouping: Grouping;
  labels: string[];
  reviewers: string[];
  failOn: FailOn[];
  maxUnused: number;
  /** Login whose comments are updated (for GitHub App tokens). */
  commentAuthor?: string;
}

export interface GitHubContext {
  owner: string;
  repo: string;
  eventName: string;
  /** The pull request of a pull_request event. */
  pullNumber?: number;
}

/** What publishing reports back: the action's log, outputs, and whether the step fails. */
export interface PublishIo {
  info(message: string): void;
  warning(message: string, where?: { file: string; startLine: number }): void;
  /** The policy file in the workspace, undefined when absent. */
  readPolicyFile(path: string): Promise<string | undefined>;
}

export interface PublishResult {
  outputs: Record<string, string>;
  /** Set when check mode fails the step. */
  failure?: string;
}

/** The modes a run takes when `mode` is not given: comment on pull requests, PRs on schedules. */
export function defaultModes(eventName: string): Mode[] {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') return ['comment'];
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') return ['pull-request'];
  return ['report'];
}

/** The policy files of a run: what the checkout holds and what the proposal would write. */
export interface PolicyFiles {
  /** The file at `policy-path` in the checkout, if any. */
  existing: string | undefined;
  /** The proposed first document, merged into the existing file's form. */
  proposed: string;
  /** The further parts of a split proposal, each with its own file. */
  further: { path: string; proposedContent: string; currentContent?: string }[];
  /** Part files of an earlier, larger split, to delete (pull request) or count as drift (check). */
  stale: string[];
}

/** Everything a publish mode works with. */
export interface ModeInput {
  report: Report;
  markdown: string;
  settings: PublishSettings;
  context: GitHubContext;
  api: () => GitHubApi;
  io: PublishIo;
  files: PolicyFiles;
  outputs: Record<string, string>;
}

/**
 * Publishes the report where reviewers work. Every GitHub write is idempotent (a sticky
 * comment, a deterministic branch and one PR); a missing permission is a warning, never a
 * failure; only check mode fails the step, and only as `fail-on` says.
 */
export async function publish(
  report: Report,
  markdown: string,
  settings: PublishSettings,
  context: GitHubContext,
  api: () => GitHubApi,
  io: PublishIo,
): Promise<PublishResult> {
  const outputs: Record<string, string> = { 'pull-request-operation': 'none' };
  const files = await policyFiles(report, settings.policyPath, io);
  const input: ModeInput = { report, markdown, settings, context, api, io, files, outputs };
  let failure: string | undefined;
  for (const mode of settings.modes) {
    try {
      if (mode === 'comment') await publishComment(input);
      else if (mode === 'pull-request') await publishPullRequest(input);
      else if (mode === 'check') failure = runCheck(input) ?? failure;
    } catch (error) {
      if (error instanceof PermissionError) io.warning(error.message);
      else throw error;
    }
  }
  return failure === undefined ? { outputs } : { outputs, failure };
}

export async function policyFiles(
  report: Report,
  policyPath: string,
  io: PublishIo,
): Promise<PolicyFiles> {
  const existing = await io.readPolicyFile(policyPath);
  const further = await Promise.all(
    report.proposedPolicies.slice(1).map(async (part, i) => {
      const path = partPath(policyPath, i + 2);
      const current = await io.readPolicyFile(path);
      return {
        path,
        proposedContent: mergePolicyFile(current, part),
        ...(current !== undefined ? { currentContent: current } : {}),
      };
    }),
  );
  // Parts of an earlier proposal split into more policies than this one: left in place they
  // would still be attached by whoever applies the folder.
  const stale = await staleParts(policyPath, report.proposedPolicies.length, io);
  return {
    existing,
    proposed: mergePolicyFile(existing, report.proposedPolicy),
    further,
    stale,
  };
}

/**
 * `comment`: the sticky comment on the pull request that started the run, keyed by the
 * principal (a fleet's run passes its own key and markdown).
 */
export async function publishComment(
  {
    report,
    markdown,
    settings,
    context,
    api,
    io,
    outputs,
  }: Pick<ModeInput, 'markdown' | 'settings' | 'context' | 'api' | 'io' | 'outputs'> & {
    report?: Report;
  },
  key: string = report?.principal ?? '',
): Promise<void> {
  if (context.pullNumber === undefined) {
    io.warning(
      `mode comment needs a pull_request event; this run was triggered by ${context.eventName}, so no comment was written`,
    );
    return;
  }
  const result = await upsertStickyComment(api(), {
    owner: context.owner,
    repo: context.repo,
    issueNumber: context.pullNumber,
    key,
    body: markdown,
    ...(settings.commentAuthor !== undefined ? { author: settings.commentAuthor } : {}),
  });
  if (result.warning !== undefined) io.warning(result.warning);
  outputs['comment-id'] = String(result.id);
  outputs['comment-operation'] = result.operation;
  io.info(`PR comment ${result.operation}: ${result.url}`);
}

/** `pull-request`: the tightened policy on the principal's branch, and one pull request. */
export async function publishPullRequest({
  report,
  markdown,
  settings,
  context,
  api,
  io,
  files,
  outputs,
}: ModeInput): Promise<void> {
  const skip = pullRequestSkipReason(report);
  if (skip !== undefined) {
    io.info(`no pull request: ${skip}`);
    return;
  }
  const name = report.principal.split('/').pop() ?? report.principal;
  const removed = report.proposal.removed.length;
  const title = `Least privilege for ${name}: remove ${removed} unused action${removed === 1 ? '' : 's'}`;
  const result = await upsertPolicyPullRequest(api(), {
    owner: context.owner,
    repo: context.repo,
    path: settings.policyPath,
    content: files.proposed,
    branch: settings.branch,
    title,
    body: markdown,
    extraFiles: files.further.map((file) => ({ path: file.path, content: file.proposedContent })),
    deleteFiles: files.stale,
    labels: settings.labels,
    reviewers: settings.reviewers,
    commitMessage: `${title}\n\nProposed by iam-policy-drift from ${report.window.days} days of CloudTrail (${report.window.from} to ${report.window.to}).`,
  });
  for (const warning of result.warnings) io.warning(warning);
  outputs['pull-request-operation'] = result.operation;
  if (result.number !== undefined) outputs['pull-request-number'] = String(result.number);
  if (result.url !== undefined) outputs['pull-request-url'] = result.url;
  io.info(`pull request ${result.operation}${result.url ? `: ${result.url}` : ''}`);
}

/** `check`: annotations on the policy file, and why the step fails (undefined: it passes). */
export function runCheck({ report, settings, io, files }: ModeInput): string | undefined {
  const check = evaluateCheck({
    failOn: settings.failOn,
    maxUnused: settings.maxUnused,
    unusedCount: report.diff.unused.length,
    deniedCount: report.diff.denied.length,
    proposedFileContent: files.proposed,
    ...(files.existing !== undefined ? { currentFileContent: files.existing } : {}),
    furtherFiles: files.further,
    staleFiles: files.stale,
  });
  if (files.existing !== undefined) {
    const unused = report.diff.unused.map((u) => u.action);
    for (const annotation of unusedAnnotations(files.existing, unused)) {
      io.warning(annotation.message, { file: settings.policyPath, startLine: annotation.line });
    }
  }
  return check.failed ? `iam-policy-drift check failed: ${check.reasons.join('; ')}` : undefined;
}

export function pullRequestSkipReason(report: Report): string | undefined {
  switch (report.proposal.status) {
    case 'proposed':
      return undefined;
    case 'withheld':
      return `no removal is proposed (${report.proposal.reasons.join('; ')})`;
    case 'unchanged':
      return 'nothing to remove';
    case 'generated':
      return 'there are no current policies to tighten (give current-policy, or read them from IAM)';
    case 'too-large':
      return `the tightened policy does not fit IAM's size limits (${report.proposal.reasons.join('; ')})`;
  }
}

/** At most this many stale part files are looked for. */
const MAX_STALE_PARTS = 50;

/**
 * The part files after the proposal's last one that exist (`iam/role-3.json` when the proposal
 * now has two parts), up to the first number without a file.
 */
async function staleParts(policyPath: string, parts: number, io: PublishIo): Promise<string[]> {
  const stale: string[] = [];
  for (let part = Math.max(parts, 1) + 1; part <= parts + MAX_STALE_PARTS; part++) {
    const path = partPath(policyPath, part);
    if ((await io.readPolicyFile(path)) === undefined) break;
    stale.push(path);
  }
  return stale;
}

/** `iam/role.json` → `iam/role-2.json`: where the further parts of a split proposal go. */
export function partPath(policyPath: string, part: number): string {
  const dot = policyPath.lastIndexOf('.');
  const slash = policyPath.lastIndexOf('/');
  return dot > slash
    ? `${policyPath.slice(0, dot)}-${part}${policyPath.slice(dot)}`
    : `${policyPath}-${part}`;
}

/**
 * Annotations on the policy file: each unused action named literally, and each wildcard pattern
 * that grants unused actions (`"s3:*"` grants 177 actions not used in the window).
 */
export function unusedAnnotations(
  fileText: string,
  unused: readonly string[],
): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  for (const { action, line } of annotationsFor(fileText, unused)) {
    out.push({ line, message: `${action} is granted but was not used in the window` });
  }
  const patterns = [
    ...new Set(
      actionValues(fileText)
        .map((entry) => entry.value)
        .filter((value) => /[*?]/.test(value)),
    ),
  ];
  for (const { action: pattern, line } of annotationsFor(fileText, patterns)) {
    const count = unused.filter((a) => matchesAction(pattern, a)).length;
    if (count > 0)
      out.push({
        line,
        message: `${pattern} grants ${count} action${count === 1 ? '' : 's'} not used in the window`,
      });
  }
  return out.sort((a, b) => a.line - b.line).slice(0, 50);
}
