import * as core from '@actions/core';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyze } from './analyze.js';
import { formatPolicy } from './generate/policy.js';
import { readInputs, INPUT_NAMES } from './inputs.js';
import { createGitHubApi } from './github/octokit.js';
import { publish } from './publish/publish.js';
import { truncateBody } from './publish/truncate.js';
import { escapeMarkdown } from './render/escape.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { formatProgress } from './render/progress.js';
import type { Report } from './report.js';
import { messageOf } from './util/errors.js';
import { createEdges } from './wiring.js';
import { cliCommand } from './settings/command.js';

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
        analyze(inputs.settings, { ...edges, onProgress: (p) => core.info(formatProgress(p)) }),
      );
    } finally {
      edges.close();
    }
    const { failure } = analysis;
    const report: Report = { ...analysis.report, command: cliCommand(inputs.settings) };
    const markdown = renderMarkdown(report);
    summary = markdown;
    await writeFile(inputs.reportPath, renderJson(report));
    setReportOutputs(report, inputs.reportPath);

    const { github } = inputs;
    const published = await core.group('Publishing', () =>
      publish(
        report,
        markdown,
        inputs.publish,
        github,
        () => createGitHubApi(github.token, { baseUrl: github.apiUrl }),
        {
          info: (message) => core.info(message),
          warning: (message, where) => core.warning(message, where ?? {}),
          readPolicyFile: (path) =>
            readFile(resolve(github.workspace, path), 'utf8').catch(() => undefined),
        },
      ),
    );
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
  for (const problem of report.coverage.problems.slice(0, 10)) {
    core.warning(`${problem.object !== undefined ? `${problem.object}: ` : ''}${problem.message}`);
  }
}
