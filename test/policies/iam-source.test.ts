import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';

import { iamLike } from '../../src/aws/adapters.js';
import { callerAccountId } from '../../src/aws/clients.js';
import { AwsAccessError, IAM_READ_PERMISSIONS } from '../../src/aws/errors.js';
import {
  createIamPolicySource,
  parsePolicyDocument,
  principalNameOf,
} from '../../src/policies/iam-source.js';
import { UserError } from '../../src/util/errors.js';
import { MOTO_ACCOUNT, motoCredentialsIn, motoIam, motoSts, resetMoto } from '../support/moto.js';

const iam = motoIam();
const sts = motoSts();
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/service/orders-api`;
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
};
const ORDERS_V1 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
};
const ORDERS_V2 = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Orders',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
    },
  ],
};
const BOUNDARY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['dynamodb:*', 's3:*', 'sqs:*'], Resource: '*' }],
};
const INLINE_QUEUE = {
  Version: '2012-10-17',
  Statement: {
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: 'arn:aws:sqs:eu-west-1:123456789012:orders',
    Condition: { StringLike: { 'aws:PrincipalTag/team': 'orders + billing 100%' } },
  },
};
const INLINE_BUCKET = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::orders/*' }],
};
let ordersArn = '';
let boundaryArn = '';

beforeAll(async () => {
  await resetMoto();
  const created = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'orders-table',
      Path: '/app/',
      PolicyDocument: JSON.stringify(ORDERS_V1),
    }),
  );
  ordersArn = created.Policy?.Arn ?? '';
  await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: ordersArn,
      PolicyDocument: JSON.stringify(ORDERS_V2),
      SetAsDefault: true,
    }),
  );
  const boundary = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'app-boundary',
      PolicyDocument: JSON.stringify(BOUNDARY),
    }),
  );
  boundaryArn = boundary.Policy?.Arn ?? '';
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'orders-api',
      Path: '/service/',
      AssumeRolePolicyDocument: JSON.stringify(TRUST),
      PermissionsBoundary: boundaryArn,
    }),
  );
  for (const arn of ['arn:aws:iam::aws:policy/ReadOnlyAccess', ordersArn]) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'orders-api', PolicyArn: arn }));
  }
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'orders-api',
      PolicyName: 'queue',
      PolicyDocument: JSON.stringify(INLINE_QUEUE),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'orders-api',
      PolicyName: 'bucket-guard',
      PolicyDocument: JSON.stringify(INLINE_BUCKET),
    }),
  );
  await iam.send(
    new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: JSON.stringify(TRUST) }),
  );
});

afterAll(() => {
  iam.destroy();
  sts.destroy();
});

test('reads managed (default version), AWS-managed, inline policies and the boundary', async () => {
  const source = createIamPolicySource(iamLike(iam), ROLE_ARN);
  expect(source.description).toBe(`IAM role ${ROLE_ARN}`);
  const current = await source.load();
  expect(current.principalArn).toBe(ROLE_ARN);
  expect(current.policies.map((policy) => [policy.kind, policy.name])).toEqual([
    ['inline', 'bucket-guard'],
    ['inline', 'queue'],
    ['managed', ordersArn],
    ['managed', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ]);
  expect(ordersArn).toBe(`arn:aws:iam::${MOTO_ACCOUNT}:policy/app/orders-table`);
  const byName = new Map(current.policies.map((policy) => [policy.name, policy.document]));
  expect(byName.get(ordersArn)).toEqual(ORDERS_V2);
  expect(byName.get('queue')).toEqual(INLINE_QUEUE);
  expect(byName.get('bucket-guard')).toEqual(INLINE_BUCKET);
  const readOnly = byName.get('arn:aws:iam::aws:policy/ReadOnlyAccess');
  const statements = Array.isArray(readOnly?.Statement) ? readOnly.Statement : [];
  expect(statements.flatMap((statement) => statement.Action ?? [])).toContain('s3:Get*');
  expect(current.boundary).toEqual({ kind: 'boundary', name: boundaryArn, document: BOUNDARY });
});

test('a role name works as well as its ARN, and a role without policies has none', async () => {
  const byName = await createIamPolicySource(iamLike(iam), 'orders-api').load();
  const byArn = await createIamPolicySource(iamLike(iam), ROLE_ARN).load();
  expect(byName).toEqual(byArn);
  const bare = await createIamPolicySource(iamLike(iam), 'bare').load();
  expect(bare).toEqual({ principalArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/bare`, policies: [] });
});

test('an unknown role: "not found in account", from the caller identity', async () => {
  const source = createIamPolicySource(iamLike(iam), 'no-such-role', {
    callerAccountId: () => callerAccountId(sts),
  });
  const error = await source.load().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).name).toBe('NoSuchEntityException');
  expect((error as AwsAccessError).code).toBe('NoSuchEntity');
  expect((error as Error).message).toMatch(
    new RegExp(`^Role no-such-role not found in account ${MOTO_ACCOUNT} `),
  );
});

test('a role ARN of another account than the credentials: the mismatch is explained', async () => {
  const arn = 'arn:aws:iam::999988887777:role/service/orders-api-other';
  const source = createIamPolicySource(iamLike(iam), arn, {
    callerAccountId: () => callerAccountId(sts),
  });
  const error = (await source.load().catch((caught: unknown) => caught)) as Error;
  expect(error.message).toContain(`Role ${arn} not found in account ${MOTO_ACCOUNT}`);
  expect(error.message).toContain('The role ARN names account 999988887777');
});

