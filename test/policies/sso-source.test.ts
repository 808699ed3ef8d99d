/**
 * A permission set's policies read through sso-admin and IAM on moto: the inline policy, AWS
 * managed policies, customer managed policy references (read in the credentials' account, or
 * listed as not read when that account has none), the boundary, the accounts it is
 * provisioned to, and the permission set found by name or by ARN.
 */
import { iamLike, ssoAdminLike } from '../../src/aws/adapters.js';
import { PermissionSetReader, createSsoPolicySource } from '../../src/policies/sso-source.js';
import { MOTO_ACCOUNT, motoIam, motoSsoAdmin, resetMoto } from '../support/moto.js';
import { seedPermissionSet, withBoundary } from '../support/sso.js';
import { createEdges } from '../../src/wiring.js';
import { buildSettings } from '../../src/settings/analysis.js';
import { INPUT_NAMES } from '../../src/inputs.js';
import { EXAMPLE_TRAIL } from '../support/example-trail.js';

const sso = motoSsoAdmin();
const iam = motoIam();

afterAll(() => {
  sso.destroy();
  iam.destroy();
});

beforeEach(() => resetMoto());

const INLINE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Action: ['athena:GetQueryResults'], Resource: '*' }],
};
const REFERENCED = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Action: 'glue:GetTable', Resource: '*' }],
};

function sourceOf(reader: PermissionSetReader) {
  return createSsoPolicySource(reader, iamLike(iam), {
    callerAccountId: () => Promise.resolve(MOTO_ACCOUNT),
  });
}

test('inline, AWS managed and customer managed policies, by name', async () => {
  const seeded = await seedPermissionSet(sso, iam, {
    name: 'DataAnalyst',
    inline: INLINE,
    awsManaged: ['arn:aws:iam::aws:policy/AmazonAthenaFullAccess'],
    references: [
      { name: 'analyst-glue', path: '/data/', document: REFERENCED },
      { name: 'only-in-members' },
    ],
  });
  const reader = new PermissionSetReader(withBoundary(ssoAdminLike(sso)), { name: 'DataAnalyst' });
  expect(await reader.permissionSet()).toEqual({
    InstanceArn: seeded.instanceArn,
    PermissionSetArn: seeded.permissionSetArn,
    name: 'DataAnalyst',
  });
  expect(await reader.accounts()).toEqual([MOTO_ACCOUNT]);

  const current = await sourceOf(reader).load();
  expect(current.principalArn).toBe(seeded.permissionSetArn);
  expect(current.policies.map((p) => [p.kind, p.name])).toEqual([
    ['inline', 'AwsSSOInlinePolicy'],
    ['managed', 'arn:aws:iam::123456789012:policy/data/analyst-glue'],
    ['managed', 'arn:aws:iam::aws:policy/AmazonAthenaFullAccess'],
  ]);
  expect(current.policies[0]!.document).toEqual(INLINE);
  expect(current.policies[1]!.document).toEqual(REFERENCED);
  expect(JSON.stringify(current.policies[2]!.document)).toContain('athena:');
  expect(current.boundary).toBeUndefined();
  expect(current.notRead).toEqual([
    expect.stringMatching(
      /^customer managed policy reference \/only-in-members: account 123456789012 .* has no such policy/,
    ),
  ]);
});

test('by ARN, with an AWS managed boundary', async () => {
  const seeded = await seedPermissionSet(sso, iam, { name: 'Ops', inline: INLINE });
  const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const reader = new PermissionSetReader(
    withBoundary(ssoAdminLike(sso), { [seeded.permissionSetArn]: { ManagedPolicyArn: boundary } }),
    { arn: seeded.permissionSetArn },
  );
  expect((await reader.permissionSet()).name).toBe('Ops');
  const current = await sourceOf(reader).load();
  expect(current.boundary?.name).toBe(boundary);
  expect(JSON.stringify(current.boundary?.document)).toContain('Allow');
});

test('a name no instance holds is an input error that says where it looked', async () => {
  await seedPermissionSet(sso, iam, { name: 'Ops' });
  const reader = new PermissionSetReader(ssoAdminLike(sso), { name: 'DataAnalyst' });
  await expect(reader.permissionSet()).rejects.toThrow(
    /^permission set DataAnalyst not found in the IAM Identity Center instance the credentials see \(arn:aws:sso:::instance\/ssoins-/,
  );
});

test('a boundary that cannot be read fails the run, naming the call', async () => {
  const seeded = await seedPermissionSet(sso, iam, { name: 'Ops', inline: INLINE });
  // moto 5.2 answers this call with an HTML error page, as an unknown server would.
  const reader = new PermissionSetReader(ssoAdminLike(sso), { arn: seeded.permissionSetArn });
  await expect(sourceOf(reader).load()).rejects.toThrow(
    /sso-admin GetPermissionsBoundaryForPermissionSet for permission set arn:aws:sso:::\w+\/.* failed/,
  );
});

test('the edge names a permission set given by ARN, and leaves a role beside it as it is', async () => {
  const seeded = await seedPermissionSet(sso, iam, { name: 'Ops', inline: INLINE });
  const settings = buildSettings(
    {
      role: 'orders-api',
      permissionSet: 'Ops',
      logs: EXAMPLE_TRAIL,
      readIam: 'true',
      currentPolicies: [],
    },
    INPUT_NAMES,
    new Date('2026-11-01T00:00:00Z'),
  );
  // moto's permission set ARNs are not of AWS's form, which the input parser holds to.
  settings.principals[1] = {
    type: 'permission-set',
    kind: 'name',
    name: '',
    permissionSetArn: seeded.permissionSetArn,
  };
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
  try {
    const edges = await createEdges(settings, INPUT_NAMES);
    try {
      expect(edges.principals).toEqual([
        { type: 'role', kind: 'name', name: 'orders-api' },
        {
          type: 'permission-set',
          kind: 'name',
          name: 'Ops',
          permissionSetArn: seeded.permissionSetArn,
        },
      ]);
      expect(edges.policies[1]!.description).toBe(
        `IAM Identity Center permission set ${seeded.permissionSetArn}`,
      );
      expect(edges.policies[0]!.description).toBe('IAM role orders-api');
    } finally {
      edges.close();
    }
  } finally {
    process.env = saved;
  }
});
