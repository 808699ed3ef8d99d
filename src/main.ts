import * as core from '@actions/core';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyze } from './analyze.js';
import { formatPolicy } from './generate/policy.js';
import { readInputs, INPUT_NAMES } from './inputs.js';
import { createGitHubApi } from './github/octokit.js';
import { publish, type PublishIo, type PublishResult } from './publish/publish.js';
import type { GitHubApi } from './github/api.js';
import type { PrincipalRef } from './activity/principal.js';
import type { CoverageProblem } from './activity/types.js';
import { truncateBody } from './publish/truncate.js';
import { escapeMarkdown } from './render/escape.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { formatProgress } from './render/progress.js';
import { fleetReportOf, type FleetReport, type PrincipalEntry, type Report } from './report.js';
import { renderFleetMarkdown } from './render/fleet.js';
import { publishFleet } from './publish/fleet.js';
import { targetOf } from './settings/publish.js';
import { messageOf } from './util/errors.js';
import { createEdges } from './wiring.js';
import { cliCommand } from './settings/command.js';
import { isFleet } from './settings/analysis.js';

/** The job summary holds at most 1 MiB (bytes of UTF-8); a little is left for the runner. */
const SUMMARY_LIMIT = 1024 * 1024 - 1024;
const SUMMARY_NOTE =
  "> [!NOTE]\n> Cut to the job summary's 1 MiB limit; the JSON report (`report-path`) has everything.";

/**
 * The action: read the inputs, analyze, write the report and outputs, publish (comment, pull
 * request, check), and write the job summary, also when the run fails.
 */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<void> {
  let summary: string | undefined;
  try {
    const inputs = readInputs(env, now);
    const edges = await createEdges(inputs.settings, INPUT_NAMES);
    let analysis;
    try {
      analysis = await core.group('Reading CloudTrail activity', () =>
        analyze(
          // The principals as the edge resolved them (`roles-from-iam` lists roles through IAM).
          { ...inputs.settings, principals: edges.principals },
          { ...edges, onProgress: (p) => core.info(formatProgress(p)) },
        ),
      );
    } finally {
      edges.close();
    }
    const { failure } = analysis;
    const command = cliCommand(inputs.settings);
    const reports: Report[] = analysis.reports.map((report) => ({ ...report, command }));
    const { github } = inputs;
    const api = () => createGitHubApi(github.token, { baseUrl: github.apiUrl });
    const io: PublishIo = {
      info: (message) => core.info(message),
      warning: (message, where) => core.warning(message, where ?? {}),
      readPolicyFile: (path) =>
        readFile(resolve(github.workspace, path), 'utf8').catch(() => undefined),
    };
    const context = { inputs, api, io, principals: edges.principals, leftOut: edges.leftOut };
    const done = isFleet(inputs.settings)
      ? await publishMany(reports, context)
      : await publishOne(reports[0]!, context);
    summary = done.summary;
    const published = await done.published;
    for (const [name, value] of Object.entries(published.outputs)) core.setOutput(name, value);
    if (failure !== undefined) core.setFailed(failure);
    else if (published.failure !== undefined) core.setFailed(published.failure);
  } catch (error) {
    core.setFailed(messageOf(error));
    summary ??= `## IAM policy drift\n\n**The run failed:** ${escapeMarkdown(messageOf(error))}\n`;
  } finally {
    if (summary !== undefined && env.GITHUB_STEP_SUMMARY) {
      const text = truncateBody(summary, SUMMARY_LIMIT, SUMMARY_NOTE, 'utf8');
      try {
        await core.summary.addRaw(text).write();
      } catch (error) {
        core.warning(`could not write the job summary: ${messageOf(error)}`);
      }
    }
  }
}

/** What publishing a run needs besides its reports. */
interface RunContext {
  inputs: ReturnType<typeof readInputs>;
  api: () => GitHubApi;
  io: PublishIo;
  /** The principals of the run, as the edge resolved them. */
  principals: PrincipalRef[];
  /** Roles `roles-from-iam` left out, and why. */
  leftOut: FleetReport['leftOut'];
}

