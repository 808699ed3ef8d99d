/**
 * The publish modes end to end over an in-memory GitHubApi: what each mode writes, that a second
 * run with the same report writes nothing, and that a missing permission is a warning.
 */
import { commentMarker } from '../../src/publish/comment.js';
import { publish, type GitHubContext, type PublishSettings } from '../../src/publish/publish.js';
import { mergePolicyFile } from '../../src/publish/pull-request.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import type { Report } from '../../src/report.js';
import { MemoryGitHub } from '../support/memory-github.js';
import { allow, doc } from '../support/policies.js';

const ROLE = 'arn:aws:iam::111122223333:role/service/orders-api';

/** The fields of a report the publish modes read. */
function report(documents: PolicyDocument[], overrides: Partial<Report> = {}): Report {
  const fields: Pick<
    Report,
    | 'principal'
    | 'principalType'
    | 'window'
    | 'diff'
    | 'proposal'
    | 'proposedPolicy'
    | 'proposedPolicies'
  > = {
    principal: ROLE,
    principalType: 'role',
    window: { from: '2026-08-03T00:00:00Z', to: '2026-11-01T00:00:00Z', days: 90 },
    diff: {
      used: [],
      unused: [
        {
          action: 's3:DeleteObject',
          reason: 'not-seen',
          detail: '',
          accessLevel: 'Write',
          risk: false,
          grantedBy: ['app'],
          decision: 'allowed',
        },
      ],
      unknown: [],
      denied: [],
      notGranted: [],
    },
    proposal: {
      status: 'proposed',
      reasons: [],
      removed: ['s3:DeleteObject', 's3:PutObject'],
      sizes: [],
      notes: [],
      allows: {
        actions: 1,
        used: 1,
        unknown: 0,
        unknownByReason: {},
        keptOtherwise: 0,
        droppedUnknownByReason: {},
        unknownMode: 'called-services',
      },
    },
    proposedPolicy: documents[0]!,
    proposedPolicies: documents,
  };
  return { ...fields, ...overrides } as Report;
}

const SETTINGS: PublishSettings = {
  modes: ['comment', 'pull-request'],
  policyPath: 'iam/orders-api.json',
  branch: 'iam-policy-drift/orders-api',
  grouping: 'per-principal',
  labels: ['security'],
  reviewers: ['alice', 'octo/platform'],
  failOn: ['unused'],
  maxUnused: 0,
};

const ON_PULL: GitHubContext = {
  owner: 'octo',
  repo: 'infra',
  eventName: 'pull_request',
  pullNumber: 7,
};

async function run(
  github: MemoryGitHub,
  r: Report,
  settings: PublishSettings = SETTINGS,
  context: GitHubContext = ON_PULL,
  files: Record<string, string> = {},
) {
  const info: string[] = [];
  const warnings: string[] = [];
  let apiAsked = 0;
  const result = await publish(
    r,
    '## Report\n',
    settings,
    context,
    () => {
      apiAsked++;
      return github;
    },
    {
      info: (m) => info.push(m),
      warning: (m) => warnings.push(m),
      readPolicyFile: (path) => Promise.resolve(files[path]),
    },
  );
  return { ...result, info, warnings, apiAsked };
}

const narrowed = doc(allow('s3:GetObject', 'arn:aws:s3:::orders/*'));

