import {
  callerOf,
  deniedActionIn,
  isDenied,
  matchesPrincipal,
  parsePrincipalRef,
  parseRoleRef,
  partitionOfRegion,
} from '../../src/activity/principal.js';
import { roleCall, ROLE_ARN, userCall, USER_ARN } from '../fixtures/records.js';
import { catalogue } from '../support/iam.js';

/** The action a denial names, as the scan reads it and the mapping stage spells it. */
function named(message: string): string | undefined {
  const raw = deniedActionIn(message);
  return raw === undefined ? undefined : catalogue.canonicalAction(raw);
}

describe('parseRoleRef', () => {
  it('parses a role ARN with a path, in any partition', () => {
    expect(parseRoleRef(ROLE_ARN, '--role')).toEqual({
      type: 'role',
      kind: 'arn',
      arn: ROLE_ARN,
      partition: 'aws',
      account: '111122223333',
      path: '/service/',
      name: 'orders-api',
    });
    expect(parseRoleRef('arn:aws-us-gov:iam::111122223333:role/x', 'r')).toMatchObject({
      partition: 'aws-us-gov',
      path: '/',
    });
  });

  it('accepts a plain role name', () => {
    expect(parseRoleRef('orders-api', '--role')).toEqual({
      type: 'role',
      kind: 'name',
      name: 'orders-api',
    });
  });

  it.each([
    'arn:aws:iam::1234:role/x',
    'arn:aws:iam::111122223333:user/x',
    'arn:aws:sts::111122223333:assumed-role/x/y',
    'bad name!',
  ])('rejects %s naming the input', (value) => {
    expect(() => parseRoleRef(value, '--role')).toThrow(/^--role: .* neither a role ARN/);
  });

  it.each([
    [
      'arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
      /path \/aws-service-role\//,
    ],
    ['AWSServiceRoleForECS', /its name starts with AWSServiceRoleFor/],
  ])('refuses the service-linked role %s: its policies cannot be edited', (value, why) => {
    expect(() => parseRoleRef(value, '--role')).toThrow(why);
    expect(() => parseRoleRef(value, '--role')).toThrow(
      /^--role: .* is a service-linked role .*cannot be edited, so there is nothing to tighten/,
    );
  });
});

describe('parsePrincipalRef for users', () => {
  it('parses a user ARN with its path, or a name', () => {
    expect(parsePrincipalRef(USER_ARN, 'user', '--user')).toEqual({
      type: 'user',
      kind: 'arn',
      arn: USER_ARN,
      partition: 'aws',
      account: '111122223333',
      path: '/ops/',
      name: 'deploy-bot',
    });
    expect(parsePrincipalRef('alice@example', 'user', '--user')).toEqual({
      type: 'user',
      kind: 'name',
      name: 'alice@example',
    });
  });

  it('refuses a role ARN given as a user, naming the input', () => {
    expect(() => parsePrincipalRef(ROLE_ARN, 'user', 'user-arn')).toThrow(
      /^user-arn: .* neither a user ARN \(arn:aws:iam::123456789012:user\/path\/user-name\) nor a user name$/,
    );
  });

  it('does not refuse a user whose name looks service-linked: only roles are', () => {
    expect(parsePrincipalRef('AWSServiceRoleForX', 'user', '--user').name).toBe(
      'AWSServiceRoleForX',
    );
  });
});

