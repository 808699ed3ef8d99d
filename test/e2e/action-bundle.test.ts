import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputs, ROOT, runBundle } from './node24.js';
import type { Report } from '../../src/report.js';

/** Runs dist/index.js as the Actions runner does: INPUT_* variables and the runner's files. */
function runAction(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ipd-action-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: NodeJS.ProcessEnv = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: ROOT,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = runBundle('dist/index.js', [], env);
  return {
    ...run,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    dir,
  };
}

const EXAMPLE_INPUTS = {
  'role-arn': 'arn:aws:iam::111122223333:role/service/orders-api',
  'logs-path': 'examples/org-trail',
  'current-policy': 'examples/current-policy.json',
  from: '2026-10-01',
  to: '2026-11-01',
  'lookback-days': '90',
  'max-failed-files': '5%',
  concurrency: '8',
};

describe('the bundled action (dist/index.js) under Node 24', () => {
  it('writes outputs, the JSON report and the job summary', () => {
    const run = runAction(EXAMPLE_INPUTS);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/::error::/);
    const report = JSON.parse(readFileSync(run.outputs['report-path']!, 'utf8')) as Report;
    expect(run.outputs['report-path']).toBe(join(run.dir, 'iam-policy-drift-report.json'));
    expect(JSON.parse(run.outputs['proposed-policy']!)).toEqual(report.proposedPolicy);
    expect(run.outputs['unused-count']).toBe(String(report.diff.unused.length));
    expect(run.outputs['used-count']).toBe(String(report.usage.filter((u) => u.count > 0).length));
    expect(run.outputs['coverage-complete']).toBe('true');
    expect(run.summary).toContain(
      '## IAM policy drift for `arn:aws:iam::111122223333:role/service/orders-api`',
    );
    expect(run.summary).toContain('### Proposed policy');
  });

  it('fails the step with a message naming the input', () => {
    const run = runAction({ ...EXAMPLE_INPUTS, 'role-arn': 'arn:aws:iam::bad' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::role-arn: "arn:aws:iam::bad" is neither a role ARN/);
    const missing = runAction({ ...EXAMPLE_INPUTS, 'logs-path': 'nowhere' });
    expect(missing.stdout).toMatch(/::error::logs-path: the directory "nowhere" does not exist/);
    expect(missing.summary).toContain(
      '**The run failed:** logs-path: the directory "nowhere" does not exist',
    );
  });
});
