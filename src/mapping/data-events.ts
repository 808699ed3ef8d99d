/**
 * Actions whose calls CloudTrail records only as data events (off by default, billed apart),
 * per IAM service, and the direction of each (a trail can log reads and writes apart). A trail
 * that holds no data event of the service and direction cannot show their use.
 *
 * Hand-kept. Source: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 * (the resource types data events are logged for); S3 object-level permission-only actions
 * (`s3:BypassGovernanceRetention`, checked in DeleteObject and PutObjectRetention with the bypass
 * header) are checked inside object calls, so they are data-plane too.
 */
import type { Catalogue } from './catalogue.js';

export const DATA_EVENT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  s3: [
    's3:GetObject*',
    's3:PutObject*',
    's3:DeleteObject*',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
    's3:ListBucket',
    's3:ListBucketVersions',
    's3:ListBucketMultipartUploads',
    's3:RestoreObject',
    's3:Replicate*',
    's3:BypassGovernanceRetention',
  ],
  lambda: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
  dynamodb: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PartiQL*',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
  ],
  sns: ['sns:Publish'],
  sqs: [
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
  ],
  kinesis: [
    'kinesis:PutRecord',
    'kinesis:PutRecords',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:SubscribeToShard',
  ],
  ebs: ['ebs:*'],
  's3-object-lambda': ['s3-object-lambda:*'],
  bedrock: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
  cloudtrail: ['cloudtrail:PutAuditEvents'],
  // Sessions of S3 directory buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-log-files.html).
  s3express: ['s3express:CreateSession'],
};

/** Every catalogue action logged only as data events, lowercased. */
export function dataEventActions(catalogue: Catalogue): Set<string> {
  const out = new Set<string>();
  for (const patterns of Object.values(DATA_EVENT_ACTIONS)) {
    for (const pattern of patterns) {
      for (const a of catalogue.expandActionPattern(pattern)) out.add(a.toLowerCase());
    }
  }
  return out;
}

export type DataEventDirection = 'read' | 'write';

/** Read for the Read and List access levels, write for the others (Write, Tagging, ...). */
export function dataEventDirection(catalogue: Catalogue, action: string): DataEventDirection {
  const level = catalogue.lookupAction(action)?.accessLevel;
  return level === 'Read' || level === 'List' ? 'read' : 'write';
}