describe('publish over the GitHubApi', () => {
  it('comments once and opens one pull request; the same report again writes nothing', async () => {
    const github = new MemoryGitHub({
      files: { 'iam/orders-api.json': mergePolicyFile(undefined, doc(allow('s3:*'))) },
    });
    const first = await run(github, report([narrowed]));
    expect(first.outputs).toMatchObject({
      'comment-operation': 'created',
      'pull-request-operation': 'created',
      'pull-request-number': '1',
    });
    expect(first.failure).toBeUndefined();
    const [comment, ...others] = github.comments.get(7) ?? [];
    expect(others).toEqual([]);
    expect(comment?.body).toBe(`${commentMarker(ROLE)}\n## Report\n`);
    expect(github.filesOn('iam-policy-drift/orders-api')['iam/orders-api.json']).toBe(
      mergePolicyFile(undefined, narrowed),
    );
    expect(github.filesOn('main')['iam/orders-api.json']).toContain('"s3:*"');
    expect(github.pulls.map((p) => [p.title, p.head, p.base])).toEqual([
      [
        'Least privilege for orders-api: remove 2 unused actions',
        'iam-policy-drift/orders-api',
        'main',
      ],
    ]);
    expect(github.labels.get(1)).toEqual(['security']);
    expect(github.reviewers.get(1)).toEqual({ users: ['alice'], teams: ['platform'] });

    github.calls.length = 0;
    const again = await run(github, report([narrowed]));
    expect(again.outputs).toMatchObject({
      'comment-operation': 'unchanged',
      'pull-request-operation': 'unchanged',
    });
    expect(github.writes()).toEqual([]);
  });

  it('writes the parts of a split proposal and deletes the stale part of a larger one', async () => {
    const parts = [narrowed, doc(allow('sqs:SendMessage')), doc(allow('kms:Decrypt'))];
    const onMain = {
      'iam/orders-api.json': mergePolicyFile(undefined, doc(allow('*'))),
      'iam/orders-api-4.json': mergePolicyFile(undefined, doc(allow('ec2:*'))),
    };
    const github = new MemoryGitHub({ files: onMain });
    const result = await run(
      github,
      report(parts),
      { ...SETTINGS, modes: ['pull-request'] },
      ON_PULL,
      onMain,
    );
    expect(result.outputs['pull-request-operation']).toBe('created');
    expect(Object.keys(github.filesOn('iam-policy-drift/orders-api')).sort()).toEqual([
      'iam/orders-api-2.json',
      'iam/orders-api-3.json',
      'iam/orders-api.json',
    ]);
    expect(github.filesOn('iam-policy-drift/orders-api')['iam/orders-api-3.json']).toBe(
      mergePolicyFile(undefined, parts[2]!),
    );
  });

  it('opens no pull request for a withheld proposal, and asks nothing of GitHub', async () => {
    const github = new MemoryGitHub();
    const withheld = report([narrowed], {
      proposal: { ...report([narrowed]).proposal, status: 'withheld', reasons: ['coverage'] },
    });
    const result = await run(github, withheld, { ...SETTINGS, modes: ['pull-request'] });
    expect(result.outputs['pull-request-operation']).toBe('none');
    expect(result.info).toEqual(['no pull request: no removal is proposed (coverage)']);
    expect(result.apiAsked).toBe(0);
  });

  it('does not open again a pull request closed without merging that proposed the same', async () => {
    const github = new MemoryGitHub();
    await run(github, report([narrowed]), { ...SETTINGS, modes: ['pull-request'] });
    github.close(1);
    github.calls.length = 0;
    const declined = await run(github, report([narrowed]), {
      ...SETTINGS,
      modes: ['pull-request'],
    });
    expect(declined.outputs['pull-request-operation']).toBe('declined');
    expect(github.writes()).toEqual([]);
    expect(declined.warnings.join('\n')).toMatch(/#1 .* was closed without merging/);
    // A changed proposal is a new pull request.
    const changed = await run(github, report([doc(allow('s3:ListBucket'))]), {
      ...SETTINGS,
      modes: ['pull-request'],
    });
    expect(changed.outputs).toMatchObject({
      'pull-request-operation': 'created',
      'pull-request-number': '2',
    });
  });

  it('turns a refused write into a warning, and still runs the check', async () => {
    const github = new MemoryGitHub({ readOnly: true });
    const result = await run(github, report([narrowed]), {
      ...SETTINGS,
      modes: ['comment', 'pull-request', 'check'],
    });
    expect(result.warnings).toEqual([
      'createIssueComment refused: grant pull-requests: write',
      'createBlob refused: grant contents: write, pull-requests: write',
    ]);
    expect(result.failure).toBe(
      'iam-policy-drift check failed: 1 granted action was not used in the window (max-unused: 0)',
    );
  });

  it('warns that comment mode needs a pull request event, without asking GitHub', async () => {
    const github = new MemoryGitHub();
    const result = await run(
      github,
      report([narrowed]),
      { ...SETTINGS, modes: ['comment'] },
      { owner: 'octo', repo: 'infra', eventName: 'schedule' },
    );
    expect(result.warnings).toEqual([
      'mode comment needs a pull_request event; this run was triggered by schedule, so no comment was written',
    ]);
    expect(result.apiAsked).toBe(0);
    expect(result.outputs).toEqual({ 'pull-request-operation': 'none' });
  });
});
