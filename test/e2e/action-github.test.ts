/**
 * The bundled action end to end, run as the Actions runner runs it (`node dist/index.js`, INPUT_*
 * variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a real event payload at
 * GITHUB_EVENT_PATH), reading the trail from S3 and the role's policies from IAM (moto_server),
 * and publishing to a strict fake GitHub REST API.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import {
  type MotoCredentials,
  motoCredentialsIn,
  motoEnv,
  motoIam,
  motoS3,
  resetMoto,
} from '../support/moto.js';
import { putObject } from '../support/trail.js';
import {
  createExampleRole,
  EXAMPLE_POLICY as POLICY,
  seedExampleTrail,
} from '../support/example-trail.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { runActionAsRunner, type ActionRun } from './node24.js';
import { roleCall } from '../fixtures/records.js';
import type { Report } from '../../src/report.js';

const BUCKET = 'org-trail-logs';

interface WebhookExample {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookExample[];
function payload(name: string): Record<string, unknown> {
  const found = examples.find((e) => e.name === name)?.examples[0];
  if (!found) throw new Error(`no ${name} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

let github: FakeGitHub;
let pullNumber: number;
/** The job's credentials, in the role's account (IAM is read with them). */
let credentials: MotoCredentials;

beforeAll(async () => {
  await resetMoto();
  credentials = await motoCredentialsIn('111122223333');
  await seedExampleTrail(motoS3({ credentials }), BUCKET);
  await createExampleRole(motoIam({ credentials }), 'orders-api');
  github = await startFakeGitHub({
    files: { 'README.md': '# infra\n', 'iam/orders-api.json': POLICY },
  });
  pullNumber = github.createIssue('Add the orders service');
});

afterAll(async () => {
  await github.close();
});

/** Runs dist/index.js as the runner does, with the inputs of these tests under `inputs`. */
function runAction(
  event: string,
  eventPayload: Record<string, unknown>,
  inputs: Record<string, string>,
  token: string = FAKE_TOKENS.githubToken,
  /** Files of the checkout, over the default branch's policy file. */
  workspaceFiles: Record<string, string> = {},
): Promise<ActionRun> {
  return runActionAsRunner({
    github,
    event,
    payload: eventPayload,
    workspaceFiles: {
      'iam/orders-api.json': github.filesOn('main')?.['iam/orders-api.json'] ?? POLICY,
      ...workspaceFiles,
    },
    env: motoEnv(credentials),
    inputs: {
      'role-arn': 'arn:aws:iam::111122223333:role/service/orders-api',
      'trail-bucket': BUCKET,
      'organization-id': 'o-a1b2c3d4e5',
      accounts: '111122223333,444455556666',
      's3-path-style': 'true',
      from: '2026-10-01',
      to: '2026-11-01',
      'github-token': token,
      'fail-on': 'unused',
      'max-unused': '0',
      ...inputs,
    },
  });
}

function pullRequestEvent(number = pullNumber): Record<string, unknown> {
  const event = payload('pull_request');
  event.number = number;
  (event.pull_request as Record<string, unknown>).number = number;
  return event;
}

