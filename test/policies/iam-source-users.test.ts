/**
 * An IAM user's current policies from IAM (moto): its own attached and inline policies, those
 * of its groups, each named with its group, and its permissions boundary.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';

import { iamLike, type IamLike } from '../../src/aws/adapters.js';
import { callerAccountId } from '../../src/aws/clients.js';
import { AwsAccessError, translateIamError } from '../../src/aws/errors.js';
import { createIamPolicySource } from '../../src/policies/iam-source.js';
import { UserError } from '../../src/util/errors.js';
import { MOTO_ACCOUNT, motoIam, motoSts, resetMoto } from '../support/moto.js';

const iam = motoIam();
const sts = motoSts();
const USER_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:user/ops/deploy-bot`;
const doc = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
let ownArn = '';
let buildArn = '';
let boundaryArn = '';

beforeAll(async () => {
  await resetMoto();
  const policy = async (name: string, action: string): Promise<string> => {
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(doc(action)) }),
    );
    return created.Policy?.Arn ?? '';
  };
  ownArn = await policy('deploy-own', 'ecr:GetAuthorizationToken');
  buildArn = await policy('build-artifacts', 's3:PutObject');
  boundaryArn = await policy('people-boundary', '*');
  await iam.send(new CreateUserCommand({ UserName: 'deploy-bot', Path: '/ops/' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'deploy-bot', PolicyArn: ownArn }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'deploy-bot',
      PolicyName: 'lambda-deploy',
      PolicyDocument: JSON.stringify(doc('lambda:UpdateFunctionCode')),
    }),
  );
  for (const group of ['builders', 'readers']) {
    await iam.send(new CreateGroupCommand({ GroupName: group }));
    await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: 'deploy-bot' }));
  }
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'builders', PolicyArn: buildArn }));
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'builders',
      PolicyName: 'logs',
      PolicyDocument: JSON.stringify(doc('logs:CreateLogStream')),
    }),
  );
  await iam.send(
    new AttachGroupPolicyCommand({
      GroupName: 'readers',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'loner' }));
});

afterAll(() => {
  iam.destroy();
  sts.destroy();
});

test("reads the user's own policies, then each group's, each named with its group", async () => {
  const source = createIamPolicySource(iamLike(iam), USER_ARN, { type: 'user' });
  expect(source.description).toBe(`IAM user ${USER_ARN}`);
  const current = await source.load();
  expect(current.principalArn).toBe(USER_ARN);
  expect(current.policies.map((p) => [p.group ?? '(user)', p.kind, p.name])).toEqual([
    ['(user)', 'inline', 'lambda-deploy'],
    ['(user)', 'managed', ownArn],
    ['builders', 'inline', 'logs'],
    ['builders', 'managed', buildArn],
    ['readers', 'managed', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ]);
  const byName = new Map(current.policies.map((p) => [p.name, p.document]));
  expect(byName.get('logs')).toEqual(doc('logs:CreateLogStream'));
  expect(byName.get(buildArn)).toEqual(doc('s3:PutObject'));
  expect(current.boundary).toBeUndefined();
});

test("a user's permissions boundary is read as a role's is", async () => {
  // moto 5.2 does not implement PutUserPermissionsBoundary (it answers an HTML error page):
  // GetUser's answer is given here as IAM writes it, and the rest is moto's.
  const real = iamLike(iam);
  const client: IamLike = {
    ...real,
    getUser: async (input) => {
      const got = await real.getUser(input);
      return {
        User: {
          ...got.User,
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: boundaryArn,
          },
        },
      };
    },
  };
  const current = await createIamPolicySource(client, USER_ARN, { type: 'user' }).load();
  expect(current.boundary).toEqual({ kind: 'boundary', name: boundaryArn, document: doc('*') });
  expect(current.policies).toHaveLength(5);
});

test('a user name works as well as its ARN; a user without groups or policies has none', async () => {
  const byName = await createIamPolicySource(iamLike(iam), 'deploy-bot', { type: 'user' }).load();
  const byArn = await createIamPolicySource(iamLike(iam), USER_ARN, { type: 'user' }).load();
  expect(byName).toEqual(byArn);
  const loner = await createIamPolicySource(iamLike(iam), 'loner', { type: 'user' }).load();
  expect(loner).toEqual({ principalArn: `arn:aws:iam::${MOTO_ACCOUNT}:user/loner`, policies: [] });
});

test('an unknown user: "User … not found in account", from the caller identity', async () => {
  const source = createIamPolicySource(iamLike(iam), 'nobody', {
    type: 'user',
    callerAccountId: () => callerAccountId(sts),
  });
  const error = await source.load().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).message).toMatch(
    new RegExp(`^User nobody not found in account ${MOTO_ACCOUNT} .*Check the user name or ARN`),
  );
});

test('a user ARN with the wrong path names the right one', async () => {
  const wrong = `arn:aws:iam::${MOTO_ACCOUNT}:user/deploy-bot`;
  const error = await createIamPolicySource(iamLike(iam), wrong, { type: 'user' })
    .load()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toContain('path /ops/, not /');
  expect((error as Error).message).toContain(`give ${USER_ARN}`);
});

test('a user ARN of another account than the credentials is refused', async () => {
  const other = 'arn:aws:iam::444455556666:user/ops/deploy-bot';
  await expect(createIamPolicySource(iamLike(iam), other, { type: 'user' }).load()).rejects.toThrow(
    /The user .* is in account 444455556666, but the job's AWS credentials/,
  );
});

test("access denied on a user's group names the group and the user permissions", () => {
  const denied = Object.assign(new Error('not authorized'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  });
  const message = translateIamError(denied, {
    principal: 'deploy-bot (group builders)',
    principalType: 'user',
    operation: 'ListGroupPolicies',
  }).message;
  expect(message).toMatch(
    /^Access denied: IAM ListGroupPolicies for user deploy-bot \(group builders\)/,
  );
  expect(message).toContain('iam:ListGroupsForUser');
  expect(message).toContain('on the user, its groups and their policies');
});
