/**
 * A fleet's publishing over an in-memory GitHubApi: one sticky comment for the run, a pull
 * request per principal (or one for all), a check over every principal's policy file; a second
 * run with the same reports writes nothing.
 */
import { commentMarker } from '../../src/publish/comment.js';
import { FLEET_COMMENT_KEY, publishFleet, type FleetMember } from '../../src/publish/fleet.js';
import type { GitHubContext, PublishSettings } from '../../src/publish/publish.js';
import { mergePolicyFile } from '../../src/publish/pull-request.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import type { Report } from '../../src/report.js';
import { targetOf } from '../../src/settings/publish.js';
import { MemoryGitHub } from '../support/memory-github.js';
import { allow, doc } from '../support/policies.js';

/** The fields of a report that publishing reads. */
function report(
  principal: string,
  status: Report['proposal']['status'],
  documents: PolicyDocument[],
  unused: string[],
): Report {
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
    principal,
    principalType: principal.includes(':user/') ? 'user' : 'role',
    window: { from: '2026-08-03T00:00:00Z', to: '2026-11-01T00:00:00Z', days: 90 },
    diff: {
      used: [],
      unused: unused.map((action) => ({
        action,
        reason: 'not-seen',
        detail: '',
        accessLevel: 'Write',
        risk: false,
        grantedBy: ['app'],
        decision: 'allowed',
      })),
      unknown: [],
      denied: [],
      notGranted: [],
    },
    proposal: {
      status,
      reasons: status === 'withheld' ? ['coverage is incomplete'] : [],
      removed: status === 'proposed' ? unused : [],
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
  return fields as Report;
}

const PRINCIPALS = [
  { type: 'role', name: 'orders-api' },
  { type: 'role', name: 'billing' },
  { type: 'user', name: 'deploy-bot' },
] as const;
const TODAY = mergePolicyFile(undefined, doc(allow('s3:*')));
const FILES = {
  'iam/orders-api.json': TODAY,
  'iam/billing.json': TODAY,
  'iam/users/deploy-bot.json': TODAY,
};

function members(): FleetMember[] {
  const reports = [
    report(
      'arn:aws:iam::1:role/orders-api',
      'proposed',
      [doc(allow('s3:GetObject'))],
      ['s3:PutObject'],
    ),
    report('billing', 'proposed', [doc(allow('s3:ListBucket'))], ['s3:DeleteObject']),
    // Withheld: nothing to propose for the user, but its check still runs.
    report('arn:aws:iam::1:user/deploy-bot', 'withheld', [doc(allow('s3:*'))], ['s3:PutObject']),
  ];
  return reports.map((r, i) => ({
    report: r,
    markdown: `### ${r.principal}\n`,
    ...targetOf(SETTINGS, PRINCIPALS[i]!),
  }));
}

const SETTINGS: PublishSettings = {
  modes: ['comment', 'pull-request'],
  policyPath: 'iam/{principal}.json',
  branch: 'iam-policy-drift/{principal}',
  grouping: 'per-principal',
  labels: [],
  reviewers: [],
  failOn: ['unused'],
  maxUnused: 0,
};

const ON_PULL: GitHubContext = {
  owner: 'octo',
  repo: 'infra',
  eventName: 'pull_request',
  pullNumber: 7,
};

async function run(github: MemoryGitHub, settings: PublishSettings = SETTINGS) {
  const info: string[] = [];
  const warnings: { message: string; file?: string; line?: number }[] = [];
  const list = members().map((m) => ({
    ...m,
    ...(settings.grouping === 'single' ? { branch: settings.branch } : {}),
  }));
  const result = await publishFleet(list, '## Fleet\n', settings, ON_PULL, () => github, {
    info: (m) => info.push(m),
    warning: (message, where) =>
      warnings.push({ message, ...(where ? { file: where.file, line: where.startLine } : {}) }),
    readPolicyFile: (path) => Promise.resolve((FILES as Record<string, string>)[path]),
  });
  return { ...result, info, warnings };
}

describe('publishing a fleet', () => {
  it('one comment for the run, one pull request per principal with a proposal; again: nothing', async () => {
    const github = new MemoryGitHub({ files: FILES });
    const first = await run(github);
    const comments = github.comments.get(7) ?? [];
    expect(comments.map((c) => c.body)).toEqual([
      `${commentMarker(FLEET_COMMENT_KEY)}\n## Fleet\n`,
    ]);
    expect(github.pulls.map((p) => [p.head, p.title])).toEqual([
      ['iam-policy-drift/orders-api', 'Least privilege for orders-api: remove 1 unused action'],
      ['iam-policy-drift/billing', 'Least privilege for billing: remove 1 unused action'],
    ]);
    expect(github.pulls[0]!.body).toContain('### arn:aws:iam::1:role/orders-api');
    expect(github.filesOn('iam-policy-drift/billing')['iam/billing.json']).toContain(
      's3:ListBucket',
    );
    expect(JSON.parse(first.outputs['pull-request-numbers']!)).toEqual({
      'arn:aws:iam::1:role/orders-api': 1,
      billing: 2,
    });
    expect(first.info.join('\n')).toContain('no pull request: no removal is proposed');
    const writes = github.writes().length;
    const again = await run(github);
    expect(github.writes()).toHaveLength(writes);
    expect(again.outputs['comment-operation']).toBe('unchanged');
    expect(github.pulls).toHaveLength(2);
  });

  it('single: one pull request with every proposing principal’s file, on one branch', async () => {
    const github = new MemoryGitHub({ files: FILES });
    const settings: PublishSettings = {
      ...SETTINGS,
      modes: ['pull-request'],
      grouping: 'single',
      branch: 'iam-policy-drift/fleet',
    };
    const first = await run(github, settings);
    expect(github.pulls.map((p) => [p.head, p.title, p.body])).toEqual([
      [
        'iam-policy-drift/fleet',
        'Least privilege for 2 principals: remove 2 unused actions',
        '## Fleet\n',
      ],
    ]);
    const files = github.filesOn('iam-policy-drift/fleet');
    expect(files['iam/orders-api.json']).toContain('s3:GetObject');
    expect(files['iam/billing.json']).toContain('s3:ListBucket');
    // The withheld user's file is left as it is.
    expect(files['iam/users/deploy-bot.json']).toBe(TODAY);
    expect(first.outputs['pull-request-number']).toBe('1');
    const writes = github.writes().length;
    await run(github, settings);
    expect(github.writes()).toHaveLength(writes);
  });

  it('check: fails on any principal, naming it, and annotates each policy file', async () => {
    const github = new MemoryGitHub({ files: FILES });
    const result = await run(github, { ...SETTINGS, modes: ['check'] });
    expect(result.failure).toBe(
      'iam-policy-drift check failed: arn:aws:iam::1:role/orders-api: 1 granted action was not used in the window (max-unused: 0); ' +
        'billing: 1 granted action was not used in the window (max-unused: 0); ' +
        'arn:aws:iam::1:user/deploy-bot: 1 granted action was not used in the window (max-unused: 0)',
    );
    const files = [...new Set(result.warnings.map((w) => w.file))];
    expect(files).toEqual(['iam/orders-api.json', 'iam/billing.json', 'iam/users/deploy-bot.json']);
    expect(github.writes()).toEqual([]);
  });
});
