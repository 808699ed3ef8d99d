import { requestFacts } from '../../../src/activity/scan/parameters.js';
import type { CloudTrailRecord } from '../../../src/activity/types.js';

const ROLE = 'arn:aws:iam::111122223333:role/service/fn-exec';

function record(
  eventSource: string,
  eventName: string,
  requestParameters: unknown,
  extra: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return { eventSource, eventName, requestParameters, ...extra };
}

describe('requestFacts', () => {
  it.each<[string, CloudTrailRecord, string[]]>([
    [
      'an object version',
      record('s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k', versionId: 'v1' }),
      ['versionId'],
    ],
    [
      'ACL and tagging headers',
      record('s3.amazonaws.com', 'PutObject', {
        bucketName: 'b',
        'x-amz-acl': 'bucket-owner-full-control',
        'x-amz-tagging': 'a=b',
      }),
      ['acl', 'tagging'],
    ],
    [
      'a grant header',
      record('s3.amazonaws.com', 'CreateBucket', { 'x-amz-grant-read': 'id=1' }),
      ['acl'],
    ],
    [
      'the governance bypass',
      record('s3.amazonaws.com', 'DeleteObject', { 'x-amz-bypass-governance-retention': 'true' }),
      ['bypass-governance'],
    ],
    [
      'a role handed to Lambda',
      record('lambda.amazonaws.com', 'CreateFunction20150331', { functionName: 'f', role: ROLE }),
      [`role ${ROLE}`],
    ],
    [
      'roles nested in a task definition',
      record('ecs.amazonaws.com', 'RegisterTaskDefinition', {
        family: 'f',
        taskRoleArn: ROLE,
        executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
        containerDefinitions: [{ name: 'c' }],
      }),
      [`role ${ROLE}`, 'role arn:aws:iam::111122223333:role/exec'].sort(),
    ],
    [
      'an instance profile',
      record('ec2.amazonaws.com', 'RunInstances', { iamInstanceProfile: { name: 'web' } }),
      ['instance-profile web'],
    ],
    // Not a pass: STS and IAM name roles in their own calls; reads pass nothing.
    [
      'AssumeRole',
      record('sts.amazonaws.com', 'AssumeRole', { roleArn: ROLE, roleSessionName: 's' }),
      [],
    ],
    ['IAM', record('iam.amazonaws.com', 'UpdateRole', { roleArn: ROLE }), []],
    [
      'a read',
      record('lambda.amazonaws.com', 'GetFunction', { role: ROLE }, { readOnly: true }),
      [],
    ],
    [
      'a role key without a role ARN',
      record('glue.amazonaws.com', 'CreateJob', { role: 'arn:aws:iam::111122223333:user/u' }),
      [],
    ],
    ['no parameters', record('s3.amazonaws.com', 'ListBuckets', null), []],
  ])('%s', (_what, input, facts) => {
    expect(requestFacts(input)).toEqual(facts);
  });

  it('reads a bounded number of facts, a bounded depth down', () => {
    const many = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [
        `${'x'.repeat(i + 1)}RoleArn`,
        `arn:aws:iam::111122223333:role/r${i}`,
      ]),
    );
    expect(requestFacts(record('x.amazonaws.com', 'CreateThing', many)).length).toBe(8);
    const deep = { a: { b: { c: { d: { roleArn: ROLE } } } } };
    expect(requestFacts(record('x.amazonaws.com', 'CreateThing', deep))).toEqual([]);
  });
});