/** The markdown of the run (for the job summary), and its publishing under way. */
interface Done {
  summary: string;
  published: Promise<PublishResult>;
}

/** One principal: its report, outputs and publishing, as always. */
async function publishOne(
  report: Report,
  { inputs, api, io, principals }: RunContext,
): Promise<Done> {
  // Paths already resolved are kept; a permission set given by ARN has its name only now.
  const settings = { ...inputs.publish, ...targetOf(inputs.publish, principals[0]!) };
  const markdown = renderMarkdown(report);
  await writeFile(inputs.reportPath, renderJson(report));
  setReportOutputs(report, inputs.reportPath);
  return {
    summary: markdown,
    published: core.group('Publishing', () =>
      publish(report, markdown, settings, inputs.github, api, io),
    ),
  };
}

/** A fleet: its report (a table, then each principal), outputs, and publishing. */
async function publishMany(
  reports: Report[],
  { inputs, api, io, principals, leftOut }: RunContext,
): Promise<Done> {
  const fleet = fleetReportOf(reports, leftOut);
  const markdown = renderFleetMarkdown(fleet);
  await writeFile(inputs.reportPath, renderJson(fleet));
  setFleetOutputs(fleet, inputs.reportPath);
  const members = reports.map((report, i) => ({
    report,
    markdown: renderMarkdown(report),
    ...targetOf(inputs.publish, principals[i]!),
  }));
  return {
    summary: markdown,
    published: core.group('Publishing', () =>
      publishFleet(members, markdown, inputs.publish, inputs.github, api, io),
    ),
  };
}

/**
 * A fleet's outputs: the counts summed over its principals; `proposal-status` and
 * `proposed-policies` as JSON objects keyed by principal; `proposed-policy` empty (there is
 * one per principal).
 */
function setFleetOutputs(fleet: FleetReport, reportPath: string): void {
  const byPrincipal = <T>(pick: (entry: PrincipalEntry) => T): string =>
    JSON.stringify(
      Object.fromEntries(fleet.principals.map((entry) => [entry.principal, pick(entry)])),
      null,
      2,
    );
  core.setOutput('proposed-policy', '');
  core.setOutput(
    'proposed-policies',
    byPrincipal((entry) => entry.proposedPolicies),
  );
  core.setOutput(
    'proposal-status',
    byPrincipal((entry) => entry.proposal.status),
  );
  core.setOutput('report-path', reportPath);
  const sum = (pick: (entry: PrincipalEntry) => number): number =>
    fleet.principals.reduce((n, entry) => n + pick(entry), 0);
  core.setOutput(
    'used-count',
    sum((e) => e.usage.filter((u) => u.count > 0).length),
  );
  core.setOutput(
    'unused-count',
    sum((e) => e.diff.unused.length),
  );
  core.setOutput(
    'unknown-count',
    sum((e) => e.diff.unknown.length),
  );
  core.setOutput(
    'denied-count',
    sum((e) => e.diff.denied.length),
  );
  core.setOutput('coverage-complete', fleet.coverage.complete);
  warnProblems(fleet.coverage.problems);
}

function setReportOutputs(report: Report, reportPath: string): void {
  core.setOutput('proposed-policy', formatPolicy(report.proposedPolicy));
  core.setOutput('proposed-policies', JSON.stringify(report.proposedPolicies, null, 2));
  core.setOutput('proposal-status', report.proposal.status);
  core.setOutput('report-path', reportPath);
  core.setOutput('used-count', report.usage.filter((u) => u.count > 0).length);
  core.setOutput('unused-count', report.diff.unused.length);
  core.setOutput('unknown-count', report.diff.unknown.length);
  core.setOutput('denied-count', report.diff.denied.length);
  core.setOutput('coverage-complete', report.coverage.complete);
  warnProblems(report.coverage.problems);
}

/** The first coverage problems as warnings on the run. */
function warnProblems(problems: readonly CoverageProblem[]): void {
  for (const problem of problems.slice(0, 10)) {
    core.warning(`${problem.object !== undefined ? `${problem.object}: ` : ''}${problem.message}`);
  }
}
