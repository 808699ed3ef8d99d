/**
 * README's permission set: the CLI command on the bundled example, and the scheduled workflow
 * run as the runner runs the bundle, the trail in S3 and the permission set created through
 * the sso-admin API of moto_server, publishing to the strict fake GitHub API: three runs leave
 * one pull request, three pull-request runs one comment, and no e-mail address (the sessions'
 * names) anywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/report.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import {
  type MotoCredentials,
  motoCredentialsIn,
  motoEndpoint,
  motoEnv,
  motoIam,
  motoS3,
  motoSsoAdmin,
  resetMoto,
} from '../support/moto.js';
import { seedExampleTrail } from '../support/example-trail.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { readmeCommand, readmeWorkflowInputs } from '../support/readme.js';
import { boundaryProxy, seedPermissionSet } from '../support/sso.js';
import { ROOT, runActionAsRunner, runBundle } from './node24.js';

interface Truth {
  used: string[];
  matchedRecords: number;
  accounts: Record<string, number>;
  roles: string[];
}
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'examples/expected.json'), 'utf8')) as {
  principals: Record<string, Truth>;
};
const TRUTH = EXPECTED.principals.DataAnalyst!;
const POLICY = readFileSync(join(ROOT, 'examples/policies/DataAnalyst.json'), 'utf8');
const FILE = 'iam/permission-sets/DataAnalyst.json';
const BRANCH = 'iam-policy-drift/permission-sets/DataAnalyst';
const EMAIL = /@example\.com/;

const usedOf = (report: Pick<Report, 'usage'>): string[] =>
  report.usage
    .filter((u) => u.count > 0)
    .map((u) => u.action)
    .sort();

describe("README's permission-set command (bundled CLI)", () => {
  const command = readmeCommand(
    (l) => l.includes('--permission-set DataAnalyst --logs'),
    'permission-set',
  );

  it('reads its roles in both accounts as one principal, as the example says', () => {
    const run = runBundle('dist/cli/index.js', [...command, '--quiet', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.principalType).toBe('permission-set');
    expect(usedOf(report)).toEqual(TRUTH.used);
    expect(report.coverage.recordsMatched).toBe(TRUTH.matchedRecords);
    expect(Object.fromEntries(report.accounts!.map((a) => [a.account, a.calls]))).toEqual(
      TRUTH.accounts,
    );
    expect(report.proposal.status).toBe('proposed');
    expect(run.stdout).not.toMatch(EMAIL);
    const markdown = runBundle('dist/cli/index.js', [...command, '--quiet']);
    expect(markdown.stdout).toContain('| account | role | calls |');
    expect(markdown.stdout).not.toMatch(EMAIL);
  });
});

describe("README's permission-set workflow (bundled action, moto_server, fake GitHub)", () => {
  let credentials: MotoCredentials;
  let proxy: Awaited<ReturnType<typeof boundaryProxy>>;
  let github: FakeGitHub | undefined;

  beforeAll(async () => {
    await resetMoto();
    credentials = await motoCredentialsIn('111122223333');
    await seedExampleTrail(motoS3({ credentials }), 'org-trail-logs');
    const sso = motoSsoAdmin({ credentials });
    const iam = motoIam({ credentials });
    await seedPermissionSet(sso, iam, {
      name: 'DataAnalyst',
      inline: JSON.parse(POLICY) as PolicyDocument,
      awsManaged: ['arn:aws:iam::aws:policy/AmazonAthenaFullAccess'],
      references: [{ name: 'analyst-extras', path: '/data/' }],
    });
    // Another permission set of the same people, whose name extends it.
    await seedPermissionSet(sso, iam, { name: 'DataAnalystAdmin' });
    sso.destroy();
    iam.destroy();
    proxy = await boundaryProxy(motoEndpoint());
  });

  afterAll(() => proxy?.close());
  afterEach(() => github?.close());

  function runAction(event: string, extra: Record<string, string> = {}, pull = 0) {
    return runActionAsRunner({
      github: github!,
      event,
      pull,
      // README's inputs, then what this machine needs: a local S3, the example's window.
      inputs: {
        ...readmeWorkflowInputs('least-privilege-permission-set'),
        's3-path-style': 'true',
        from: '2026-10-01',
        to: '2026-11-01',
        ...extra,
      },
      env: {
        ...motoEnv(credentials),
        // moto 5.2 lacks GetPermissionsBoundaryForPermissionSet: the proxy answers it.
        AWS_ENDPOINT_URL_SSO_ADMIN: proxy.endpoint,
        'INPUT_GITHUB-TOKEN': FAKE_TOKENS.githubToken,
      },
    });
  }

  it('reads the workflow as README writes it', () => {
    expect(readmeWorkflowInputs('least-privilege-permission-set')).toEqual({
      'permission-set': 'DataAnalyst',
      'trail-bucket': 'org-trail-logs',
      'organization-id': 'o-a1b2c3d4e5',
    });
  });

  it('three scheduled runs leave one pull request; a pull request gets one comment', async () => {
    github = await startFakeGitHub({ files: { 'README.md': '# infra\n', [FILE]: POLICY } });
    const operations: (string | undefined)[] = [];
    let report: Report | undefined;
    for (let i = 0; i < 3; i++) {
      const run = await runAction('schedule');
      expect(run.stdout).not.toMatch(/::error::/);
      expect(run.status).toBe(0);
      operations.push(run.outputs['pull-request-operation']);
      expect(run.summary).toMatch(/^## IAM policy drift for `DataAnalyst`/);
      expect(run.summary).not.toMatch(EMAIL);
      report = JSON.parse(readFileSync(run.outputs['report-path']!, 'utf8')) as Report;
    }
    expect(operations).toEqual(['created', 'unchanged', 'unchanged']);
    // moto provisions a permission set to the caller's account only: that account is read.
    expect(report!.accounts).toEqual([
      {
        account: '111122223333',
        roles: TRUTH.roles.filter((arn) => arn.includes(':111122223333:')),
        calls: TRUTH.accounts['111122223333'],
      },
    ]);
    expect(report!.currentPolicies).toEqual([
      { kind: 'inline', name: 'AwsSSOInlinePolicy' },
      { kind: 'managed', name: 'arn:aws:iam::aws:policy/AmazonAthenaFullAccess' },
    ]);
    expect(report!.notEvaluated.join('\n')).toMatch(
      /customer managed policy reference \/data\/analyst-extras: account 111122223333/,
    );
    expect(report!.proposal.notes.join('\n')).toMatch(
      /detach the AWS managed policy arn:aws:iam::aws:policy\/AmazonAthenaFullAccess from the permission set/,
    );
    expect(report!.proposal.notes.join('\n')).toMatch(/keep attached what could not be read/);
    const pulls = github.pulls();
    expect(pulls.map((p) => [p.head, p.title.replace(/\d+/g, 'N')])).toEqual([
      [BRANCH, 'Least privilege for DataAnalyst: remove N unused actions'],
    ]);
    const proposed = JSON.parse(github.filesOn(BRANCH)![FILE]!) as { Statement: unknown[] };
    expect(proposed.Statement.length).toBeGreaterThan(0);
    expect(github.history(BRANCH).length).toBe(github.history('main').length + 1);

    const pr = github.createIssue('A change');
    for (let i = 0; i < 3; i++) {
      const run = await runAction('pull_request', {}, pr);
      expect(run.status).toBe(0);
    }
    const comments = github.comments(pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('| account | role | calls |');
    expect(comments[0]!.body).not.toMatch(EMAIL);
    expect(github.pulls()).toHaveLength(1);
  });
});