describe('the bundled action publishing to GitHub', () => {
  it('on pull requests keeps exactly one sticky comment over three runs', async () => {
    const operations: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await runAction('pull_request', pullRequestEvent(), {});
      expect(run.stdout).not.toMatch(/::error::/);
      expect(run.status).toBe(0);
      expect(run.summary).toContain('## IAM policy drift for');
      operations.push(run.outputs['comment-operation']);
    }
    expect(operations).toEqual(['created', 'unchanged', 'unchanged']);
    const comments = github.comments(pullNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('<!-- iam-policy-drift:');
    expect(comments[0]!.body).toContain('**Proposed:** remove');
    expect(comments[0]!.author.login).toBe('github-actions[bot]');
  });

  it('on schedules keeps exactly one pull request and one commit over three runs', async () => {
    const operations: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await runAction('schedule', { schedule: '17 5 * * 1' }, {});
      expect(run.status).toBe(0);
      operations.push(run.outputs['pull-request-operation']);
    }
    expect(operations).toEqual(['created', 'unchanged', 'unchanged']);
    const pulls = github.pulls();
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.head).toBe('iam-policy-drift/orders-api');
    expect(github.history('iam-policy-drift/orders-api').length).toBe(
      github.history('main').length + 1,
    );
    const proposed = JSON.parse(
      github.filesOn('iam-policy-drift/orders-api')!['iam/orders-api.json']!,
    ) as { Statement: { Action?: string | string[] }[] };
    const actions = proposed.Statement.flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [],
    );
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('kms:Encrypt');
  });

  it('updates the comment and the pull request when the trail changes', async () => {
    const record = roleCall('kms.amazonaws.com', 'Encrypt', {
      eventTime: '2026-10-20T10:00:00Z',
      awsRegion: 'eu-west-1',
    });
    await putObject(
      motoS3({ credentials }),
      BUCKET,
      'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/10/20/111122223333_CloudTrail_eu-west-1_20261020T1005Z_changedTrail0001.json.gz',
      gzipSync(JSON.stringify({ Records: [record] })),
    );
    const comment = await runAction('pull_request', pullRequestEvent(), {});
    expect(comment.outputs['comment-operation']).toBe('updated');
    expect(github.comments(pullNumber)).toHaveLength(1);
    const pr = await runAction('workflow_dispatch', payload('workflow_dispatch'), {});
    expect(pr.outputs['pull-request-operation']).toBe('updated');
    expect(github.pulls()).toHaveLength(1);
    expect(github.filesOn('iam-policy-drift/orders-api')!['iam/orders-api.json']).toContain(
      'kms:Encrypt',
    );
  });

  it('in check mode fails the step as fail-on says, with annotations on the policy file', async () => {
    const failing = await runAction('pull_request', pullRequestEvent(), { mode: 'check' });
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(
      /::error::iam-policy-drift check failed: \d+ granted actions were not used in the window \(max-unused: 0\)/,
    );
    expect(failing.stdout).toMatch(
      /::warning file=iam\/orders-api.json,line=\d+::s3:\* grants \d+ actions not used in the window/,
    );
    expect(failing.summary).toContain('## IAM policy drift for');
    const tolerant = await runAction('pull_request', pullRequestEvent(), {
      mode: 'check,report',
      'max-unused': '100000',
    });
    expect(tolerant.status).toBe(0);
    const denied = await runAction('pull_request', pullRequestEvent(), {
      mode: 'check',
      'fail-on': 'denied',
      'max-unused': '100000',
    });
    expect(denied.status).toBe(1);
    expect(denied.stdout).toMatch(/1 call was denied in the window/);
  });

  it('with fail-on: drift, exits 1 on drift and 0 when the policy file holds the proposal', async () => {
    const drift = await runAction('pull_request', pullRequestEvent(), {
      mode: 'check',
      'fail-on': 'drift',
    });
    expect(drift.status).toBe(1);
    expect(drift.stdout).toMatch(
      /::error::iam-policy-drift check failed: the policy file at policy-path differs from the proposed policy/,
    );
    // Every part of the proposal in its file: iam/orders-api.json, iam/orders-api-2.json, ...
    const report = JSON.parse(readFileSync(drift.outputs['report-path']!, 'utf8')) as Report;
    expect(report.proposedPolicies.length).toBeGreaterThan(0);
    const files = Object.fromEntries(
      report.proposedPolicies.map((document, i) => [
        i === 0 ? 'iam/orders-api.json' : `iam/orders-api-${i + 1}.json`,
        `${JSON.stringify(document, null, 2)}\n`,
      ]),
    );
    const inSync = await runAction(
      'pull_request',
      pullRequestEvent(),
      { mode: 'check', 'fail-on': 'drift' },
      FAKE_TOKENS.githubToken,
      files,
    );
    expect(inSync.stdout).not.toMatch(/::error::/);
    expect(inSync.status).toBe(0);
  });

  it('warns with the permissions needed when a read is refused; check mode still fails', async () => {
    const LIST = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
    const before = github.comments(pullNumber).map((c) => c.body);
    github.failNext(LIST, 403, 'Resource not accessible by integration');
    const comment = await runAction('pull_request', pullRequestEvent(), { mode: 'comment' });
    expect(comment.status).toBe(0);
    expect(comment.stdout).toMatch(
      /::warning::GitHub refused to read the comments of #\d+ .*permissions: pull-requests: write/,
    );
    expect(comment.summary).toContain('## IAM policy drift for');
    expect(github.comments(pullNumber).map((c) => c.body)).toEqual(before);

    github.failNext('GET /repos/{owner}/{repo}', 404, 'Not Found');
    const pr = await runAction('schedule', { schedule: '17 5 * * 1' }, {});
    expect(pr.status).toBe(0);
    expect(pr.stdout).toMatch(
      /::warning::GitHub refused to read the repository .*permissions: contents: write, pull-requests: write/,
    );
    expect(pr.summary).toContain('## IAM policy drift for');

    github.failNext(LIST, 403, 'Resource not accessible by integration');
    const checked = await runAction('pull_request', pullRequestEvent(), { mode: 'comment,check' });
    expect(checked.status).toBe(1);
    expect(checked.stdout).toMatch(/::warning::GitHub refused to read the comments/);
    expect(checked.stdout).toMatch(/::error::iam-policy-drift check failed/);
  });

  it('from a fork (read-only token) warns with the permissions needed and does not fail', async () => {
    const forkPull = github.createIssue('A change from a fork');
    const run = await runAction(
      'pull_request',
      pullRequestEvent(forkPull),
      {},
      FAKE_TOKENS.readOnly,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/::warning::.*pull-requests: write/);
    expect(run.summary).toContain('## IAM policy drift for');
    expect(github.comments(forkPull)).toEqual([]);
  });

  it('reports the proposal in the outputs', async () => {
    const run = await runAction('push', {}, {});
    expect(run.status).toBe(0);
    expect(run.outputs['proposal-status']).toBe('proposed');
    expect(run.outputs['pull-request-operation']).toBe('none');
    const report = JSON.parse(readFileSync(run.outputs['report-path']!, 'utf8')) as Report;
    expect(report.currentPolicies).toEqual([{ kind: 'inline', name: 'orders-api' }]);
  });
});
