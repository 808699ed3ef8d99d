import { classify, classifyContext, type ClassifyContext } from '../../src/evaluate/classify.js';
import { mapUsage, type ActionUsage } from '../../src/mapping/action-usage.js';
import type { EventUsage } from '../../src/activity/aggregate/event-usage.js';
import { NOT_LOGGED_ACTIONS } from '../../src/mapping/not-logged.js';
import type { CurrentPolicies, PolicyStatement } from '../../src/policies/types.js';
import { usage } from '../support/usage.js';
import { catalogue, knowledge } from '../support/iam.js';

function policies(statements: PolicyStatement[], boundary?: PolicyStatement[]): CurrentPolicies {
  return {
    policies: [
      { kind: 'inline', name: 'app', document: { Version: '2012-10-17', Statement: statements } },
    ],
    ...(boundary
      ? { boundary: { kind: 'boundary', name: 'b', document: { Statement: boundary } } }
      : {}),
  };
}

const none = { dataEvents: new Set<string>() };

describe('classify', () => {
  it('sorts granted actions into used, unused and unknown', () => {
    const current = policies([
      {
        Effect: 'Allow',
        Action: [
          'sqs:SendMessage',
          'sqs:ListQueues',
          'iam:PassRole',
          'iam:AttachRolePolicy',
          'kms:Encrypt',
        ],
        Resource: '*',
      },
    ]);
    const result = classify(knowledge, current, [usage('kms:Encrypt', 4)], none);
    expect(result.used.map((u) => [u.action, u.count, u.grantedBy])).toEqual([
      ['kms:Encrypt', 4, ['app']],
    ]);
    // Riskiest first: privilege escalation, then by access level.
    expect(result.unused.map((u) => [u.action, u.accessLevel, u.risk])).toEqual([
      ['iam:AttachRolePolicy', 'Permissions management', true],
      ['sqs:ListQueues', 'Read', false],
    ]);
    expect(result.unknown.map((u) => [u.action, u.reason])).toEqual([
      ['iam:PassRole', 'permission-only-cross-service'],
      ['sqs:SendMessage', 'data-events-not-in-trail'],
    ]);
    expect(result.figures).toMatchObject({
      granted: 5,
      used: 1,
      unused: 2,
      unknown: 2,
      reductionPercent: 40,
    });
  });

  it('calls a data-event action unused only once the trail shows data events of its service and direction', () => {
    const current = policies([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging'],
        Resource: '*',
      },
    ]);
    const context = (u: ActionUsage[]): ClassifyContext =>
      classifyContext(knowledge, {
        usage: u,
        unmapped: [],
        permissionless: [],
        possiblyNeeded: [],
      });
    // Only read data events (a trail logging ReadOnly data events): writes stay unknown.
    const reads = [usage('s3:GetObject', 1, 0, true)];
    const readOnly = classify(knowledge, current, reads, context(reads));
    expect(readOnly.unused.map((u) => u.action)).toEqual(['s3:GetObjectTagging']);
    expect(readOnly.unknown.map((u) => [u.action, u.reason])).toEqual([
      ['s3:DeleteObject', 'data-events-not-in-trail'],
      ['s3:PutObject', 'data-events-not-in-trail'],
    ]);
    // Only write data events: reads stay unknown.
    const writes = [usage('s3:PutObject', 1, 0, true)];
    const writeOnly = classify(knowledge, current, writes, context(writes));
    expect(writeOnly.unused.map((u) => u.action)).toEqual(['s3:DeleteObject']);
    expect(writeOnly.unknown.map((u) => u.action)).toEqual(['s3:GetObject', 's3:GetObjectTagging']);
    // Both directions: what was not seen is unused.
    const both = [...reads, ...writes];
    const withData = classify(knowledge, current, both, context(both));
    expect(withData.unused.map((u) => u.action)).toEqual([
      's3:DeleteObject',
      's3:GetObjectTagging',
    ]);
    const without = classify(knowledge, current, [], none);
    expect(without.unused).toEqual([]);
    expect(without.unknown.map((u) => u.action)).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:GetObjectTagging',
      's3:PutObject',
    ]);
  });

  it('keeps conditional grants apart and honours NotAction, Deny and the boundary', () => {
    const current = policies(
      [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
        { Effect: 'Deny', Action: 'ec2:*', Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'iam:GetRole',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
      [
        {
          Effect: 'Allow',
          Action: ['sqs:*', 'iam:GetRole', 'ec2:DescribeInstances'],
          Resource: '*',
        },
      ],
    );
    const result = classify(
      knowledge,
      current,
      [usage('sqs:ListQueues'), usage('iam:GetRole')],
      none,
    );
    const granted = [...result.used, ...result.unused, ...result.unknown].map((u) => u.action);
    expect(granted.every((a) => a.startsWith('sqs:') || a === 'iam:GetRole')).toBe(true);
    expect(granted).not.toContain('ec2:DescribeInstances');
    expect(result.used.find((u) => u.action === 'iam:GetRole')?.decision).toBe(
      'conditionally-allowed',
    );
  });

  it('explains denials: a real gap, the boundary, or something outside the identity policies', () => {
    const current = policies(
      [{ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*' }],
      [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    );
    const result = classify(
      knowledge,
      current,
      [
        usage('s3:GetObject', 0, 2),
        usage('kms:Decrypt', 0, 1),
        usage('secretsmanager:GetSecretValue', 0, 1),
      ],
      none,
    );
    expect(result.denied.map((d) => [d.action, d.cause])).toEqual([
      ['s3:GetObject', 'blocked-elsewhere'],
      ['kms:Decrypt', 'boundary'],
      ['secretsmanager:GetSecretValue', 'not-granted'],
    ]);
  });

  it('a denial of an action the statement cannot grant on its resources is a real gap, not "blocked elsewhere"', () => {
    // ec2:DescribeInstances has no resource type: a statement scoped to a bucket grants it nothing.
    const current = policies([
      { Effect: 'Allow', Action: ['ec2:Describe*', 's3:*'], Resource: 'arn:aws:s3:::docs' },
    ]);
    const result = classify(
      knowledge,
      current,
      [usage('ec2:DescribeInstances', 0, 3), usage('s3:ListBucket', 0, 1)],
      none,
    );
    expect(result.denied.map((d) => [d.action, d.cause, d.explanation])).toEqual([
      ['ec2:DescribeInstances', 'not-granted', 'no identity policy allows it'],
      [
        's3:ListBucket',
        'blocked-elsewhere',
        'the identity policies allow it: an SCP, a resource policy or a session policy refused it',
      ],
    ]);
    // Nor is it counted as granted (and unused).
    expect(result.unused.map((u) => u.action)).not.toContain('ec2:DescribeInstances');
    expect(result.unused.map((u) => u.action)).not.toContain('s3:GetObject');
  });

  it('reports what was used but not granted', () => {
    const result = classify(
      knowledge,
      policies([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      [usage('sqs:SendMessage', 3)],
      none,
    );
    expect(result.notGranted).toEqual([
      { action: 'sqs:SendMessage', count: 3, currentDecision: 'implicitly-denied' },
    ]);
  });
});

describe('classify: what the trail cannot show is unknown, never unused', () => {
  function event(eventSource: string, eventName: string, dataEvent = false): EventUsage {
    return {
      eventSource,
      eventName,
      denied: false,
      count: 2,
      firstSeen: '2026-10-02T00:00:00Z',
      lastSeen: '2026-10-03T00:00:00Z',
      regions: ['us-east-1'],
      accounts: ['111122223333'],
      dataEvent,
      sampleEventIds: ['e1'],
    };
  }
  function run(statements: PolicyStatement[], events: EventUsage[]) {
    const mapped = mapUsage(knowledge, events);
    return classify(
      knowledge,
      policies(statements),
      mapped.usage,
      classifyContext(knowledge, mapped),
    );
  }
  const reasons = (r: ReturnType<typeof classify>) =>
    Object.fromEntries(r.unknown.map((u) => [u.action, u.reason]));

  it('keeps actions CloudTrail does not log as management events unknown (a Lambda role)', () => {
    const result = run(
      [
        {
          Effect: 'Allow',
          Action: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'cloudwatch:PutMetricData',
            'cloudwatch:GetMetricData',
          ],
          Resource: '*',
        },
      ],
      [event('logs.amazonaws.com', 'CreateLogStream')],
    );
    expect(result.used.map((u) => u.action)).toEqual(['logs:CreateLogStream']);
    // CreateLogGroup is a logged management event: its absence is evidence.
    expect(result.unused.map((u) => u.action)).toEqual(['logs:CreateLogGroup']);
    expect(reasons(result)).toEqual({
      'cloudwatch:GetMetricData': 'never-logged',
      'cloudwatch:PutMetricData': 'never-logged',
      'logs:PutLogEvents': 'never-logged',
      'xray:PutTelemetryRecords': 'never-logged',
      'xray:PutTraceSegments': 'never-logged',
    });
    expect(result.unknown[0]!.detail).toMatch(
      /^not recorded by CloudTrail: metric data calls are data events.*logging_cw_api_calls\.html\)$/,
    );
  });

  it('lists only catalogue actions as not logged, and every one of them is never-logged', () => {
    for (const pattern of NOT_LOGGED_ACTIONS) {
      const actions = catalogue.expandActionPattern(pattern);
      expect([pattern, actions.length > 0]).toEqual([pattern, true]);
      for (const action of actions) {
        expect([action, knowledge.visibility.actionVisibility(action)?.kind]).toEqual([
          action,
          'never-logged',
        ]);
      }
    }
    expect(knowledge.visibility.actionVisibility('logs:CreateLogStream')?.kind).toBe(
      'management-event',
    );
  });

  it('keeps actions an event may need, depending on its parameters, unknown', () => {
    const result = run(
      [
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:GetItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:ConditionCheckItem',
            'dynamodb:PartiQLSelect',
            'dynamodb:Scan',
            's3:GetObject',
            's3:PutObject',
            's3:GetObjectTagging',
            's3:DeleteObject',
            'sqs:CreateQueue',
            'sqs:TagQueue',
          ],
          Resource: '*',
        },
      ],
      [
        // Read and write data events of DynamoDB and S3 are in the trail...
        event('dynamodb.amazonaws.com', 'GetItem', true),
        event('dynamodb.amazonaws.com', 'BatchWriteItem', true),
        event('dynamodb.amazonaws.com', 'TransactWriteItems', true),
        event('dynamodb.amazonaws.com', 'ExecuteStatement', true),
        event('s3.amazonaws.com', 'CopyObject', true),
        event('sqs.amazonaws.com', 'CreateQueue'),
      ],
    );
    // ...so what no event may have needed is unused. TransactWriteItems and ExecuteStatement
    // need only conditional actions, so they map to none: the rest of DynamoDB is unknown too.
    expect(result.unused.map((u) => u.action)).toEqual(['s3:DeleteObject']);
    expect(reasons(result)).toEqual({
      'dynamodb:Scan': 'unmapped-events-of-service',
      'dynamodb:PutItem': 'possibly-needed',
      'dynamodb:UpdateItem': 'possibly-needed',
      'dynamodb:DeleteItem': 'possibly-needed',
      'dynamodb:ConditionCheckItem': 'possibly-needed',
      'dynamodb:PartiQLSelect': 'possibly-needed',
      's3:GetObjectTagging': 'possibly-needed',
      'sqs:TagQueue': 'possibly-needed',
    });
    expect(result.used.map((u) => u.action)).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      's3:GetObject',
      's3:PutObject',
      'sqs:CreateQueue',
    ]);
  });

  it('keeps the granted actions of a service with unmapped events unknown', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:StopInstances'], Resource: '*' },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
    ];
    const seen = [event('ec2.amazonaws.com', 'DescribeInstances')];
    expect(run(statements, seen).unused.map((u) => u.action)).toEqual([
      'ec2:StopInstances',
      'kms:Decrypt',
      'kms:Encrypt',
    ]);
    const withUnmapped = run(statements, [
      ...seen,
      event('ec2.amazonaws.com', 'SomeCallNewerThanTheMap'),
    ]);
    expect(withUnmapped.unused.map((u) => u.action)).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(reasons(withUnmapped)).toEqual({ 'ec2:StopInstances': 'unmapped-events-of-service' });
  });

  it('reports Action patterns the catalogue does not know as unknown', () => {
    const result = run(
      [
        { Effect: 'Allow', Action: ['futuresvc:DoThing', 'kms:Decrypt'], Resource: '*' },
        { Effect: 'Allow', Action: 'FutureSvc:DoThing', Resource: 'arn:aws:futuresvc:::x' },
      ],
      [],
    );
    expect(result.unknown.filter((u) => u.reason === 'not-in-catalogue')).toEqual([
      expect.objectContaining({ action: 'futuresvc:DoThing', grantedBy: ['app'] }),
    ]);
    expect(result.figures.granted).toBe(2);
    expect(result.figures.unknown).toBe(1);
  });
});

