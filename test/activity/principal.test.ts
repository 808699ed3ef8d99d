import {
  callerRole,
  deniedActionIn,
  isDenied,
  matchesRole,
  parseRoleRef,
} from '../../src/activity/principal.js';
import { roleCall, ROLE_ARN } from '../fixtures/records.js';
import { catalogue } from '../support/iam.js';

/** The action a denial names, as the scan reads it and the mapping stage spells it. */
function named(message: string): string | undefined {
  const raw = deniedActionIn(message);
  return raw === undefined ? undefined : catalogue.canonicalAction(raw);
}

describe('parseRoleRef', () => {
  it('parses a role ARN with a path, in any partition', () => {
    expect(parseRoleRef(ROLE_ARN, '--role')).toEqual({
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
    expect(parseRoleRef('orders-api', '--role')).toEqual({ kind: 'name', name: 'orders-api' });
  });

  it.each([
    'arn:aws:iam::1234:role/x',
    'arn:aws:iam::111122223333:user/x',
    'arn:aws:sts::111122223333:assumed-role/x/y',
    'bad name!',
  ])('rejects %s naming the input', (value) => {
    expect(() => parseRoleRef(value, '--role')).toThrow(/^--role: .* neither a role ARN/);
  });
});

describe('matching the role', () => {
  const role = parseRoleRef(ROLE_ARN, 'r');

  it('matches on the session issuer, which keeps the path', () => {
    const caller = callerRole(roleCall('s3.amazonaws.com', 'GetObject'))!;
    expect(caller.arn).toBe(ROLE_ARN);
    expect(matchesRole(role, caller)).toBe(true);
  });

  it('does not match a role of the same name in another account', () => {
    const other = roleCall('s3.amazonaws.com', 'GetObject', {
      roleArn: 'arn:aws:iam::444455556666:role/service/orders-api',
    });
    expect(matchesRole(role, callerRole(other)!)).toBe(false);
    expect(matchesRole(parseRoleRef('orders-api', 'r'), callerRole(other)!)).toBe(true);
  });

  it('falls back to the assumed-role ARN when there is no session issuer', () => {
    const record = roleCall('s3.amazonaws.com', 'GetObject');
    delete record.userIdentity!.sessionContext;
    const caller = callerRole(record)!;
    expect(caller).toMatchObject({ account: '111122223333', name: 'orders-api' });
    expect(matchesRole(role, caller)).toBe(true);
  });

  it('ignores callers that are not role sessions', () => {
    expect(
      callerRole({ userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob' } }),
    ).toBeUndefined();
    expect(callerRole({})).toBeUndefined();
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
