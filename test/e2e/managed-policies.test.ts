/**
 * The proposal for broad policies, as a new user meets it: the bundled CLI on the bundled example
 * trail against the real documents of AdministratorAccess, PowerUserAccess and ReadOnlyAccess
 * (test/fixtures/aws-managed-policies, as moto 5.2.1 ships them) and the example's own policy.
 * With the default `unknown: called-services` every proposal must be one a reviewer can merge:
 * small, within IAM's size limits, allowing every action the role used, and saying why each
 * kept unknown is kept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { evaluate, statementActions } from '../../src/evaluate/evaluator.js';
import { MANAGED_POLICY_LIMIT } from '../../src/generate/proposal.js';
import type { CurrentPolicies, PolicyDocument } from '../../src/policies/types.js';
import type { Report } from '../../src/report.js';
import { ROOT, runBundle } from './node24.js';
import { catalogue } from '../support/iam.js';

const ROLE = 'arn:aws:iam::111122223333:role/service/orders-api';

function run(policy: string, ...flags: string[]): { report: Report; markdown: string } {
  const args = [
    '--role',
    ROLE,
    '--logs',
    'examples/org-trail',
    '--current-policy',
    policy,
    '--from',
    '2026-10-01',
    '--to',
    '2026-11-01',
    '--quiet',
    ...flags,
  ];
  // The JSON report of a broad policy lists some 20,000 unused actions: written to a file.
  const dir = mkdtempSync(join(tmpdir(), 'managed-'));
  try {
    const json = runBundle('dist/cli/index.js', [
      ...args,
      '--format',
      'json',
      '--output',
      join(dir, 'report.json'),
    ]);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const markdown = runBundle('dist/cli/index.js', [...args, '--output', join(dir, 'report.md')]);
    expect(markdown.status).toBe(0);
    return {
      report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report,
      markdown: readFileSync(join(dir, 'report.md'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function asPolicies(documents: PolicyDocument[]): CurrentPolicies {
  return {
    policies: documents.map((document, i) => ({ kind: 'file', name: `p${i}`, document })),
  };
}

const MANAGED = ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess'];
const cases: [string, string][] = [
  ...MANAGED.map((name): [string, string] => [
    name,
    `test/fixtures/aws-managed-policies/${name}.json`,
  ]),
  ['the example policy', 'examples/current-policy.json'],
];

describe.each(cases)('the bundled example against %s', (_name, policy) => {
  let report: Report;
  let markdown: string;
  beforeAll(() => {
    ({ report, markdown } = run(policy));
  });

  it('proposes at most 250 actions, besides the never-logged ones, in at most 2 managed policies that fit', () => {
    expect(report.proposal.status).toBe('proposed');
    expect(report.proposal.allows.unknownMode).toBe('called-services');
    // The never-logged APIs (logs:PutLogEvents, es:ESHttp*, dax:GetItem, ssmmessages:*, ...) are
    // kept whatever the role did: a workload calls them without leaving a record. There are
    // fewer than 300 of them; everything else the proposal allows is at most 250.
    const neverLogged = report.proposal.allows.unknownByReason['never-logged'] ?? 0;
    expect(neverLogged).toBeLessThan(300);
    expect(report.proposal.allows.actions - neverLogged).toBeLessThanOrEqual(250);
    expect(report.proposedPolicies.length).toBeLessThanOrEqual(2);
    for (const size of report.proposal.sizes)
      expect(size).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    // The figures add up: used + unknown + kept otherwise.
    const { allows } = report.proposal;
    expect(allows.used + allows.unknown + allows.keptOtherwise).toBe(allows.actions);
    expect(allows.keptOtherwise).toBe(0);
  });

  it('still allows every action the role used', () => {
    const proposed = asPolicies(report.proposedPolicies);
    const used = report.diff.used.map((u) => u.action);
    expect(used.length).toBeGreaterThan(10);
    for (const action of used) {
      expect([action, evaluate(catalogue, proposed, action).decision]).toEqual([action, 'allowed']);
    }
    expect(report.proposal.allows.used).toBe(used.length);
  });

  it('keeps what the role could have needed, and says why, grouped by reason', () => {
    const proposed = asPolicies(report.proposedPolicies);
    // ReadOnlyAccess grants s3express:CreateSession only with a Condition: kept with it.
    const allowed = (action: string): boolean =>
      ['allowed', 'conditionally-allowed'].includes(evaluate(catalogue, proposed, action).decision);
    for (const u of report.diff.unknown) {
      if (u.reason === 'not-in-catalogue') continue;
      expect([u.action, u.reason, allowed(u.action)]).toEqual([
        u.action,
        u.reason,
        u.reason !== 'service-not-recorded',
      ]);
    }
    expect(markdown).toContain('### Unknown: granted, but the trail cannot show their use');
    expect(markdown).toMatch(/^\| why \| actions \| kept \| examples \|$/m);
  });

  it('says in its first lines what the proposal allows and why', () => {
    const { allows } = report.proposal;
    const firstLines = markdown.split('\n').slice(0, 6).join('\n');
    expect(firstLines).toContain(
      `**The proposal allows ${allows.actions} actions**: ${allows.used} used, ${allows.unknown} kept only because the trail cannot show their use.`,
    );
  });
});

describe('what a broad policy keeps', () => {
  it('AdministratorAccess: the never-logged calls a workload makes, iam:PassRole, and nothing of services the role never called', () => {
    const { report } = run('test/fixtures/aws-managed-policies/AdministratorAccess.json');
    const proposed = asPolicies(report.proposedPolicies);
    const decision = (action: string): string => evaluate(catalogue, proposed, action).decision;
    // sts:TagSession is checked inside AssumeRole, which the role called: kept, as unknown.
    for (const kept of [
      'sts:TagSession',
      'logs:PutLogEvents',
      'xray:PutTraceSegments',
      'iam:PassRole',
      'ssmmessages:OpenDataChannel',
    ]) {
      expect([kept, decision(kept)]).toEqual([kept, 'allowed']);
    }
    // Management events of services the role never called, and permission-only actions of
    // services it never called, are removed.
    for (const gone of [
      'ec2:RunInstances',
      'iam:CreateUser',
      'organizations:LeaveOrganization',
      's3:PutBucketPolicy',
      'ec2:PauseVolumeIO',
    ]) {
      expect([gone, decision(gone)]).toEqual([gone, 'implicitly-denied']);
    }
    const unused = new Map(report.diff.unused.map((u) => [u.action, u.reason]));
    expect(unused.get('ec2:RunInstances')).toBe('not-seen');
    expect(unused.get('ec2:PauseVolumeIO')).toBe('service-not-called');
    // The tool section counts how a trail shows each catalogue action.
    const v = report.tool.visibility;
    expect(
      v['management-event'] +
        v['data-event'] +
        v['never-logged'] +
        v['permission-only'] +
        v.unknown,
    ).toBe(v.total);
    expect(v.unknown / v.total).toBeLessThanOrEqual(0.03);
    expect(v.sources).toMatch(
      /^aws-sdk 2\.1693\.0 .*botocore \d+\.\d+\.\d+ .*iam-floyd \d+\.\d+\.\d+/,
    );
  });

  it('PowerUserAccess: the NotAction statement becomes an Action list of what is kept', () => {
    const today = JSON.parse(
      readFileSync(join(ROOT, 'test/fixtures/aws-managed-policies/PowerUserAccess.json'), 'utf8'),
    ) as PolicyDocument;
    expect(JSON.stringify(today)).toContain('"NotAction"');
    const { report } = run('test/fixtures/aws-managed-policies/PowerUserAccess.json');
    const statements = report.proposedPolicies.flatMap((d) =>
      Array.isArray(d.Statement) ? d.Statement : [d.Statement],
    );
    expect(statements.every((s) => s.NotAction === undefined)).toBe(true);
    // Today's one NotAction statement of three patterns grants 21,830 actions; the proposal lists
    // what it keeps, within two managed policies.
    expect(report.proposal.sizes.length).toBeLessThanOrEqual(2);
    expect(report.proposal.sizes.reduce((a, b) => a + b, 0)).toBeLessThan(2 * MANAGED_POLICY_LIMIT);
  });

  it('keeps every unknown with unknown keep, and only what was used with unknown drop', () => {
    const policy = 'test/fixtures/aws-managed-policies/AdministratorAccess.json';
    const keep = run(policy, '--unknown', 'keep').report;
    expect(keep.proposal.allows.droppedUnknownByReason).toEqual({});
    expect(keep.proposal.allows.unknown).toBe(
      keep.diff.unknown.filter((u) => u.reason !== 'not-in-catalogue').length,
    );
    const drop = run(policy, '--drop-unknown').report;
    expect(drop.proposal.allows).toMatchObject({ unknown: 0, unknownMode: 'drop' });
    expect(drop.proposal.allows.actions).toBe(drop.diff.used.length);
  });
});

describe.each(['observed', 'account'])('resource-scope %s on the bundled example', (mode) => {
  const SCOPED_SERVICES = ['s3', 'dynamodb', 'sqs', 'kms', 'ssm', 'lambda'];
  for (const [name, policy] of [
    ['AdministratorAccess', 'test/fixtures/aws-managed-policies/AdministratorAccess.json'],
    ['the example policy', 'examples/current-policy.json'],
  ]) {
    it(`${name}: no used action with a resource type is left on "*", every call stays allowed, and it fits`, () => {
      const { report, markdown } = run(policy!, '--resource-scope', mode);
      expect(report.proposal.status).toBe('proposed');
      expect(report.proposedPolicies.length).toBeLessThanOrEqual(2);
      for (const size of report.proposal.sizes)
        expect(size).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
      const statements = report.proposedPolicies.flatMap((d) =>
        Array.isArray(d.Statement) ? d.Statement : [d.Statement],
      );
      const proposed = asPolicies(report.proposedPolicies);
      let scoped = 0;
      for (const u of report.usage) {
        if (u.count === 0) continue;
        const service = u.action.slice(0, u.action.indexOf(':'));
        const typed = (catalogue.lookupAction(u.action)?.resourceTypes.length ?? 0) > 0;
        const naming = statements.filter(
          (s) => s.Effect === 'Allow' && statementActions(catalogue, s).includes(u.action),
        );
        if (SCOPED_SERVICES.includes(service) && typed) {
          const onAll = naming.filter((s) =>
            (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).includes('*'),
          );
          expect([u.action, naming.length > 0, onAll]).toEqual([u.action, true, []]);
          scoped++;
        }
        // Replay: each call, on the ARN it acted on, is allowed by the proposal.
        for (const r of u.resources ?? []) {
          expect([
            u.action,
            r.arn,
            evaluate(catalogue, proposed, u.action, r.arn).decision,
          ]).toEqual([u.action, r.arn, 'allowed']);
        }
      }
      expect(scoped).toBeGreaterThanOrEqual(14);
      // Wildcard-only actions keep "*".
      expect(
        statements.some(
          (s) =>
            statementActions(catalogue, s).includes('lambda:ListFunctions') && s.Resource === '*',
        ),
      ).toBe(true);
      expect(markdown).toContain('resource-scope: ');
    });
  }
});
