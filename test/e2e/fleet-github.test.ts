/**
 * README's fleet: the CLI command on the bundled example, and the scheduled workflow run as the
 * runner runs the bundle (`node dist/index.js`, its `with:` inputs as INPUT_* variables), the
 * trail in S3 and the roles' policies in IAM (moto_server), publishing to the strict fake GitHub
 * API: three runs leave one pull request per role (or one for all), and one comment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  type MotoCredentials,
  motoCredentialsIn,
  motoEnv,
  motoIam,
  motoS3,
  resetMoto,
} from '../support/moto.js';
import {
  createExampleRole,
  EXAMPLE_POLICY as POLICY,
  seedExampleTrail,
} from '../support/example-trail.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { ROOT, runActionAsRunner, runBundle } from './node24.js';
import type { FleetReport } from '../../src/report.js';
import { readmeCommand, readmeWorkflowInputs } from '../support/readme.js';

const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'examples/expected.json'), 'utf8')) as {
  files: number;
  records: number;
};
const ORDERS = 'arn:aws:iam::111122223333:role/service/orders-api';
const CI = 'arn:aws:iam::111122223333:role/ci-deployer';

/** README's fleet command on the example. */
const readmeFleetCommand = (): string[] =>
  readmeCommand(
    (l) => l.startsWith('node dist/cli/index.js --role ') && l.includes(' --role ci-deployer '),
    'fleet',
  );
const readmeFleetInputs = (): Record<string, string> =>
  readmeWorkflowInputs('least-privilege-fleet');

let credentials: MotoCredentials;

beforeAll(async () => {
  await resetMoto();
  credentials = await motoCredentialsIn('111122223333');
  await seedExampleTrail(motoS3({ credentials }), 'org-trail-logs');
  const iam = motoIam({ credentials });
  await createExampleRole(iam, 'orders-api');
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ci-deployer',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'x' },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'ci-deployer',
      PolicyName: 'deploy',
      PolicyDocument: POLICY,
    }),
  );
  iam.destroy();
});

describe("README's fleet command (bundled CLI)", () => {
  it('reads the example once for three principals: a table, then each one', () => {
    const markdown = runBundle('dist/cli/index.js', [...readmeFleetCommand(), '--quiet']);
    expect(markdown.stderr).toBe('');
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(/^## IAM policy drift for 3 principals\n/);
    expect(markdown.stdout).toContain(
      '| principal | granted | used | unused | unknown | denied | proposal | reduction |',
    );
    expect(markdown.stdout.match(/<details><summary><code>/g)).toHaveLength(3);
    const run = runBundle('dist/cli/index.js', [
      ...readmeFleetCommand(),
      '--quiet',
      '--format',
      'json',
    ]);
    const fleet = JSON.parse(run.stdout) as FleetReport;
    expect(fleet.principals.map((p) => [p.principal, p.principalType])).toEqual([
      [ORDERS, 'role'],
      ['ci-deployer', 'role'],
      ['maria.lopez', 'user'],
    ]);
    expect(fleet.coverage).toMatchObject({
      filesRead: EXPECTED.files,
      recordsRead: EXPECTED.records,
      complete: true,
    });
    expect(fleet.fleet.principals).toBe(3);
    expect(fleet.fleet.granted).toBe(fleet.principals.reduce((n, p) => n + p.figures.granted, 0));
    expect(fleet.principals.every((p) => p.coverage.recordsMatched > 0)).toBe(true);
    expect('days' in fleet.principals[0]!.coverage).toBe(false);
  });
});

describe("README's fleet workflow (bundled action, moto_server, fake GitHub)", () => {
  let github: FakeGitHub;

  afterEach(async () => {
    await github?.close();
  });

  /** README's inputs, then what this machine needs: a local S3, the example's window. */
  function runAction(event: string, extra: Record<string, string> = {}, pull = 0) {
    return runActionAsRunner({
      github,
      event,
      pull,
      inputs: {
        ...readmeFleetInputs(),
        's3-path-style': 'true',
        from: '2026-10-01',
        to: '2026-11-01',
        ...extra,
      },
      env: { ...motoEnv(credentials), 'INPUT_GITHUB-TOKEN': FAKE_TOKENS.githubToken },
    });
  }

  it('reads the workflow as README writes it', () => {
    expect(readmeFleetInputs()).toEqual({
      'role-arn': `${ORDERS}\n${CI}\n`,
      'trail-bucket': 'org-trail-logs',
      'organization-id': 'o-a1b2c3d4e5',
      mode: 'pull-request',
      'pull-request-grouping': 'per-principal',
    });
  });

  it('three scheduled runs leave one pull request per role; a pull request gets one comment', async () => {
    github = await startFakeGitHub({
      files: {
        'README.md': '# infra\n',
        'iam/orders-api.json': POLICY,
        'iam/ci-deployer.json': POLICY,
      },
    });
    const operations: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await runAction('schedule');
      expect(run.stdout).not.toMatch(/::error::/);
      expect(run.status).toBe(0);
      operations.push(run.outputs['pull-request-operation']);
      expect(JSON.parse(run.outputs['pull-request-numbers']!)).toEqual({ [ORDERS]: 1, [CI]: 2 });
      expect(run.summary).toMatch(/^## IAM policy drift for 2 principals/);
    }
    expect(operations).toEqual(['created', 'unchanged', 'unchanged']);
    expect(github.pulls().map((p) => [p.head, p.title.replace(/\d+/g, 'N')])).toEqual([
      ['iam-policy-drift/orders-api', 'Least privilege for orders-api: remove N unused actions'],
      ['iam-policy-drift/ci-deployer', 'Least privilege for ci-deployer: remove N unused actions'],
    ]);
    for (const branch of ['iam-policy-drift/orders-api', 'iam-policy-drift/ci-deployer']) {
      expect(github.history(branch).length).toBe(github.history('main').length + 1);
    }
    const pr = github.createIssue('A change');
    for (let i = 0; i < 3; i++) {
      const run = await runAction('pull_request', { mode: 'comment' }, pr);
      expect(run.status).toBe(0);
    }
    const comments = github.comments(pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('## IAM policy drift for 2 principals');
    expect(github.pulls()).toHaveLength(2);
  });

  it('pull-request-grouping single: three runs leave one pull request with both files', async () => {
    github = await startFakeGitHub({
      files: {
        'README.md': '# infra\n',
        'iam/orders-api.json': POLICY,
        'iam/ci-deployer.json': POLICY,
      },
    });
    for (let i = 0; i < 3; i++) {
      const run = await runAction('schedule', { 'pull-request-grouping': 'single' });
      expect(run.status).toBe(0);
    }
    const pulls = github.pulls();
    expect(pulls.map((p) => [p.head, p.title.replace(/\d+/g, 'N')])).toEqual([
      ['iam-policy-drift/fleet', 'Least privilege for N principals: remove N unused actions'],
    ]);
    const files = github.filesOn('iam-policy-drift/fleet')!;
    expect(files['iam/orders-api.json']).not.toBe(POLICY);
    expect(files['iam/ci-deployer.json']).not.toBe(POLICY);
    expect(github.history('iam-policy-drift/fleet').length).toBe(github.history('main').length + 1);
  });
});
