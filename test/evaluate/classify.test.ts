import { classify } from '../../src/evaluate/classify.js';
import type { ActionUsage } from '../../src/mapping/action-usage.js';
import type { CurrentPolicies, PolicyStatement } from '../../src/policies/types.js';

export function usage(action: string, count = 1, denied = 0, dataEvent = false): ActionUsage {
  return {
    action,
    count,
    denied,
    firstSeen: '2026-10-01T00:00:00Z',
    lastSeen: '2026-10-02T00:00:00Z',
    regions: [],
    accounts: [],
    events: [],
    how: ['same-name'],
    dataEvent,
    sampleEventIds: [],
  };
}

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

const none = { dataEventServices: new Set<string>() };

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
    const result = classify(current, [usage('kms:Encrypt', 4)], none);
    expect(result.used.map((u) => [u.action, u.count, u.grantedBy])).toEqual([
      ['kms:Encrypt', 4, ['app']],
    ]);
    // Riskiest first: privilege escalation, then by access level.
    expect(result.unused.map((u) => [u.action, u.accessLevel, u.risk])).toEqual([
      ['iam:AttachRolePolicy', 'Permissions management', true],
      ['sqs:ListQueues', 'Read', false],
    ]);
    expect(result.unknown.map((u) => [u.action, u.reason])).toEqual([
      ['iam:PassRole', 'never-logged'],
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

  it('calls a data-event action unused once the trail shows data events of its service', () => {
    const current = policies([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
    ]);
    const withData = classify(current, [usage('s3:GetObject', 1, 0, true)], {
      dataEventServices: new Set(['s3']),
    });
    expect(withData.unused.map((u) => u.action)).toEqual(['s3:PutObject']);
    const without = classify(current, [], none);
    expect(without.unused).toEqual([]);
    expect(without.unknown.map((u) => u.action)).toEqual(['s3:GetObject', 's3:PutObject']);
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
    const result = classify(current, [usage('sqs:ListQueues'), usage('iam:GetRole')], none);
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

  it('reports what was used but not granted', () => {
    const result = classify(
      policies([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      [usage('sqs:SendMessage', 3)],
      none,
    );
    expect(result.notGranted).toEqual([
      { action: 'sqs:SendMessage', count: 3, currentDecision: 'implicitly-denied' },
    ]);
  });
});