describe('the role IAM answers with must be the role ARN given', () => {
  const OTHER = '111122223333';

  test("a role of the same name in the credentials' account is refused, naming both accounts", async () => {
    // The credentials are moto's default account, which has its own /service/orders-api.
    const given = `arn:aws:iam::${OTHER}:role/service/orders-api`;
    const error = await createIamPolicySource(iamLike(iam), given)
      .load()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).toContain(`The role ${given} is in account ${OTHER}`);
    expect(message).toContain(`credentials are for account ${MOTO_ACCOUNT}`);
    expect(message).toContain(ROLE_ARN);
    expect(message).toContain(`run the job with credentials of account ${OTHER}`);
    expect(message).toMatch(/not\s+with the trail role/);
  });

  test("with credentials of the role's account, that account's role is read", async () => {
    const credentials = await motoCredentialsIn(OTHER);
    const otherIam = motoIam({ credentials });
    try {
      await otherIam.send(
        new CreateRoleCommand({
          RoleName: 'orders-api',
          Path: '/service/',
          AssumeRolePolicyDocument: JSON.stringify(TRUST),
        }),
      );
      await otherIam.send(
        new PutRolePolicyCommand({
          RoleName: 'orders-api',
          PolicyName: 'other-account',
          PolicyDocument: JSON.stringify(ORDERS_V1),
        }),
      );
      const given = `arn:aws:iam::${OTHER}:role/service/orders-api`;
      const current = await createIamPolicySource(iamLike(otherIam), given).load();
      expect(current).toEqual({
        principalArn: given,
        policies: [{ kind: 'inline', name: 'other-account', document: ORDERS_V1 }],
      });
      // The same credentials and the default account's ARN: refused the other way round.
      const error = (await createIamPolicySource(iamLike(otherIam), ROLE_ARN)
        .load()
        .catch((caught: unknown) => caught)) as Error;
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toContain(`is in account ${MOTO_ACCOUNT}`);
      expect(error.message).toContain(`credentials are for account ${OTHER}`);
    } finally {
      otherIam.destroy();
    }
  });

  test('another partition is refused', async () => {
    const given = `arn:aws-cn:iam::${MOTO_ACCOUNT}:role/service/orders-api`;
    const error = (await createIamPolicySource(iamLike(iam), given)
      .load()
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain(`account ${MOTO_ACCOUNT} (partition aws-cn)`);
    expect(error.message).toContain(`account ${MOTO_ACCOUNT} (partition aws)`);
  });

  test('the same name with another path: the same role, but the ARN given is wrong', async () => {
    const given = `arn:aws:iam::${MOTO_ACCOUNT}:role/team/orders-api`;
    const error = (await createIamPolicySource(iamLike(iam), given)
      .load()
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain(`path /service/, not /team/`);
    expect(error.message).toContain(`give ${ROLE_ARN}`);
    // Without a path the ARN names the path "/", which is also not the role's.
    const noPath = `arn:aws:iam::${MOTO_ACCOUNT}:role/orders-api`;
    await expect(createIamPolicySource(iamLike(iam), noPath).load()).rejects.toThrow(
      'path /service/, not /',
    );
  });
});

test('principalNameOf', () => {
  expect(principalNameOf(ROLE_ARN)).toBe('orders-api');
  expect(principalNameOf('arn:aws-us-gov:iam::123456789012:role/a/b/c/deploy')).toBe('deploy');
  expect(principalNameOf(' orders-api ')).toBe('orders-api');
  expect(() => principalNameOf('arn:aws:iam::123456789012:user/alice')).toThrow(
    /not an IAM role ARN/,
  );
  expect(principalNameOf('arn:aws:iam::123456789012:user/team/alice', 'user')).toBe('alice');
  expect(() => principalNameOf(ROLE_ARN, 'user')).toThrow(/not an IAM user ARN/);
  expect(() => principalNameOf('')).toThrow(/empty/);
});

describe('parsePolicyDocument', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  };

  test('raw JSON, even with % and + in values, is not decoded', () => {
    const raw = JSON.stringify({
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { k: '100%+a%20b' } },
      },
    });
    expect(parsePolicyDocument(raw, 'x')).toEqual(JSON.parse(raw));
  });

  test('URL-encoded JSON is decoded', () => {
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(document)), 'x')).toEqual(
      document,
    );
  });

  test('garbage and documents without statements are refused, naming the policy', () => {
    expect(() => parsePolicyDocument('%7Bnot json', 'policy P')).toThrow(/policy P/);
    expect(() => parsePolicyDocument('[1]', 'policy P')).toThrow(/not a JSON object/);
    expect(() => parsePolicyDocument('{"Version":"2012-10-17"}', 'policy P')).toThrow(/Statement/);
    expect(() => parsePolicyDocument('{"Statement":[1]}', 'policy P')).toThrow(
      /statement 1 is not an object/,
    );
  });
});

test('IAM read permissions are the ones the README documents', () => {
  expect(IAM_READ_PERMISSIONS).toEqual([
    'iam:GetRole',
    'iam:ListAttachedRolePolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
  ]);
});
