import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { node24Version, ROOT, runBundle } from './node24.js';
import type { FleetReport, Report } from '../../src/report.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import { evaluate } from '../../src/evaluate/evaluator.js';
import { proveNotBroader } from '../../src/evaluate/subset.js';
import { catalogue } from '../support/iam.js';
import { byAction } from '../../src/util/order.js';

const EXAMPLE = [
  '--role',
  'arn:aws:iam::111122223333:role/service/orders-api',
  '--logs',
  'examples/org-trail',
  '--current-policy',
  'examples/current-policy.json',
  '--from',
  '2026-10-01',
  '--to',
  '2026-11-01',
  '--quiet',
];

interface Truth {
  used: string[];
  denied: string[];
  matchedRecords: number;
}

interface Expected extends Truth {
  files: number;
  records: number;
  /** The other principals worked out in full, by name. */
  principals: Record<string, Truth & { accounts: Record<string, number>; roles: string[] }>;
}

/** `npm run example` (package.json), split into the CLI's arguments. */
function exampleScript(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, bundle, ...args] = pkg.scripts.example!.split(' ');
  if (node !== 'node' || bundle !== 'dist/cli/index.js') throw new Error('example runs no CLI');
  return args;
}

describe('the bundled CLI (dist/cli/index.js) under Node 24', () => {
  const expected = JSON.parse(
    readFileSync(join(ROOT, 'examples/expected.json'), 'utf8'),
  ) as Expected;

  it('runs on Node 24', () => {
    expect(node24Version()).toMatch(/^v24\./);
  });

  it('reports on the bundled example what the example holds', () => {
    const run = runBundle('dist/cli/index.js', [...EXAMPLE, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.coverage).toMatchObject({
      filesListed: expected.files,
      filesRead: expected.files,
      filesFailed: 0,
      recordsRead: expected.records,
      recordsMatched: expected.matchedRecords,
      complete: true,
    });
    expect(
      report.usage
        .filter((u) => u.count > 0)
        .map((u) => u.action)
        .sort(),
    ).toEqual([...expected.used].sort());
    expect(report.diff.denied.map((d) => d.action)).toEqual(expected.denied);
    expect(report.diff.denied[0]).toMatchObject({
      cause: 'not-granted',
      currentDecision: 'implicitly-denied',
    });
    expect(report.issuers).toEqual(['arn:aws:iam::111122223333:role/service/orders-api']);
    expect(report.unmapped).toEqual([]);
    // The example's policy grants more than the role uses.
    expect(report.diff.unused.length).toBeGreaterThan(0);
    const unused = report.diff.unused.map((u) => u.action);
    expect(unused).not.toContain('s3:GetObject');
    expect(unused).toContain('kms:Encrypt');
    // iam:PassRole is never logged: unknown, kept, never called unused.
    expect(report.diff.unknown.map((u) => u.action)).toContain('iam:PassRole');
    expect(unused).not.toContain('iam:PassRole');
    expect(report.proposal.status).toBe('proposed');
    expect(report.proposal.removed).toEqual([...unused].sort(byAction));
    // The proposal allows every used action and no unused one, and nothing today's policy does not.
    const proposal = {
      policies: report.proposedPolicies.map((document, i) => ({
        kind: 'file' as const,
        name: `p${i}`,
        document,
      })),
    };
    for (const action of expected.used)
      expect(evaluate(catalogue, proposal, action).decision).toBe('allowed');
    for (const action of unused)
      expect(evaluate(catalogue, proposal, action).decision).toBe('implicitly-denied');
    const today = {
      policies: [
        {
          kind: 'file' as const,
          name: 'today',
          document: JSON.parse(
            readFileSync(join(ROOT, 'examples/current-policy.json'), 'utf8'),
          ) as PolicyDocument,
        },
      ],
    };
    expect(proveNotBroader(catalogue, report.proposedPolicies, today)).toMatchObject({ ok: true });
  });

  it('runs `npm run example` as a fleet: each principal as the example says', () => {
    const run = runBundle('dist/cli/index.js', [...exampleScript(), '--quiet', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const fleet = JSON.parse(run.stdout) as FleetReport;
    expect(fleet.coverage).toMatchObject({
      filesRead: expected.files,
      recordsRead: expected.records,
      complete: true,
    });
    const [orders, ci, analyst] = fleet.principals;
    expect(fleet.principals.map((p) => [p.principal, p.principalType])).toEqual([
      ['arn:aws:iam::111122223333:role/service/orders-api', 'role'],
      ['ci-deployer', 'role'],
      ['DataAnalyst', 'permission-set'],
    ]);
    const usedOf = (p: (typeof fleet.principals)[number]) =>
      p.usage
        .filter((u) => u.count > 0)
        .map((u) => u.action)
        .sort();
    expect(orders!.coverage.recordsMatched).toBe(expected.matchedRecords);
    expect(usedOf(orders!)).toEqual(expected.used);
    const truth = expected.principals['ci-deployer']!;
    expect(ci!.issuers).toEqual(truth.roles);
    expect(ci!.coverage.recordsMatched).toBe(truth.matchedRecords);
    expect(ci!.diff.denied.map((d) => d.action)).toEqual(truth.denied);
    // The tool also counts iam:PassRole for CreateChangeSet (its operation map), though the
    // change sets pass no role: the truth leaves it out.
    expect(usedOf(ci!).filter((a) => a !== 'iam:PassRole')).toEqual(truth.used);
    expect(ci!.unmapped).toEqual([]);
    // The permission set: its roles in both accounts, with calls per account; the roles of
    // DataAnalystAdmin (same people, a name that extends it) are not its.
    const set = expected.principals.DataAnalyst!;
    expect(usedOf(analyst!)).toEqual(set.used);
    expect(analyst!.coverage.recordsMatched).toBe(set.matchedRecords);
    expect(analyst!.issuers).toEqual([...set.roles].sort());
    expect(Object.fromEntries((analyst!.accounts ?? []).map((a) => [a.account, a.calls]))).toEqual(
      set.accounts,
    );
    expect(analyst!.proposal.status).toBe('proposed');
    expect(analyst!.proposedPolicies).toHaveLength(1);
    // Session names are people's e-mail addresses: in no report.
    expect(run.stdout).not.toMatch(/@example\.com/);
    const markdown = runBundle('dist/cli/index.js', [...exampleScript(), '--quiet']);
    expect(markdown.stdout).toContain('## IAM policy drift for 3 principals');
    expect(markdown.stdout).not.toMatch(/@example\.com/);
    expect(markdown.stdout).not.toContain('DataAnalystAdmin');
    expect(ci!.diff.unused.map((u) => u.action)).toEqual(
      expect.arrayContaining([
        'cloudformation:DeleteStack',
        'ecr:BatchDeleteImage',
        's3:DeleteObject',
      ]),
    );
  });

  it('without current policies, generates a policy of exactly the actions used', () => {
    const withoutPolicy = EXAMPLE.filter(
      (a, i) => a !== '--current-policy' && EXAMPLE[i - 1] !== '--current-policy',
    );
    const run = runBundle('dist/cli/index.js', [...withoutPolicy, '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.proposal.status).toBe('generated');
    const actions = (report.proposedPolicy.Statement as { Action: string[] }[]).flatMap(
      (s) => s.Action,
    );
    expect(actions.sort()).toEqual([...expected.used].sort());
  });

  it('gives byte-identical output on every run', () => {
    const a = runBundle('dist/cli/index.js', [...EXAMPLE, '--format', 'json']);
    const b = runBundle('dist/cli/index.js', [
      ...EXAMPLE,
      '--format',
      'json',
      '--concurrency',
      '1',
    ]);
    expect(a.stdout).toBe(b.stdout);
    const m1 = runBundle('dist/cli/index.js', EXAMPLE);
    const m2 = runBundle('dist/cli/index.js', EXAMPLE);
    expect(m1.stdout).toBe(m2.stdout);
    expect(m1.stdout).toContain(
      '## IAM policy drift for `arn:aws:iam::111122223333:role/service/orders-api`',
    );
  });

  it('writes the report to --output', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ipd-cli-')), 'report.md');
    const run = runBundle('dist/cli/index.js', [...EXAMPLE, '--output', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('### Proposed policy');
  });

  it.each([
    [['--logs', 'examples/org-trail'], /--role, --user or --permission-set is required/],
    [
      ['--role', 'arn:aws:iam::12:role/x', '--logs', 'examples/org-trail'],
      /--role: "arn:aws:iam::12:role\/x" is neither a role ARN/,
    ],
    [
      ['--role', 'r', '--logs', 'no/such/dir'],
      /--logs: the directory "no\/such\/dir" does not exist/,
    ],
    [
      ['--role', 'r', '--logs', 'examples', '--from', '2026-10-05', '--to', '2026-10-01'],
      /--to: the window ends .* before it starts/,
    ],
    [
      ['--role', 'r', '--logs', 'examples', '--format', 'xml'],
      /--format: "xml" is not a format; expected json, markdown/,
    ],
    [['--role', 'r', '--logs', 'examples', '--days', '1.5'], /--days: "1.5" is not a whole number/],
    [
      ['--role', 'r', '--logs', 'examples', '--from', '2026-02-30'],
      /--from: "2026-02-30" is not a calendar date/,
    ],
    [['--role', 'r', '--logs', 'examples', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects bad input %j with a clear message and status 2', (args, message) => {
    const run = runBundle('dist/cli/index.js', args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('counts a corrupt file, goes on, and fails past the threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipd-corrupt-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [] }));
    writeFileSync(join(dir, 'bad.json.gz'), 'not gzip at all');
    const base = [
      '--role',
      'r',
      '--logs',
      dir,
      '--format',
      'json',
      '--quiet',
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-01',
    ];
    const tolerant = runBundle('dist/cli/index.js', [...base, '--max-failed-files', '1']);
    expect(tolerant.status).toBe(0);
    const report = JSON.parse(tolerant.stdout) as Report;
    expect(report.coverage).toMatchObject({
      filesListed: 2,
      filesRead: 1,
      filesFailed: 1,
      complete: false,
    });
    expect(report.coverage.problems).toEqual([
      // Files named otherwise than by CloudTrail, outside its layout: days cannot be checked.
      {
        kind: 'layout-unknown',
        object: 'bad.json.gz',
        message: expect.stringMatching(/^2 files are neither in the trail layout/) as string,
      },
      {
        kind: 'file-failed',
        object: 'bad.json.gz',
        message: expect.stringMatching(/invalid JSON/) as string,
      },
    ]);
    const strict = runBundle('dist/cli/index.js', [...base, '--max-failed-files', '0']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(
      /1 of 2 log files could not be read, more than max-failed-files allows \(0\)/,
    );
    expect(JSON.parse(strict.stdout)).toMatchObject({ coverage: { filesFailed: 1 } });
  });
});
