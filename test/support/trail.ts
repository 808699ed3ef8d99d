/**
 * Builds a realistic organization trail in an S3 bucket: gzip log files under the real key
 * layout, digest and insight files beside them, and some noise.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import type { CloudTrailRecord } from '../../src/activity/types.js';

export const ORG_ID = 'o-a1b2c3d4e5';

export interface LogFileSpec {
  account: string;
  region: string;
  /** Delivery time: it names the file and its folder. */
  delivered: Date;
  records?: CloudTrailRecord[];
}

function stamp(date: Date): string {
  // YYYYMMDDTHHmmZ
  return date.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

function dayPath(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '/');
}

/** `organizationId` null: a trail of one account (no organization level). */
function base(prefix: string, organizationId: string | null, account: string): string {
  return [prefix, 'AWSLogs', organizationId ?? '', account].filter((part) => part !== '').join('/');
}

/** `<prefix>/AWSLogs/<org>/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<stamp>_<16>.json.gz` */
export function logKey(
  spec: LogFileSpec,
  prefix = '',
  organizationId: string | null = ORG_ID,
): string {
  const unique = randomBytes(8).toString('hex').slice(0, 16);
  return (
    `${base(prefix, organizationId, spec.account)}/CloudTrail/${spec.region}/${dayPath(spec.delivered)}/` +
    `${spec.account}_CloudTrail_${spec.region}_${stamp(spec.delivered)}_${unique}.json.gz`
  );
}

/** A digest file beside the logs (`CloudTrail-Digest/`), as CloudTrail names them. */
export function digestKey(
  spec: LogFileSpec,
  prefix = '',
  organizationId: string | null = ORG_ID,
): string {
  const time = spec.delivered.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  return (
    `${base(prefix, organizationId, spec.account)}/CloudTrail-Digest/${spec.region}/${dayPath(spec.delivered)}/` +
    `${spec.account}_CloudTrail-Digest_${spec.region}_org-trail_us-east-1_${time}.json.gz`
  );
}

/** An insight file (`CloudTrail-Insight/`). */
export function insightKey(
  spec: LogFileSpec,
  prefix = '',
  organizationId: string | null = ORG_ID,
): string {
  return logKey(spec, prefix, organizationId)
    .replace('/CloudTrail/', '/CloudTrail-Insight/')
    .replace('_CloudTrail_', '_CloudTrail-Insight_');
}

export function sampleRecord(spec: LogFileSpec): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    eventTime: new Date(spec.delivered.getTime() - 3 * 60_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    eventType: 'AwsApiCall',
    eventCategory: 'Management',
    eventID: randomBytes(16).toString('hex'),
    awsRegion: spec.region,
    recipientAccountId: spec.account,
    readOnly: true,
    managementEvent: true,
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${spec.account}:assumed-role/orders-api/session`,
      accountId: spec.account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::${spec.account}:role/service/orders-api`,
          userName: 'orders-api',
          accountId: spec.account,
        },
      },
    },
  };
}

/** gzip of `{"Records":[...]}`, as CloudTrail writes it. */
export function logBody(spec: LogFileSpec): Uint8Array {
  const records = spec.records ?? [sampleRecord(spec)];
  return gzipSync(Buffer.from(JSON.stringify({ Records: records })));
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Stores `body` at `key` the way CloudTrail does (gzip content encoding, JSON type). */
export async function putObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(key.endsWith('.gz') ? { ContentType: 'application/json', ContentEncoding: 'gzip' } : {}),
    }),
  );
}

/** Stores a log file and returns its key and bytes. */
export async function putLogFile(
  s3: S3Client,
  bucket: string,
  spec: LogFileSpec,
  prefix = '',
  organizationId: string | null = ORG_ID,
): Promise<{ key: string; body: Uint8Array }> {
  const key = logKey(spec, prefix, organizationId);
  const body = logBody(spec);
  await putObject(s3, bucket, key, body);
  return { key, body };
}

/** A UTC date at `hh:mm` on `day` (`YYYY-MM-DD`). */
export function at(day: string, time = '12:00'): Date {
  return new Date(`${day}T${time}:00Z`);
}
