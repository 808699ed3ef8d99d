/**
 * `roles-from-iam`: the account's roles under a path, from IAM (moto), with those no one can
 * tighten here left out and said why; and the bundled CLI running a fleet of them.
 */
import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { iamLike } from '../../src/aws/adapters.js';
import { rolesUnderPath } from '../../src/policies/iam-roles.js';
import type { FleetReport } from '../../src/report.js';
import { runBundle } from '../e2e/node24.js';
import { EXAMPLE_POLICY } from '../support/example-trail.js';
import {
  type MotoCredentials,
  motoCredentialsIn,
  motoEnv,
  motoIam,
  resetMoto,
} from '../support/moto.js';

const ACCOUNT = '111122223333';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
});
let credentials: MotoCredentials;

beforeAll(async () => {
  await resetMoto();
  credentials = await motoCredentialsIn(ACCOUNT);
  const iam = motoIam({ credentials });
  for (const [name, path] of [
    ['orders-api', '/service/'],
    ['billing-worker', '/service/'],
    ['ci-deployer', '/'],
    ['AWSReservedSSO_Admin_0123456789abcdef', '/aws-reserved/sso.amazonaws.com/'],
  ] as const) {
    await iam.send(
      new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: TRUST }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'app',
        PolicyDocument: EXAMPLE_POLICY,
      }),
    );
  }
  await iam.send(
    new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }),
  );
  iam.destroy();
});

describe('rolesUnderPath', () => {
  it('keeps the roles under the path; service-linked and Identity Center roles are left out', async () => {
    const iam = motoIam({ credentials });
    const listed = await rolesUnderPath(iamLike(iam), '/', { now: new Date(), minLookbackDays: 0 });
    expect(listed.roles.map((r) => (r.kind === 'arn' ? r.arn : r.name))).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
      `arn:aws:iam::${ACCOUNT}:role/service/billing-worker`,
      `arn:aws:iam::${ACCOUNT}:role/service/orders-api`,
    ]);
    expect(
      listed.leftOut.map((l) => [l.principal.replace(/^.*\//, ''), l.reason.split(':')[0]]),
    ).toEqual([
      ['AWSReservedSSO_Admin_0123456789abcdef', 'made by IAM Identity Center for a permission set'],
      // (moto spells the name after the service as given; AWS writes ElasticLoadBalancing)
      [expect.stringMatching(/^AWSServiceRoleFor/), 'a service-linked role'],
    ]);
    const service = await rolesUnderPath(iamLike(iam), '/service/', {
      now: new Date(),
      minLookbackDays: 0,
    });
    expect(service.roles.map((r) => r.name)).toEqual(['billing-worker', 'orders-api']);
    iam.destroy();
  });

  it('leaves out roles younger than min-lookback-days, saying how old they are', async () => {
    const iam = motoIam({ credentials });
    const listed = await rolesUnderPath(iamLike(iam), '/service/', {
      now: new Date(Date.now() + 3 * 86_400_000),
      minLookbackDays: 30,
    });
    expect(listed.roles).toEqual([]);
    expect(listed.leftOut.map((l) => l.reason)).toEqual([
      'created 3 days ago, less than min-lookback-days (30): its activity cannot show yet what it needs',
      'created 3 days ago, less than min-lookback-days (30): its activity cannot show yet what it needs',
    ]);
    iam.destroy();
  });
});

describe('the bundled CLI with --roles-from-iam', () => {
  const env = (): NodeJS.ProcessEnv => motoEnv(credentials);
  const args = [
    '--roles-from-iam',
    '/',
    '--logs',
    'examples/org-trail',
    '--from',
    '2026-10-01',
    '--to',
    '2026-11-01',
    '--quiet',
  ];

  it('analyses every role listed, in one read, and lists those left out', () => {
    const run = runBundle(
      'dist/cli/index.js',
      [...args, '--min-lookback-days', '0', '--format', 'json'],
      env(),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const fleet = JSON.parse(run.stdout) as FleetReport;
    expect(
      fleet.principals.map((p) => [p.principal.replace(/^.*:role/, ''), p.proposal.status]),
    ).toEqual([
      ['/ci-deployer', 'proposed'],
      // No call in the window: no removal.
      ['/service/billing-worker', 'withheld'],
      ['/service/orders-api', 'proposed'],
    ]);
    expect(fleet.principals.every((p) => p.currentPolicies.some((c) => c.name === 'app'))).toBe(
      true,
    );
    expect(fleet.leftOut).toHaveLength(2);
    expect(fleet.command).toContain('--roles-from-iam /');
    const markdown = runBundle('dist/cli/index.js', [...args, '--min-lookback-days', '0'], env());
    expect(markdown.stdout).toContain('Left out of the roles listed from IAM (2):');
  });

  it('stops with exit 2 when every role is left out, saying why', () => {
    const run = runBundle(
      'dist/cli/index.js',
      [...args.slice(0, 1), '/service/', ...args.slice(2)],
      env(),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^iam-policy-drift: --roles-from-iam: no role of the account under \/service\/ to analyse; left out: .*less than min-lookback-days \(30\)/,
    );
  });
});
