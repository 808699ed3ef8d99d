import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputs, ROOT, runBundle } from './node24.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import type { Report } from '../../src/report.js';
import { catalogue } from '../support/iam.js';

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
    const all = JSON.parse(run.outputs['proposed-policies']!) as PolicyDocument[];
    expect(all).toEqual(report.proposedPolicies);
    expect(all[0]).toEqual(report.proposedPolicy);
    expect(run.outputs['unused-count']).toBe(String(report.diff.unused.length));
    expect(run.outputs['used-count']).toBe(String(report.usage.filter((u) => u.count > 0).length));
    expect(run.outputs['coverage-complete']).toBe('true');
    expect(run.summary).toContain(
      '## IAM policy drift for `arn:aws:iam::111122223333:role/service/orders-api`',
    );
    expect(run.summary).toContain('### Proposed policy');
  });

  it('gives every part of a split proposal in proposed-policies and says so in the summary', () => {
    // Today's policy plus every EC2 action, listed one by one and kept: the proposal is larger
    // than a managed policy can hold.
    const today = JSON.parse(
      readFileSync(join(ROOT, 'examples/current-policy.json'), 'utf8'),
    ) as PolicyDocument;
    const statements = Array.isArray(today.Statement) ? today.Statement : [today.Statement];
    const ec2 = catalogue.serviceActions('ec2');
    const dir = mkdtempSync(join(tmpdir(), 'ipd-split-'));
    const policyFile = join(dir, 'big-policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [...statements, { Sid: 'Ec2', Effect: 'Allow', Action: ec2, Resource: '*' }],
      }),
    );
    const run = runAction({
      ...EXAMPLE_INPUTS,
      'current-policy': policyFile,
      'keep-actions': 'ec2:*',
    });
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(run.outputs['report-path']!, 'utf8')) as Report;
    expect(report.proposal.status).toBe('proposed');
    const all = JSON.parse(run.outputs['proposed-policies']!) as PolicyDocument[];
    expect(all.length).toBeGreaterThan(1);
    expect(all).toEqual(report.proposedPolicies);
    expect(JSON.parse(run.outputs['proposed-policy']!)).toEqual(all[0]);
    // Every EC2 action is in one of the parts, and the first part alone lacks some.
    const actionsOf = (documents: PolicyDocument[]): string[] =>
      documents.flatMap((d) =>
        (Array.isArray(d.Statement) ? d.Statement : [d.Statement]).flatMap((s) => s.Action ?? []),
      );
    expect(actionsOf(all)).toEqual(expect.arrayContaining(ec2));
    expect(actionsOf(all.slice(0, 1))).not.toEqual(expect.arrayContaining(ec2));
    expect(run.summary).toContain(`**The proposal is split into ${all.length} policies**`);
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
