import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { analyze } from './analyze.js';
import { readInputs, INPUT_NAMES } from './inputs.js';
import { createEdges } from './wiring.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { formatPolicy } from './generate/policy.js';
import { formatProgress } from './cli/run.js';
import { messageOf } from './util/errors.js';
import { escapeMarkdown } from './render/escape.js';

/** The action: read inputs, analyze, then write the report, outputs and job summary. */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<void> {
  let summary: string | undefined;
  try {
    const { settings, reportPath } = readInputs(env, now);
    const edges = await createEdges(settings, INPUT_NAMES);
    let analysis;
    try {
      analysis = await core.group('Reading CloudTrail activity', () =>
        analyze(settings, { ...edges, onProgress: (p) => core.info(formatProgress(p)) }),
      );
    } finally {
      edges.close();
    }
    const { report, failure } = analysis;
    summary = renderMarkdown(report);
    await writeFile(reportPath, renderJson(report));
    core.setOutput('proposed-policy', formatPolicy(report.proposedPolicy));
    core.setOutput('report-path', reportPath);
    core.setOutput('used-count', report.usage.filter((u) => u.count > 0).length);
    core.setOutput('unused-count', report.diff.unused.length);
    core.setOutput('coverage-complete', report.coverage.complete);
    for (const problem of report.coverage.problems.slice(0, 10)) {
      core.warning(
        `${problem.object !== undefined ? `${problem.object}: ` : ''}${problem.message}`,
      );
    }
    if (failure !== undefined) core.setFailed(failure);
  } catch (error) {
    core.setFailed(messageOf(error));
    summary ??= `## IAM policy drift\n\n**The run failed:** ${escapeMarkdown(messageOf(error))}\n`;
  } finally {
    if (summary !== undefined && env.GITHUB_STEP_SUMMARY) {
      try {
        await core.summary.addRaw(summary).write();
      } catch (error) {
        core.warning(`could not write the job summary: ${messageOf(error)}`);
      }
    }
  }
}
