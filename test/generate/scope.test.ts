import type { ActionUsage } from '../../src/mapping/action-usage.js';
import { generatePolicy } from '../../src/generate/policy.js';
import { literalOrCut, scopesOf } from '../../src/generate/scope.js';
import type { ResourceUse } from '../../src/activity/aggregate/event-usage.js';
import { usage } from '../support/usage.js';
import { catalogue } from '../support/iam.js';

const used = (action: string, arns: string[], extra: Partial<ActionUsage> = {}): ActionUsage => ({
  ...usage(action, Math.max(1, arns.length)),
  ...(arns.length > 0
    ? {
        resources: arns.map((arn): ResourceUse => ({
          arn,
          how: 'resources',
          count: 1,
          lastSeen: '2026-10-02T00:00:00Z',
        })),
      }
    : {}),
  ...extra,
});

const TABLE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';

describe('scopesOf', () => {
  test('keep scopes nothing', () => {
    expect(
      scopesOf(catalogue, [used('dynamodb:GetItem', [TABLE])], { mode: 'keep', maxArns: 10 }).size,
    ).toBe(0);
  });

  test('observed: the ARNs, S3 objects to their bucket and first folder', () => {
    const scopes = scopesOf(
      catalogue,
      [
        used('dynamodb:GetItem', [TABLE, TABLE.replace('eu-west-1', 'us-east-1')]),
        used('s3:GetObject', [
          'arn:aws:s3:::docs/orders/2026/10/a.json',
          'arn:aws:s3:::docs/orders/2026/11/b.json',
          'arn:aws:s3:::docs/top.json',
        ]),
      ],
      { mode: 'observed', maxArns: 10 },
    );
    expect(scopes.get('dynamodb:GetItem')).toEqual({
      patterns: [TABLE, TABLE.replace('eu-west-1', 'us-east-1')].sort(),
    });
    // docs/* covers docs/orders/*: only the wider one is kept.
    expect(scopes.get('s3:GetObject')).toEqual({ patterns: ['arn:aws:s3:::docs/*'] });
  });

  test('observed: more than maxArns of one shape become its wildcard', () => {
    const queues = Array.from(
      { length: 4 },
      (_, i) => `arn:aws:sqs:eu-west-1:111122223333:jobs-${i}`,
    );
    const few = scopesOf(catalogue, [used('sqs:SendMessage', queues)], {
      mode: 'observed',
      maxArns: 4,
    });
    expect(few.get('sqs:SendMessage')?.patterns).toEqual(queues);
    const many = scopesOf(catalogue, [used('sqs:SendMessage', queues)], {
      mode: 'observed',
      maxArns: 3,
    });
    expect(many.get('sqs:SendMessage')?.patterns).toEqual(['arn:aws:sqs:eu-west-1:111122223333:*']);
  });

  test('account: names wildcarded in the partitions, regions and accounts seen; S3 keeps buckets', () => {
    const scopes = scopesOf(
      catalogue,
      [
        used('dynamodb:GetItem', [TABLE, `${TABLE}-archive`]),
        used('s3:GetObject', ['arn:aws:s3:::docs/a/b', 'arn:aws:s3:::logs/x']),
        used('s3:ListBucket', ['arn:aws:s3:::docs']),
        used('sqs:SendMessage', ['arn:aws-cn:sqs:cn-north-1:111122223333:jobs']),
        used('lambda:InvokeFunction', ['arn:aws:lambda:eu-west-1:111122223333:function:f']),
      ],
      { mode: 'account', maxArns: 10 },
    );
    expect(scopes.get('dynamodb:GetItem')?.patterns).toEqual([
      'arn:aws:dynamodb:eu-west-1:111122223333:table/*',
    ]);
    expect(scopes.get('s3:GetObject')?.patterns).toEqual([
      'arn:aws:s3:::docs/*',
      'arn:aws:s3:::logs/*',
    ]);
    expect(scopes.get('s3:ListBucket')?.patterns).toEqual(['arn:aws:s3:::docs']);
    expect(scopes.get('sqs:SendMessage')?.patterns).toEqual([
      'arn:aws-cn:sqs:cn-north-1:111122223333:*',
    ]);
    expect(scopes.get('lambda:InvokeFunction')?.patterns).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:*',
    ]);
  });

  test("what keeps today's Resource, and why", () => {
    const scopes = scopesOf(
      catalogue,
      [
        used('lambda:ListFunctions', []),
        used('iam:GetRole', []),
        used('s3:GetObject', ['arn:aws:s3:::docs/a'], { otherResources: 3 }),
        used('dynamodb:GetItem', [TABLE], { count: 0, denied: 2 }),
      ],
      { mode: 'observed', maxArns: 10 },
    );
    expect(Object.fromEntries(scopes)).toEqual({
      'lambda:ListFunctions': { patterns: [], reason: 'no-resource-type' },
      'iam:GetRole': { patterns: [], reason: 'no-arn-found' },
      's3:GetObject': { patterns: [], reason: 'too-many-resources' },
    });
  });

  test('characters a pattern reads as wildcards or variables end the ARN with *', () => {
    expect(literalOrCut('arn:aws:s3:::b/what?.txt')).toBe('arn:aws:s3:::b/what*');
    expect(literalOrCut('arn:aws:s3:::b/${x}')).toBe('arn:aws:s3:::b/*');
    expect(literalOrCut('arn:aws:s3:::b/plain')).toBe('arn:aws:s3:::b/plain');
  });
});

describe('generatePolicy with scopes', () => {
  test('scoped actions in statements of their own per set of patterns', () => {
    const usage = [
      used('dynamodb:GetItem', [TABLE]),
      used('dynamodb:PutItem', [TABLE]),
      used('dynamodb:ListTables', []),
      used('sqs:SendMessage', ['arn:aws:sqs:eu-west-1:111122223333:jobs']),
    ];
    const scopes = scopesOf(catalogue, usage, { mode: 'observed', maxArns: 10 });
    expect(generatePolicy(usage, scopes).Statement).toEqual([
      { Sid: 'Dynamodb', Effect: 'Allow', Action: ['dynamodb:ListTables'], Resource: '*' },
      {
        Sid: 'DynamodbScoped',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: TABLE,
      },
      {
        Sid: 'SqsScoped',
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: 'arn:aws:sqs:eu-west-1:111122223333:jobs',
      },
    ]);
  });
});
