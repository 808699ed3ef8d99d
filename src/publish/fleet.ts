/**
 * Publishing a fleet's run: one sticky comment for the run, a pull request per principal or
 * one for all, and one check over every principal's policy file. Each principal's part reuses
 * what a one-principal run does (`publish.ts`), with its own policy file and branch.
 */
import type { GitHubApi } from '../github/api.js';
import { PermissionError } from '../github/api.js';
import type { Report } from '../report.js';
import {
  policyFiles,
  publishComment,
  publishPullRequest,
  pullRequestSkipReason,
  runCheck,
  type GitHubContext,
  type ModeInput,
  type PolicyFiles,
  type PublishIo,
  type PublishResult,
  type PublishSettings,
} from './publish.js';
import { upsertPolicyPullRequest } from './pull-request.js';

/** One principal of the fleet: its report, its markdown, and where its policy goes. */
export interface FleetMember {
  report: Report;
  markdown: string;
  policyPath: string;
  branch: string;
}

/** The sticky comment's key for a fleet: one comment per run's fleet, not per principal. */
export const FLEET_COMMENT_KEY = 'fleet';

export async function publishFleet(
  members: readonly FleetMember[],
  fleetMarkdown: string,
  settings: PublishSettings,
  context: GitHubContext,
  api: () => GitHubApi,
  io: PublishIo,
): Promise<PublishResult> {
  const outputs: Record<string, string> = { 'pull-request-operation': 'none' };
  const inputs: ModeInput[] = [];
  for (const member of members) {
    const own = { ...settings, policyPath: member.policyPath, branch: member.branch };
    const files = await policyFiles(member.report, member.policyPath, io);
    inputs.push({ ...member, settings: own, context, api, io, files, outputs });
  }
  const failures: string[] = [];
  for (const mode of settings.modes) {
    try {
      if (mode === 'comment') {
        const input = { markdown: fleetMarkdown, settings, context, api, io, outputs };
        await publishComment(input, FLEET_COMMENT_KEY);
      } else if (mode === 'pull-request') {
        await fleetPullRequests(inputs, fleetMarkdown, outputs);
      } else if (mode === 'check') failures.push(...fleetCheck(inputs));
    } catch (error) {
      if (error instanceof PermissionError) io.warning(error.message);
      else throw error;
    }
  }
  return failures.length === 0
    ? { outputs }
    : { outputs, failure: `iam-policy-drift check failed: ${failures.join('; ')}` };
}

/** `per-principal`: each principal's pull request, as a one-principal run opens it. */
async function fleetPullRequests(
  inputs: readonly ModeInput[],
  fleetMarkdown: string,
  outputs: Record<string, string>,
): Promise<void> {
  const first = inputs[0];
  if (!first) return;
  if (first.settings.grouping === 'single') {
    await singlePullRequest(inputs, fleetMarkdown, outputs);
    return;
  }
  const numbers: Record<string, number> = {};
  for (const input of inputs) {
    const own: Record<string, string> = {};
    await publishPullRequest({ ...input, outputs: own });
    if (own['pull-request-number'] !== undefined) {
      numbers[input.report.principal] = Number(own['pull-request-number']);
    }
    if (own['pull-request-operation'] !== 'none') {
      outputs['pull-request-operation'] = own['pull-request-operation'] ?? 'none';
    }
  }
  outputs['pull-request-numbers'] = JSON.stringify(numbers);
}

/** `single`: one pull request with the policy files of every principal that has a proposal. */
async function singlePullRequest(
  inputs: readonly ModeInput[],
  fleetMarkdown: string,
  outputs: Record<string, string>,
): Promise<void> {
  const proposing = inputs.filter((input) => {
    const skip = pullRequestSkipReason(input.report);
    if (skip !== undefined) input.io.info(`${input.report.principal}: no change (${skip})`);
    return skip === undefined;
  });
  const first = proposing[0];
  if (!first) {
    inputs[0]?.io.info('no pull request: no principal has a proposal');
    return;
  }
  const { context, settings, io } = first;
  const files = proposing.flatMap((input) => filesOf(input.files, input.settings.policyPath));
  const removed = proposing.reduce((n, input) => n + input.report.proposal.removed.length, 0);
  const title = `Least privilege for ${proposing.length} principal${proposing.length === 1 ? '' : 's'}: remove ${removed} unused action${removed === 1 ? '' : 's'}`;
  const window = first.report.window;
  const result = await upsertPolicyPullRequest(first.api(), {
    owner: context.owner,
    repo: context.repo,
    path: files[0]!.path,
    content: files[0]!.content,
    extraFiles: files.slice(1),
    deleteFiles: proposing.flatMap((input) => input.files.stale),
    branch: settings.branch,
    title,
    body: fleetMarkdown,
    labels: settings.labels,
    reviewers: settings.reviewers,
    commitMessage: `${title}\n\nProposed by iam-policy-drift from ${window.days} days of CloudTrail (${window.from} to ${window.to}).`,
  });
  for (const warning of result.warnings) io.warning(warning);
  outputs['pull-request-operation'] = result.operation;
  if (result.number !== undefined) outputs['pull-request-number'] = String(result.number);
  if (result.url !== undefined) outputs['pull-request-url'] = result.url;
  io.info(`pull request ${result.operation}${result.url ? `: ${result.url}` : ''}`);
}

/** A principal's files as one commit writes them: its policy file, then its further parts. */
function filesOf(files: PolicyFiles, policyPath: string): { path: string; content: string }[] {
  return [
    { path: policyPath, content: files.proposed },
    ...files.further.map((part) => ({ path: part.path, content: part.proposedContent })),
  ];
}

/** Every principal's check, each annotating its own policy file; why the step fails. */
function fleetCheck(inputs: readonly ModeInput[]): string[] {
  const failures: string[] = [];
  for (const input of inputs) {
    const failure = runCheck(input);
    if (failure !== undefined) {
      failures.push(
        `${input.report.principal}: ${failure.replace(/^iam-policy-drift check failed: /, '')}`,
      );
    }
  }
  return failures;
}
