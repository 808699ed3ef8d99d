/**
 * Against a moto server of this file's own that enforces credentials and IAM policies
 * (the shared servers do not): real AccessDenied answers, and the trail role path.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';

import { createS3Source } from '../../src/activity/sources/s3.js';
import type { ActivitySource, LogObject } from '../../src/activity/types.js';
import { iamLike, type S3Like, s3Like } from '../../src/aws/adapters.js';
import { type AwsClients, createAwsClients, destroyAwsClients } from '../../src/aws/clients.js';
import { AwsAccessError, TRAIL_ACCESS_README_SECTION } from '../../src/aws/errors.js';
import { createIamPolicySource } from '../../src/policies/iam-source.js';
import { type MotoServer, setMotoAuthFreeRequests, startMoto } from '../support/moto-server.js';
import { MOTO_ACCOUNT, TEST_CREDENTIALS } from '../support/moto.js';
import { at, createBucket, ORG_ID, putLogFile } from '../support/trail.js';

const BUCKET = 'secured-org-trail';
const ACCOUNT = '111122223333';
const TRAIL_ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/trail-reader`;

let server: MotoServer;
const opened: AwsClients[] = [];
let job = { accessKeyId: '', secretAccessKey: '' };
let nobody = { accessKeyId: '', secretAccessKey: '' };
const storedKeys: string[] = [];

function clients(
  credentials: { accessKeyId: string; secretAccessKey: string },
  trailRoleArn?: string,
): AwsClients {
  const made = createAwsClients({
    endpoint: server.endpoint,
    credentials,
    maxAttempts: 1,
    ...(trailRoleArn !== undefined ? { trailRoleArn } : {}),
  });
  opened.push(made);
  return made;
}

function source(made: AwsClients): ActivitySource {
  return createS3Source(s3Like(made.s3), {
    bucket: BUCKET,
    organizationId: ORG_ID,
    accounts: [ACCOUNT],
    regions: ['us-east-1'],
    from: new Date('2024-03-10T00:00:00Z'),
    to: new Date('2024-03-11T23:59:59Z'),
  });
}

async function listAll(activity: ActivitySource): Promise<LogObject[]> {
  const objects: LogObject[] = [];
  for await (const object of activity.list()) objects.push(object);
  return objects;
}

async function user(
  admin: AwsClients,
  name: string,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await admin.iam.send(new CreateUserCommand({ UserName: name }));
  const key = await admin.iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    accessKeyId: key.AccessKey?.AccessKeyId ?? '',
    secretAccessKey: key.AccessKey?.SecretAccessKey ?? '',
  };
}

beforeAll(async () => {
  server = await startMoto();
  const admin = clients(TEST_CREDENTIALS);
  await createBucket(admin.s3, BUCKET);
  for (const day of ['2024-03-10', '2024-03-11']) {
    const { key } = await putLogFile(admin.s3, BUCKET, {
      account: ACCOUNT,
      region: 'us-east-1',
      delivered: at(day),
    });
    storedKeys.push(key);
  }
  job = await user(admin, 'job');
  nobody = await user(admin, 'nobody');
  await admin.iam.send(
    new PutUserPolicyCommand({
      UserName: 'job',
      PolicyName: 'assume-trail-reader',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
      }),
    }),
  );
  await admin.iam.send(
    new CreateRoleCommand({
      RoleName: 'trail-reader',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:user/job` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  await admin.iam.send(
    new PutRolePolicyCommand({
      RoleName: 'trail-reader',
      PolicyName: 'read-trail',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
        ],
      }),
    }),
  );
  // From now on every request is authenticated and authorized.
  await setMotoAuthFreeRequests(server.endpoint, 0);
});

afterAll(async () => {
  for (const made of opened) destroyAwsClients(made);
  await server?.stop();
});

test('reading a log without permission: the real AccessDenied, explained', async () => {
  const key = storedKeys[0] ?? '';
  const error = await source(clients(job))
    .read({ key })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).name).toBe('AccessDenied');
  const message = (error as Error).message;
  expect(message).toContain(`Access denied: GetObject on s3://${BUCKET}/${key}`);
  for (const part of [
    's3:ListBucket',
    's3:GetObject',
    'kms:Decrypt',
    TRAIL_ACCESS_README_SECTION,
  ]) {
    expect(message).toContain(part);
  }
});

test('a listing denied by S3 stops the run with the bucket and prefix named', async () => {
  // moto (5.2.1, server mode) miscomputes signatures of query values holding "/", such as
  // the day prefixes, so the real denial is taken from a listing without a prefix and then
  // replayed to the source.
  const denied = await s3Like(clients(job).s3)
    .listObjectsV2({ Bucket: BUCKET })
    .then(
      () => new Error('the listing was allowed'),
      (caught: unknown) => caught as Error,
    );
  expect(denied.name).toBe('AccessDenied');
  const replay: S3Like = {
    listObjectsV2: () => Promise.reject(denied),
    getObject: () => Promise.reject(new Error('not called')),
  };
  const error = await listAll(
    createS3Source(replay, {
      bucket: BUCKET,
      organizationId: ORG_ID,
      accounts: [ACCOUNT],
      from: new Date('2024-03-10T00:00:00Z'),
      to: new Date('2024-03-11T23:59:59Z'),
    }),
  ).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).cause).toBe(denied);
  expect((error as Error).message).toContain(
    `Access denied: ListObjectsV2 on s3://${BUCKET}/AWSLogs/${ORG_ID}/${ACCOUNT}/CloudTrail/`,
  );
});

test('through the trail role the same credentials read the logs', async () => {
  const activity = source(clients(job, TRAIL_ROLE));
  for (const key of storedKeys) {
    expect((await activity.read({ key })).byteLength).toBeGreaterThan(0);
  }
});

test('credentials that may not assume the trail role: the role is named', async () => {
  const error = await listAll(source(clients(nobody, TRAIL_ROLE))).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as AwsAccessError).service).toBe('STS');
  expect((error as Error).name).toBe('AccessDenied');
  expect((error as Error).message).toContain(`Could not assume the trail role ${TRAIL_ROLE}`);
  expect((error as Error).message).toContain('sts:AssumeRole');
});

test('reading the role without IAM read permissions: the permissions are listed', async () => {
  const error = await createIamPolicySource(iamLike(clients(job).iam), 'trail-reader')
    .load()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).name).toBe('AccessDenied');
  expect((error as Error).message).toContain('Access denied: IAM GetRole for role trail-reader');
  expect((error as Error).message).toContain('iam:ListAttachedRolePolicies');
});
