/**
 * Seeds moto with the bundled example: the organization trail of examples/org-trail in a
 * bucket (same keys, digests included) and the role `service/orders-api` in IAM.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import { createBucket, putObject } from './trail.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_TRAIL = join(ROOT, 'examples', 'org-trail');
export const EXAMPLE_POLICY = readFileSync(join(ROOT, 'examples', 'current-policy.json'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Uploads the example trail to a new bucket, under `prefix` when given. */
export async function seedExampleTrail(s3: S3Client, bucket: string, prefix = ''): Promise<void> {
  await createBucket(s3, bucket);
  for (const path of files(EXAMPLE_TRAIL)) {
    const key = `${prefix}${relative(EXAMPLE_TRAIL, path).split(sep).join('/')}`;
    await putObject(s3, bucket, key, readFileSync(path));
  }
}

/**
 * Creates the role `/service/orders-api`, with the example's policy inline named `inlineName`
 * when given.
 */
export async function createExampleRole(iam: IAMClient, inlineName?: string): Promise<void> {
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'orders-api',
      Path: '/service/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  if (inlineName === undefined) return;
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'orders-api',
      PolicyName: inlineName,
      PolicyDocument: EXAMPLE_POLICY,
    }),
  );
}
