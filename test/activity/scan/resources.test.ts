import {
  EventUsageAggregator,
  MAX_RESOURCES_PER_EVENT,
} from '../../../src/activity/aggregate/event-usage.js';
import type { CallGroup } from '../../../src/activity/scan/scan.js';
import { MAX_RESOURCES, callResources } from '../../../src/activity/scan/resources.js';
import type { CloudTrailRecord } from '../../../src/activity/types.js';
import { mapUsage } from '../../../src/mapping/action-usage.js';
import { knowledge } from '../../support/iam.js';

const ACCOUNT = '111122223333';

function record(
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  extra: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return {
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    ...extra,
  };
}

describe('callResources', () => {
  test.each<[string, CloudTrailRecord, string[]]>([
    [
      "the record's resources[] first, then what the request fixes",
      record(
        's3.amazonaws.com',
        'GetObject',
        { bucketName: 'docs', key: 'a/b c.json' },
        {
          resources: [
            { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::docs/a/b c.json' },
            { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::docs' },
          ],
        },
      ),
      ['resources arn:aws:s3:::docs', 'resources arn:aws:s3:::docs/a/b c.json'],
    ],
    [
      'an S3 bucket and object from the request alone',
      record('s3.amazonaws.com', 'PutObject', { bucketName: 'docs', key: 'k' }),
      ['inferred arn:aws:s3:::docs', 'inferred arn:aws:s3:::docs/k'],
    ],
    [
      "a DynamoDB table in the record's region and account",
      record('dynamodb.amazonaws.com', 'GetItem', { tableName: 'orders' }),
      [`inferred arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`],
    ],
    [
      'an SQS queue from its URL, in the URL’s region and account',
      record('sqs.amazonaws.com', 'SendMessage', {
        queueUrl: 'https://sqs.us-west-2.amazonaws.com/444455556666/jobs.fifo',
      }),
      ['inferred arn:aws:sqs:us-west-2:444455556666:jobs.fifo'],
    ],
    [
      'an SQS queue from a legacy URL',
      record('sqs.amazonaws.com', 'SendMessage', {
        queueUrl: 'https://queue.amazonaws.com/444455556666/jobs',
      }),
      ['inferred arn:aws:sqs:us-east-1:444455556666:jobs'],
    ],
    [
      'a Lambda function by name; an ARN given in the request as written',
      record('lambda.amazonaws.com', 'Invoke', {
        functionName: 'pricing',
        qualifier: 'arn:aws:lambda:eu-west-1:111122223333:function:pricing:live',
      }),
      [
        `inferred arn:aws:lambda:eu-west-1:${ACCOUNT}:function:pricing`,
        'request arn:aws:lambda:eu-west-1:111122223333:function:pricing:live',
      ],
    ],
    [
      'a KMS key by id, and by alias',
      record('kms.amazonaws.com', 'Decrypt', { keyId: 'alias/orders' }),
      [`inferred arn:aws:kms:eu-west-1:${ACCOUNT}:alias/orders`],
    ],
    [
      'SSM parameters by name, the leading slash dropped',
      record('ssm.amazonaws.com', 'GetParameters', { names: ['/app/a', 'app/b'] }),
      [
        `inferred arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/a`,
        `inferred arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/b`,
      ],
    ],
    [
      'a role ARN in the request, two levels deep',
      record('sts.amazonaws.com', 'AssumeRole', {
        roleArn: 'arn:aws:iam::444455556666:role/reader',
        policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      }),
      [
        'request arn:aws:iam::444455556666:role/reader',
        'request arn:aws:iam::aws:policy/ReadOnlyAccess',
      ],
    ],
    [
      'the partition from the region',
      record('dynamodb.amazonaws.com', 'GetItem', { tableName: 't' }, { awsRegion: 'cn-north-1' }),
      [`inferred arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/t`],
    ],
    [
      'nothing from what is not a name or an ARN',
      record('s3.amazonaws.com', 'GetObject', {
        bucketName: 'Not A Bucket',
        key: 'x',
        note: 'arn:not really',
      }),
      [],
    ],
    ['no parameters', record('s3.amazonaws.com', 'ListBuckets', null), []],
  ])('%s', (_name, input, expected) => {
    expect(callResources(input)).toEqual(expected);
  });

  test(`at most ${MAX_RESOURCES} per call`, () => {
    const names = Array.from({ length: 30 }, (_, i) => `/p/${String(i).padStart(2, '0')}`);
    const found = callResources(record('ssm.amazonaws.com', 'GetParameters', { names }));
    expect(found).toHaveLength(Math.min(MAX_RESOURCES, 10));
  });
});

/** A group of calls as the scan gives it. */
function group(eventSource: string, eventName: string, denied = false): CallGroup {
  return {
    principal: 0,
    issuer: 'arn:aws:iam::111122223333:role/r',
    eventSource,
    eventName,
    awsRegion: null,
    account: null,
    dataEvent: false,
    denied,
    deniedAction: null,
    facts: [],
  };
}

describe('resources per event and per action', () => {
  const add = (
    aggregator: EventUsageAggregator,
    name: string,
    time: string,
    resources: string[],
    denied = false,
  ): void =>
    aggregator.add(group('s3.amazonaws.com', name, denied), time, `${name}-${time}`, resources);

  test('counted per ARN with the last call and the most direct way it was found', () => {
    const events = new EventUsageAggregator();
    add(events, 'GetObject', '2026-10-01T00:00:00Z', [
      'inferred arn:aws:s3:::b',
      'inferred arn:aws:s3:::b/k',
    ]);
    add(events, 'GetObject', '2026-10-03T00:00:00Z', [
      'resources arn:aws:s3:::b',
      'resources arn:aws:s3:::b/k',
    ]);
    add(events, 'ListObjects', '2026-10-02T00:00:00Z', ['resources arn:aws:s3:::b']);
    add(events, 'ListObjects', '2026-10-04T00:00:00Z', ['resources arn:aws:s3:::secret'], true);
    const [getObject] = events.result();
    expect(getObject?.resources).toEqual([
      { arn: 'arn:aws:s3:::b', how: 'resources', count: 2, lastSeen: '2026-10-03T00:00:00Z' },
      { arn: 'arn:aws:s3:::b/k', how: 'resources', count: 2, lastSeen: '2026-10-03T00:00:00Z' },
    ]);
    // Per action, only ARNs of its resource types, and only calls that went through.
    const usage = new Map(mapUsage(knowledge, events.result()).usage.map((u) => [u.action, u]));
    expect(usage.get('s3:GetObject')?.resources?.map((r) => r.arn)).toEqual(['arn:aws:s3:::b/k']);
    expect(usage.get('s3:ListBucket')?.resources).toEqual([
      { arn: 'arn:aws:s3:::b', how: 'resources', count: 1, lastSeen: '2026-10-02T00:00:00Z' },
    ]);
  });

  test(`at most ${MAX_RESOURCES_PER_EVENT} ARNs per event; calls on more are counted`, () => {
    const events = new EventUsageAggregator();
    for (let i = 0; i < MAX_RESOURCES_PER_EVENT + 5; i++) {
      add(events, 'GetObject', '2026-10-01T00:00:00Z', [`resources arn:aws:s3:::b/${i}`]);
    }
    const [event] = events.result();
    expect(event?.resources).toHaveLength(MAX_RESOURCES_PER_EVENT);
    expect(event?.otherResources).toEqual({ s3: 5 });
    expect(mapUsage(knowledge, events.result()).usage[0]?.otherResources).toBe(5);
  });

  test('resources not kept count only for actions whose resource types are of their service', () => {
    const events = new EventUsageAggregator();
    // A Lambda data event whose record also names S3 objects (as some data events do).
    for (let i = 0; i < MAX_RESOURCES_PER_EVENT + 5; i++) {
      events.add(group('lambda.amazonaws.com', 'Invoke'), '2026-10-01T00:00:00Z', `e${i}`, [
        'resources arn:aws:lambda:eu-west-1:111122223333:function:f',
        `resources arn:aws:s3:::b/${i}`,
      ]);
    }
    const [usage] = mapUsage(knowledge, events.result()).usage;
    expect(usage?.action).toBe('lambda:InvokeFunction');
    expect(usage?.resources?.map((r) => r.arn)).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:f',
    ]);
    expect(usage?.otherResources).toBeUndefined();
  });
});
