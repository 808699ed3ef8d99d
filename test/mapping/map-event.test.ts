import {
  EVENT_EXCEPTIONS,
  EVENT_SOURCE_EXCEPTIONS,
  findException,
} from '../../src/mapping/exceptions.js';
import { stripVersionSuffix, type EventMapping } from '../../src/mapping/map-event.js';
import { catalogue, knowledge } from '../support/iam.js';
import { byAction } from '../../src/util/order.js';

/** The actions an event maps to; fails the test when it maps to none. */
function actionsOf(source: string, name: string): string[] {
  const m = knowledge.events.mapEvent(source, name);
  if (m.kind !== 'actions') throw new Error(`${source} ${name}: ${JSON.stringify(m)}`);
  return m.actions;
}

const S3 = 's3.amazonaws.com';

describe('every action the tables can emit is in the catalogue', () => {
  test('exception table and all generated operation-map entries', () => {
    const entries = knowledge.events.tableActions();
    expect(entries.length).toBeGreaterThan(500);
    const bad: string[] = [];
    for (const { source, actions } of entries) {
      for (const action of actions) {
        if (catalogue.canonicalAction(action) !== action) bad.push(`${source}: ${action}`);
      }
      const sorted = [...actions].sort(byAction).join() === actions.join();
      if (source.startsWith('operation-map') && !sorted) {
        bad.push(`${source}: not sorted`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('exception event sources point at catalogue prefixes', () => {
    for (const [source, prefix] of Object.entries(EVENT_SOURCE_EXCEPTIONS)) {
      expect(knowledge.events.serviceForEventSource(source)).toBe(prefix);
    }
  });

  test('every exception resolves through mapEvent as an exception', () => {
    for (const [prefix, events] of Object.entries(EVENT_EXCEPTIONS)) {
      for (const name of Object.keys(events)) {
        const source = `${prefix}.amazonaws.com`;
        expect(knowledge.events.serviceForEventSource(source)).toBe(prefix);
        expect(knowledge.events.mapEvent(source, name)).toMatchObject({ how: 'exception' });
      }
    }
  });
});

describe('serviceForEventSource', () => {
  test.each([
    ['s3.amazonaws.com', 's3'],
    ['monitoring.amazonaws.com', 'cloudwatch'],
    ['email.amazonaws.com', 'ses'],
    ['tagging.amazonaws.com', 'tag'],
    ['streams.dynamodb.amazonaws.com', 'dynamodb'],
    ['pinpoint.amazonaws.com', 'mobiletargeting'],
    ['servicecatalog-appregistry.amazonaws.com', 'servicecatalog'],
    // not in the iam-dataset table: the host is a catalogue prefix
    ['ssmmessages.amazonaws.com', 'ssmmessages'],
    ['S3.AMAZONAWS.COM', 's3'],
  ])('%s → %s', (source, prefix) => {
    expect(knowledge.events.serviceForEventSource(source)).toBe(prefix);
  });

  test.each(['nosuch.amazonaws.com', 'monitoring', '', 'example.com', 'deepracer.amazonaws.com'])(
    '%s → undefined',
    (source) => {
      expect(knowledge.events.serviceForEventSource(source)).toBeUndefined();
    },
  );
});

describe('S3 renames', () => {
  test.each([
    ['ListObjects', ['s3:ListBucket']],
    ['ListObjectsV2', ['s3:ListBucket']],
    ['HeadBucket', ['s3:ListBucket']],
    ['HeadObject', ['s3:GetObject']],
    ['ListBuckets', ['s3:ListAllMyBuckets']],
    ['CreateMultipartUpload', ['s3:PutObject']],
    ['UploadPart', ['s3:PutObject']],
    ['CompleteMultipartUpload', ['s3:PutObject']],
    ['UploadPartCopy', ['s3:GetObject', 's3:PutObject']],
    ['DeleteBucketCors', ['s3:PutBucketCORS']],
    ['GetBucketCors', ['s3:GetBucketCORS']],
    ['DeleteBucketPublicAccessBlock', ['s3:PutBucketPublicAccessBlock']],
    ['PutBucketReplication', ['iam:PassRole', 's3:PutReplicationConfiguration']],
    ['GetBucketReplication', ['s3:GetReplicationConfiguration']],
    ['DeleteBucketReplication', ['s3:PutReplicationConfiguration']],
    ['GetBucketEncryption', ['s3:GetEncryptionConfiguration']],
    ['PutBucketEncryption', ['s3:PutEncryptionConfiguration']],
    ['DeleteBucketEncryption', ['s3:PutEncryptionConfiguration']],
    ['GetBucketLifecycle', ['s3:GetLifecycleConfiguration']],
    ['PutBucketLifecycle', ['s3:PutLifecycleConfiguration']],
    ['DeleteBucketLifecycle', ['s3:PutLifecycleConfiguration']],
    ['DeleteBucketTagging', ['s3:PutBucketTagging']],
    ['DeleteBucketOwnershipControls', ['s3:PutBucketOwnershipControls']],
    ['DeleteBucketIntelligentTieringConfiguration', ['s3:PutIntelligentTieringConfiguration']],
    ['DeleteBucketMetricsConfiguration', ['s3:PutMetricsConfiguration']],
    ['ListMultipartUploads', ['s3:ListBucketMultipartUploads']],
    ['ListObjectVersions', ['s3:ListBucketVersions']],
    ['DeleteObjects', ['s3:DeleteObject']],
    ['PutBucketNotification', ['s3:PutBucketNotification']],
    ['GetStorageLensDashboardDataInternal', ['s3:GetStorageLensDashboard']],
    ['DeleteAccountPublicAccessBlock', ['s3:PutAccountPublicAccessBlock']],
  ])('%s → %j', (name, expected) => {
    const m = knowledge.events.mapEvent(S3, name);
    expect(m).toEqual({
      kind: 'actions',
      actions: expected,
      how: 'exception',
      normalizedName: name,
    });
  });

  test('names the catalogue already has resolve by name', () => {
    expect(knowledge.events.mapEvent(S3, 'GetObject')).toEqual({
      kind: 'actions',
      actions: ['s3:GetObject'],
      how: 'same-name',
      normalizedName: 'GetObject',
    });
    expect(actionsOf(S3, 'GetBucketAcl')).toEqual(['s3:GetBucketAcl']);
    expect(actionsOf(S3, 'ListAllMyBuckets')).toEqual(['s3:ListAllMyBuckets']);
  });

  test('CopyObject needs several actions (operation map)', () => {
    const m = knowledge.events.mapEvent(S3, 'CopyObject');
    expect(m).toMatchObject({ kind: 'actions', how: 'operation-map' });
    expect(actionsOf(S3, 'CopyObject')).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject']),
    );
  });
});

describe('other traps', () => {
  test('KMS ReEncrypt needs ReEncryptFrom and ReEncryptTo', () => {
    expect(knowledge.events.mapEvent('kms.amazonaws.com', 'ReEncrypt')).toEqual({
      kind: 'actions',
      actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      how: 'exception',
      normalizedName: 'ReEncrypt',
    });
  });

  test('calls that pass a role need iam:PassRole', () => {
    expect(actionsOf('ec2.amazonaws.com', 'RunInstances')).toEqual([
      'ec2:RunInstances',
      'iam:PassRole',
    ]);
    expect(actionsOf('lambda.amazonaws.com', 'CreateFunction20150331')).toEqual([
      'iam:PassRole',
      'lambda:CreateFunction',
    ]);
  });

  test('Lambda Invoke is lambda:InvokeFunction', () => {
    expect(actionsOf('lambda.amazonaws.com', 'Invoke')).toEqual(['lambda:InvokeFunction']);
  });

  test('SQS batch calls use the single-message actions', () => {
    expect(actionsOf('sqs.amazonaws.com', 'SendMessageBatch')).toEqual(['sqs:SendMessage']);
    expect(actionsOf('sqs.amazonaws.com', 'DeleteMessageBatch')).toEqual(['sqs:DeleteMessage']);
  });

  test('eventSource host differs from the IAM prefix', () => {
    expect(actionsOf('monitoring.amazonaws.com', 'DescribeAlarms')).toEqual([
      'cloudwatch:DescribeAlarms',
    ]);
    expect(actionsOf('streams.dynamodb.amazonaws.com', 'GetRecords')).toEqual([
      'dynamodb:GetRecords',
    ]);
    expect(actionsOf('email.amazonaws.com', 'SendEmail')).toEqual(['ses:SendEmail']);
  });

  test.each([
    ['sts.amazonaws.com', 'GetCallerIdentity', 'exception'],
    ['sts.amazonaws.com', 'GetSessionToken', 'exception'],
    ['sts.amazonaws.com', 'AssumeRoleWithWebIdentity', 'exception'],
    ['dynamodb.amazonaws.com', 'DescribeEndpoints', 'exception'],
    ['signin.amazonaws.com', 'ConsoleLogin', 'exception'],
    ['signin.amazonaws.com', 'CheckMfa', 'exception'],
    ['signin.amazonaws.com', 'GetSigninToken', 'exception'],
    ['signin.amazonaws.com', 'SwitchRole', 'exception'],
  ])('%s %s needs no permission', (source, name, how) => {
    const m = knowledge.events.mapEvent(source, name);
    expect(m).toMatchObject({ kind: 'no-permission', how });
    expect(m.kind === 'no-permission' && m.reason.length > 0).toBe(true);
  });

  test('secretsmanager BatchGetSecretValue also reads each secret', () => {
    expect(actionsOf('secretsmanager.amazonaws.com', 'BatchGetSecretValue')).toEqual([
      'secretsmanager:BatchGetSecretValue',
      'secretsmanager:GetSecretValue',
    ]);
  });

  test('no iam:PassRole where iamlive adds one to a call that passes no role', () => {
    expect(actionsOf('securityhub.amazonaws.com', 'UpdateFindings')).toEqual([
      'securityhub:UpdateFindings',
    ]);
    expect(actionsOf(S3, 'DeleteBucketReplication')).toEqual(['s3:PutReplicationConfiguration']);
  });

  test('sts:AssumeRole is a permission use', () => {
    expect(actionsOf('sts.amazonaws.com', 'AssumeRole')).toEqual(['sts:AssumeRole']);
  });
});

describe('API-version suffixes', () => {
  test.each([
    ['lambda.amazonaws.com', 'ListFunctions20150331', 'ListFunctions', ['lambda:ListFunctions']],
    [
      'lambda.amazonaws.com',
      'UpdateFunctionConfiguration20150331v2',
      'UpdateFunctionConfiguration',
      ['iam:PassRole', 'lambda:UpdateFunctionConfiguration'],
    ],
    ['lambda.amazonaws.com', 'GetFunction20150331v2', 'GetFunction', ['lambda:GetFunction']],
    ['lambda.amazonaws.com', 'AddPermission20150331v2', 'AddPermission', ['lambda:AddPermission']],
    ['lambda.amazonaws.com', 'ListTags20170331', 'ListTags', ['lambda:ListTags']],
    [
      'cloudfront.amazonaws.com',
      'GetDistribution2020_05_31',
      'GetDistribution',
      ['cloudfront:GetDistribution'],
    ],
    [
      'cloudfront.amazonaws.com',
      'CreateInvalidation2019_03_26',
      'CreateInvalidation',
      ['cloudfront:CreateInvalidation'],
    ],
  ])('%s %s → %s', (source, name, normalized, actions) => {
    expect(knowledge.events.mapEvent(source, name)).toMatchObject({
      kind: 'actions',
      actions,
      normalizedName: normalized,
    });
  });

  test('real names ending in digits are kept', () => {
    expect(knowledge.events.mapEvent('rds.amazonaws.com', 'RestoreDBInstanceFromS3')).toMatchObject(
      {
        kind: 'actions',
        normalizedName: 'RestoreDBInstanceFromS3',
      },
    );
    expect(actionsOf('rds.amazonaws.com', 'RestoreDBInstanceFromS3')).toContain(
      'rds:RestoreDBInstanceFromS3',
    );
    expect(knowledge.events.mapEvent('kafka.amazonaws.com', 'CreateClusterV2')).toMatchObject({
      normalizedName: 'CreateClusterV2',
    });
    expect(actionsOf('kafka.amazonaws.com', 'CreateClusterV2')).toContain('kafka:CreateClusterV2');
    expect(actionsOf('securityhub.amazonaws.com', 'GetUsageV2')).toEqual([
      'securityhub:GetUsageV2',
    ]);
  });

  test('only date-shaped suffixes are stripped', () => {
    expect(stripVersionSuffix('ListFunctions20150331')).toBe('ListFunctions');
    expect(stripVersionSuffix('UpdateFunctionCode20150331v2')).toBe('UpdateFunctionCode');
    expect(stripVersionSuffix('GetDistribution2020_05_31')).toBe('GetDistribution');
    expect(stripVersionSuffix('RestoreDBInstanceFromS3')).toBeUndefined();
    expect(stripVersionSuffix('CreateClusterV2')).toBeUndefined();
    expect(stripVersionSuffix('Get2015')).toBeUndefined();
    expect(stripVersionSuffix('20150331')).toBeUndefined();
  });

  test('a suffixed name with no action stays unmapped', () => {
    expect(knowledge.events.mapEvent('lambda.amazonaws.com', 'NoSuchCall20150331')).toMatchObject({
      kind: 'unmapped',
    });
  });
});

describe('unmapped events are reported, not dropped', () => {
  test.each([
    ['nosuch.amazonaws.com', 'DoThing'],
    ['s3.amazonaws.com', 'NoSuchCall'],
    ['s3.amazonaws.com', ''],
    ['', 'GetObject'],
  ])('%s %s', (source, name) => {
    const m = knowledge.events.mapEvent(source, name);
    expect(m.kind).toBe('unmapped');
    expect(m.kind === 'unmapped' && m.reason.length > 0).toBe(true);
  });
});

describe('mapEvent', () => {
  test('is case-insensitive on event names and returns canonical actions', () => {
    expect(actionsOf('s3.amazonaws.com', 'getobject')).toEqual(['s3:GetObject']);
    expect(actionsOf('s3.amazonaws.com', 'listobjectsv2')).toEqual(['s3:ListBucket']);
  });

  test('memoized answers cannot be changed by callers', () => {
    const first = knowledge.events.mapEvent('kms.amazonaws.com', 'ReEncrypt') as Extract<
      EventMapping,
      { kind: 'actions' }
    >;
    first.actions.push('x:y');
    expect(actionsOf('kms.amazonaws.com', 'ReEncrypt')).toEqual([
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]);
  });

  test('findException is case-insensitive', () => {
    expect(findException('S3', 'headobject')).toBeDefined();
    expect(findException('s3', 'GetObject')).toBeUndefined();
  });
});

describe('event sources iam-dataset lacks', () => {
  it('resolves them from the API models (a service named otherwise than its endpoint)', () => {
    expect(knowledge.events.serviceForEventSource('partnercentral-selling.amazonaws.com')).toBe(
      'partnercentral',
    );
    expect(knowledge.events.serviceForEventSource('mturk-requester.amazonaws.com')).toBe(
      'mechanicalturk',
    );
    // iam-dataset's own entries are not overridden.
    expect(knowledge.events.serviceForEventSource('monitoring.amazonaws.com')).toBe('cloudwatch');
  });
});
