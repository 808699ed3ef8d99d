import { GetRoleCommand } from '@aws-sdk/client-iam';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3ServiceException,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';

import {
  AwsAccessError,
  isFatalS3Error,
  translateAssumeRoleError,
  translateIamError,
  translateS3Error,
  TRAIL_ACCESS_README_SECTION,
} from '../../src/aws/errors.js';
import { motoIam, motoS3, resetMoto } from '../support/moto.js';

const s3 = motoS3();
const iam = motoIam();
const BUCKET = 'errors-test-bucket';

beforeAll(async () => {
  await resetMoto();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(() => {
  s3.destroy();
  iam.destroy();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error;
}

test('NoSuchBucket from S3: names the bucket, keeps the name, is fatal', async () => {
  const original = await failure(s3.send(new ListObjectsV2Command({ Bucket: 'missing-bucket-x' })));
  expect(original.name).toBe('NoSuchBucket');
  const translated = translateS3Error(original, {
    bucket: 'missing-bucket-x',
    prefix: 'AWSLogs/',
    operation: 'ListObjectsV2',
  });
  expect(translated).toBeInstanceOf(AwsAccessError);
  expect(translated.name).toBe('NoSuchBucket');
  expect(translated.cause).toBe(original);
  expect(translated.message).toContain('The bucket "missing-bucket-x" does not exist');
  expect(isFatalS3Error(original)).toBe(true);
  expect(isFatalS3Error(translated)).toBe(true);
  // Translating twice changes nothing.
  expect(translateS3Error(translated, { bucket: 'b', operation: 'GetObject' })).toBe(translated);
});

test('NoSuchKey from S3 is not fatal and says the object is gone', async () => {
  const original = await failure(
    s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/b.json.gz' })),
  );
  expect(original.name).toBe('NoSuchKey');
  const translated = translateS3Error(original, {
    bucket: BUCKET,
    key: 'a/b.json.gz',
    operation: 'GetObject',
  });
  expect(translated.message).toContain(`s3://${BUCKET}/a/b.json.gz was listed but is gone`);
  expect(isFatalS3Error(original)).toBe(false);
});

test('S3 AccessDenied: bucket, prefix, permissions and the README section', () => {
  const denied = new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Access Denied',
  });
  const translated = translateS3Error(denied, {
    bucket: 'log-archive',
    prefix: 'org/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/',
    operation: 'ListObjectsV2',
  });
  expect(translated.name).toBe('AccessDenied');
  expect(translated.message).toContain(
    'Access denied: ListObjectsV2 on s3://log-archive/org/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/',
  );
  expect(translated.message).toContain('s3:ListBucket on arn:aws:s3:::log-archive');
  expect(translated.message).toContain(
    's3:GetObject on arn:aws:s3:::log-archive/org/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/*',
  );
  expect(translated.message).toContain('kms:Decrypt');
  expect(translated.message).toContain(`"${TRAIL_ACCESS_README_SECTION}"`);
  expect(isFatalS3Error(denied)).toBe(true);
});

test.each([
  ['KMS.DisabledException', 'The key is disabled'],
  [
    'AccessDenied',
    'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: kms:Decrypt',
  ],
  ['KMS.NotFoundException', 'Invalid keyId'],
])('KMS failures surfacing on GetObject (%s)', (name, message) => {
  const error = new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: name === 'KMS.NotFoundException' ? 400 : 403 },
    message,
  });
  const translated = translateS3Error(error, {
    bucket: 'b',
    key: 'k.json.gz',
    operation: 'GetObject',
  });
  expect(translated.name).toBe(name);
  expect(translated.message).toContain("failed on the logs' KMS encryption");
  expect(translated.message).toContain("kms:Decrypt on the trail's KMS key");
  expect(isFatalS3Error(error)).toBe(true);
});

test('a server error is wrapped with its context and is not fatal', () => {
  const error = new S3ServiceException({
    name: 'InternalError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
    message: 'We encountered an internal error.',
  });
  const translated = translateS3Error(error, {
    bucket: 'b',
    prefix: 'p/',
    operation: 'ListObjectsV2',
  });
  expect(translated.message).toBe(
    'ListObjectsV2 on s3://b/p/ failed: InternalError: We encountered an internal error.',
  );
  expect(isFatalS3Error(error)).toBe(false);
});

test('IAM NoSuchEntity from moto: role not found in account, what to check', async () => {
  const original = await failure(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
  const translated = translateIamError(original, {
    principal: 'ghost',
    account: '123456789012',
    operation: 'GetRole',
  });
  expect(translated.name).toBe(original.name);
  expect(translated.message).toMatch(/^Role ghost not found in account 123456789012 /);
  expect(translated.message).toContain("credentials are for the role's account");
  const policy = translateIamError(original, {
    principal: 'r',
    operation: 'GetPolicy',
    policy: 'arn:aws:iam::1:policy/p',
  });
  expect(policy.message).toContain('Policy arn:aws:iam::1:policy/p of role r was not found');
});

test('IAM AccessDenied lists the IAM read permissions', () => {
  const error = Object.assign(
    new Error('User: arn:aws:iam::1:user/job is not authorized to perform: iam:GetRole'),
    {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    },
  );
  const translated = translateIamError(error, { principal: 'orders-api', operation: 'GetRole' });
  expect(translated.name).toBe('AccessDenied');
  expect(translated.message).toContain(
    'iam:GetRole, iam:ListAttachedRolePolicies, iam:GetPolicy, iam:GetPolicyVersion, iam:ListRolePolicies, iam:GetRolePolicy',
  );
});

test('missing credentials are explained', () => {
  const error = Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });
  expect(translateS3Error(error, { bucket: 'b', operation: 'ListObjectsV2' }).message).toContain(
    'credentials were missing, invalid or expired',
  );
  expect(isFatalS3Error(error)).toBe(true);
});

test('a failed AssumeRole names the role and is fatal for the listing', () => {
  const error = Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {
    name: 'AccessDenied',
  });
  const translated = translateAssumeRoleError(error, 'arn:aws:iam::1:role/trail-reader');
  expect(translated.name).toBe('AccessDenied');
  expect((translated as AwsAccessError).service).toBe('STS');
  expect(translated.message).toContain(
    'Could not assume the trail role arn:aws:iam::1:role/trail-reader',
  );
  expect(isFatalS3Error(translated)).toBe(true);
  // An S3 translation keeps the STS explanation.
  expect(translateS3Error(translated, { bucket: 'b', operation: 'ListObjectsV2' })).toBe(
    translated,
  );
});