describe('classify: permission-only actions and the services the role called', () => {
  function call(eventSource: string, eventName: string, facts?: string[]): EventUsage {
    return {
      eventSource,
      eventName,
      denied: false,
      count: 1,
      firstSeen: '2026-10-01T00:00:00Z',
      lastSeen: '2026-10-01T00:00:00Z',
      regions: ['us-east-1'],
      accounts: ['111122223333'],
      dataEvent: false,
      sampleEventIds: [],
      ...(facts ? { facts } : {}),
    };
  }
  const current = policies([
    { Effect: 'Allow', Action: ['sts:*', 'iam:GetAccountName', 'lambda:*'], Resource: '*' },
  ]);

  it('calls a permission-only action unused when the role never called its service', () => {
    // A CreateFunction handing over a role implies iam:PassRole; it is no call of IAM or STS.
    const mapped = mapUsage(knowledge, [
      call('lambda.amazonaws.com', 'CreateFunction20150331', [
        'role arn:aws:iam::111122223333:role/fn',
      ]),
    ]);
    const result = classify(knowledge, current, mapped.usage, classifyContext(knowledge, mapped));
    const unused = new Map(result.unused.map((u) => [u.action, u.reason]));
    expect(unused.get('sts:TagSession')).toBe('service-not-called');
    // iam:PassRole was used, by inference: IAM itself was still not called.
    expect(result.used.map((u) => u.action)).toContain('lambda:CreateFunction');
    expect(unused.get('iam:GetAccountName')).toBe('service-not-called');
    expect(unused.get('sts:AssumeRole')).toBe('not-seen');
    expect(result.unused.find((u) => u.action === 'sts:TagSession')?.detail).toMatch(
      /the role made no sts call, so nothing checked it$/,
    );
  });

  it('keeps it unknown once the role called its service', () => {
    const mapped = mapUsage(knowledge, [call('sts.amazonaws.com', 'AssumeRole')]);
    const result = classify(knowledge, current, mapped.usage, classifyContext(knowledge, mapped));
    expect(result.unknown.find((u) => u.action === 'sts:TagSession')?.reason).toBe(
      'permission-only',
    );
    expect(result.unused.map((u) => u.action)).not.toContain('sts:TagSession');
  });
});
