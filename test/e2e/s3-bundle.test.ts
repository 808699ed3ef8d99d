import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  PutRolePermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import {
  MOTO_ACCOUNT,
  type MotoCredentials,
  motoCredentialsIn,
  motoEnv,
  motoIam,
  motoS3,
  resetMoto,
} from '../support/moto.js';
import { putObject } from '../support/trail.js';
import { createExampleRole, seedExampleTrail } from '../support/example-trail.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBundle } from './node24.js';
import type { Report } from '../../src/report.js';

/** The example's log files: every one of them is in the window and the two accounts read. */
const FILES = (
  JSON.parse(readFileSync(join(ROOT, 'examples/expected.json'), 'utf8')) as { files: number }
).files;
const BUCKET = 'org-trail-logs';
const WINDOW = ['--from', '2026-10-01', '--to', '2026-11-01'];
const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service/orders-api`;
const S3_ARGS = [
  '--role',
  ROLE,
  '--bucket',
  BUCKET,
  '--prefix',
  'audit',
  '--organization-id',
  'o-a1b2c3d4e5',
  '--accounts',
  '111122223333,444455556666',
  '--s3-path-style',
  ...WINDOW,
  '--format',
  'json',
  '--quiet',
];

/**
 * The job's credentials act in the role's account (moto answers AssumeRole credentials as the
 * role's account), as they must: IAM is read with them.
 */
let credentials: MotoCredentials;

function awsEnv(): NodeJS.ProcessEnv {
  return motoEnv(credentials);
}

function runJson(args: string[]): { report: Report; status: number | null; stderr: string } {
  const run = runBundle('dist/cli/index.js', args, awsEnv());
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (status ${run.status}): ${run.stderr}`);
  }
  return { report, status: run.status, stderr: run.stderr };
}

/** The report without what names the source or its bytes (S3 and local differ only there). */
function comparable(report: Report): unknown {
  const { source: _source, command: _command, coverage, ...rest } = report;
  const { bytesRead: _bytes, ...counts } = coverage;
  return { ...rest, coverage: counts };
}

describe('the bundled CLI against S3 and IAM (moto_server)', () => {
  beforeAll(async () => {
    await resetMoto();
    credentials = await motoCredentialsIn(ACCOUNT);
    await seedExampleTrail(motoS3({ credentials }), BUCKET, 'audit/');
    const iam = motoIam({ credentials });
    await createExampleRole(iam, 'orders-api-inline');
    const customer = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'orders-metrics',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['cloudwatch:PutMetricData', 'cloudwatch:GetMetricData'],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'orders-api', PolicyArn: customer.Policy!.Arn! }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'orders-api',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
      }),
    );
    const boundary = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'orders-boundary',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    await iam.send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: 'orders-api',
        PermissionsBoundary: boundary.Policy!.Arn!,
      }),
    );
  });

  it('gives from S3 the same report as from the same files read locally', () => {
    const policy = ['--current-policy', 'examples/current-policy.json'];
    const fromS3 = runJson([...S3_ARGS, ...policy]);
    const local = runJson([
      '--role',
      ROLE,
      '--logs',
      'examples/org-trail',
      ...WINDOW,
      '--format',
      'json',
      '--quiet',
      ...policy,
    ]);
    expect(fromS3.status).toBe(0);
    expect(fromS3.report.coverage).toMatchObject({
      filesListed: FILES,
      filesRead: FILES,
      filesFailed: 0,
      complete: true,
    });
    expect(fromS3.report.source).toBe(`s3://${BUCKET}/audit/`);
    expect(comparable(fromS3.report)).toEqual(comparable(local.report));
  });

  it('reads the role’s policies from IAM and says which policy grants what', () => {
    const { report, status, stderr } = runJson(S3_ARGS);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(report.currentPolicies).toEqual([
      { kind: 'inline', name: 'orders-api-inline' },
      { kind: 'managed', name: 'arn:aws:iam::111122223333:policy/orders-metrics' },
      { kind: 'managed', name: 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess' },
      { kind: 'boundary', name: 'arn:aws:iam::111122223333:policy/orders-boundary' },
    ]);
    const entries = [...report.diff.used, ...report.diff.unused, ...report.diff.unknown];
    const grantedBy = Object.fromEntries(entries.map((g) => [g.action, g.grantedBy]));
    expect(grantedBy['cloudwatch:GetMetricData']).toEqual([
      'arn:aws:iam::111122223333:policy/orders-metrics',
    ]);
    expect(grantedBy['cloudwatch:PutMetricData']).toEqual([
      'arn:aws:iam::111122223333:policy/orders-metrics',
      'orders-api-inline',
    ]);
    expect(grantedBy['sqs:ListQueues']).toEqual(
      expect.arrayContaining(['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess']),
    );
    // GetMetricData is not logged by CloudTrail as a management event: unknown, never unused.
    expect(report.diff.unused.map((u) => u.action)).not.toContain('cloudwatch:GetMetricData');
    expect(report.diff.unknown.find((u) => u.action === 'cloudwatch:GetMetricData')?.reason).toBe(
      'never-logged',
    );
  });

  it('counts a corrupt object in the window, goes on, and says coverage is incomplete', async () => {
    const key =
      'audit/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/10/12/111122223333_CloudTrail_eu-west-1_20261012T2355Z_corruptcorruptxx.json.gz';
    await putObject(
      motoS3({ credentials }),
      BUCKET,
      key,
      Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4]),
    );
    const { report, status } = runJson(S3_ARGS);
    expect(status).toBe(0);
    expect(report.coverage).toMatchObject({
      filesListed: FILES + 1,
      filesRead: FILES,
      filesFailed: 1,
      complete: false,
    });
    expect(report.coverage.problems).toEqual([
      {
        kind: 'file-failed',
        object: key,
        message: expect.stringMatching(/^bad gzip data/) as string,
      },
    ]);
    const strict = runJson([...S3_ARGS, '--max-failed-files', '0']);
    expect(strict.status).toBe(1);
  });

  it('refuses a role of the same name in the account of the credentials, before reading logs', async () => {
    // Moto's default account (the credentials 'testing') gets a role of the same name.
    await createExampleRole(motoIam(), 'other-account-inline');
    const { AWS_SESSION_TOKEN: _token, ...env } = awsEnv();
    const run = runBundle('dist/cli/index.js', S3_ARGS, {
      ...env,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`The role ${ROLE} is in account ${ACCOUNT}`);
    expect(run.stderr).toContain(
      `credentials are for account ${MOTO_ACCOUNT}, whose role of the same name (arn:aws:iam::${MOTO_ACCOUNT}:role/service/orders-api)`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The policies are read first: with a bucket that does not exist, the role is still the error.
    const noBucket = runBundle(
      'dist/cli/index.js',
      S3_ARGS.map((a) => (a === BUCKET ? 'no-such-trail-bucket' : a)),
      { ...env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
    );
    expect(noBucket.status).toBe(run.status);
    expect(noBucket.stderr).toContain(`The role ${ROLE} is in account ${ACCOUNT}`);
    expect(noBucket.stderr).not.toContain('no-such-trail-bucket');
  });

  it('names the bucket when it does not exist', () => {
    const run = runBundle(
      'dist/cli/index.js',
      [...S3_ARGS.map((a) => (a === BUCKET ? 'no-such-trail-bucket' : a))],
      awsEnv(),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no-such-trail-bucket/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