describe('matching the role', () => {
  const role = parseRoleRef(ROLE_ARN, 'r');

  it('matches on the session issuer, which keeps the path', () => {
    const caller = callerOf(roleCall('s3.amazonaws.com', 'GetObject'))!;
    expect(caller.arn).toBe(ROLE_ARN);
    expect(matchesPrincipal(role, caller)).toBe(true);
  });

  it('does not match a role of the same name in another account', () => {
    const other = roleCall('s3.amazonaws.com', 'GetObject', {
      roleArn: 'arn:aws:iam::444455556666:role/service/orders-api',
    });
    expect(matchesPrincipal(role, callerOf(other)!)).toBe(false);
    expect(matchesPrincipal(parseRoleRef('orders-api', 'r'), callerOf(other)!)).toBe(true);
  });

  it('falls back to the assumed-role ARN when there is no session issuer', () => {
    const record = roleCall('s3.amazonaws.com', 'GetObject');
    delete record.userIdentity!.sessionContext;
    const caller = callerOf(record)!;
    expect(caller).toMatchObject({ type: 'role', account: '111122223333', name: 'orders-api' });
    expect(matchesPrincipal(role, caller)).toBe(true);
  });

  it('a user is no role, and callers that are neither are no one', () => {
    expect(callerOf(userCall('s3.amazonaws.com', 'ListBuckets'))?.type).toBe('user');
    expect(callerOf({})).toBeUndefined();
    expect(callerOf({ userIdentity: { type: 'AWSService', invokedBy: 'x' } })).toBeUndefined();
    expect(callerOf({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::1:root' } })).toBe(
      undefined,
    );
  });
});

describe('matching a user', () => {
  const user = parsePrincipalRef(USER_ARN, 'user', '--user');

  it('matches access-key calls on the user ARN', () => {
    const caller = callerOf(userCall('s3.amazonaws.com', 'ListBuckets'))!;
    expect(caller).toEqual({
      type: 'user',
      arn: USER_ARN,
      partition: 'aws',
      account: '111122223333',
      path: '/ops/',
      name: 'deploy-bot',
    });
    expect(matchesPrincipal(user, caller)).toBe(true);
  });

  it('never matches a role of the same name, nor a user with a role ref', () => {
    const roleOfSameName = callerOf(
      roleCall('s3.amazonaws.com', 'GetObject', {
        roleArn: 'arn:aws:iam::111122223333:role/deploy-bot',
      }),
    )!;
    expect(matchesPrincipal(user, roleOfSameName)).toBe(false);
    expect(matchesPrincipal(parsePrincipalRef('deploy-bot', 'user', 'u'), roleOfSameName)).toBe(
      false,
    );
    const asRole = parseRoleRef('deploy-bot', 'r');
    expect(matchesPrincipal(asRole, callerOf(userCall('s3.amazonaws.com', 'ListBuckets'))!)).toBe(
      false,
    );
  });

  it('places a console record that carries the user name but no ARN', () => {
    const record = userCall('signin.amazonaws.com', 'ConsoleLogin', { awsRegion: 'us-gov-west-1' });
    delete record.userIdentity!.arn;
    const caller = callerOf(record)!;
    expect(caller).toEqual({
      type: 'user',
      arn: 'arn:aws-us-gov:iam::111122223333:user/deploy-bot',
      partition: 'aws-us-gov',
      account: '111122223333',
      name: 'deploy-bot',
    });
    // A name matches in any account; an ARN of another partition does not.
    expect(matchesPrincipal(parsePrincipalRef('deploy-bot', 'user', 'u'), caller)).toBe(true);
    expect(matchesPrincipal(user, caller)).toBe(false);
  });

  it('counts a federated session (GetFederationToken) as its issuing user', () => {
    const record = userCall('s3.amazonaws.com', 'ListBuckets');
    record.userIdentity = {
      type: 'FederatedUser',
      arn: 'arn:aws:sts::111122223333:federated-user/build',
      accountId: '111122223333',
      sessionContext: { sessionIssuer: { type: 'IAMUser', arn: USER_ARN, userName: 'deploy-bot' } },
    };
    expect(matchesPrincipal(user, callerOf(record)!)).toBe(true);
  });

  it('gives the partition of a region', () => {
    expect(
      [
        'cn-north-1',
        'us-gov-east-1',
        'us-iso-east-1',
        'us-isob-east-1',
        'eu-west-1',
        undefined,
      ].map(partitionOfRegion),
    ).toEqual(['aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws', 'aws']);
  });
});

describe('isDenied', () => {
  it.each([
    'AccessDenied',
    'AccessDeniedException',
    'Client.UnauthorizedOperation',
    'UnauthorizedOperation',
  ])('%s is a denial', (code) => {
    expect(isDenied({ errorCode: code })).toBe(true);
  });
  it.each(['NoSuchBucketPolicy', 'ThrottlingException', 'ResourceNotFoundException', ''])(
    '%s means the permission was used',
    (code) => {
      expect(isDenied({ errorCode: code })).toBe(false);
    },
  );
});

describe('deniedActionIn, spelled by the catalogue as the mapping stage does', () => {
  test.each([
    [
      'User: arn:aws:iam::187901811700:user/exposed.user is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action',
      'lambda:ListFunctions',
    ],
    [
      'You are not authorized to perform this operation. User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ec2:GetPasswordData on resource: arn:aws:ec2:us-east-1:1:instance/i-1',
      'ec2:GetPasswordData',
    ],
    ['User is not authorized to perform: rds:ModifyDBInstance', 'rds:ModifyDBInstance'],
    ['... not authorized to perform: S3:getobject on resource', 's3:GetObject'],
  ])('%s', (message, action) => {
    expect(named(message)).toBe(action);
  });

  test.each([
    'User: arn:aws:iam::1:user/tester is not authorized to perform: iam:Action on resource: x',
    'You are not authorized to perform this operation. Encoded authorization failure message: abc',
    'Access Denied',
    '',
  ])('undefined for %s', (message) => {
    expect(named(message)).toBeUndefined();
  });
});

test('deniedActionIn gives the action as the message writes it', () => {
  expect(deniedActionIn('... not authorized to perform: S3:getobject on resource')).toBe(
    'S3:getobject',
  );
  expect(deniedActionIn('Access Denied')).toBeUndefined();
});
