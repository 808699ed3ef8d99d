import { compare } from '../../src/evaluate/compare.js';
import type { ActionUsage } from '../../src/mapping/action-usage.js';
import type { CurrentPolicies } from '../../src/policies/types.js';

function used(action: string, count = 1, denied = 0): ActionUsage {
  return {
    action,
    count,
    denied,
    firstSeen: '2026-10-01T00:00:00Z',
    lastSeen: '2026-10-01T00:00:00Z',
    regions: [],
    accounts: [],
    events: [],
    how: ['same-name'],
    dataEvent: false,
    sampleEventIds: [],
  };
}

const policies: CurrentPolicies = {
  policies: [
    {
      kind: 'file',
      name: 'a.json',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'SQS:receivemessage'],
            Resource: 'arn:aws:sqs:*:*:q',
          },
          {
            Sid: 'Cond',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
          { Effect: 'Allow', Action: 's3:GetObjectT?gging', Resource: '*' },
          { Effect: 'Allow', Action: 's3:GetObjects', Resource: '*' },
        ],
      },
    },
    {
      kind: 'file',
      name: 'b.json',
      document: { Statement: { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' } },
    },
    {
      kind: 'file',
      name: 'c.json',
      document: {
        Statement: [
          { Effect: 'Deny', Action: '*', Resource: '*' },
          { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        ],
      },
    },
  ],
};

describe('compare', () => {
  const result = compare(policies, [
    used('sqs:SendMessage', 3),
    used('s3:ListBucket', 2),
    used('secretsmanager:GetSecretValue', 0, 1),
  ]);

  it('expands plain Allow statements case-insensitively, with the policies that grant each action', () => {
    expect(result.granted).toEqual([
      { action: 's3:GetObjectTagging', policies: ['a.json'] },
      { action: 'sqs:ReceiveMessage', policies: ['a.json'] },
      { action: 'sqs:SendMessage', policies: ['a.json', 'b.json'] },
    ]);
  });

  it('sorts actions into used, unused, denied and not granted', () => {
    expect(result.used).toEqual(['sqs:SendMessage']);
    expect(result.unused).toEqual(['s3:GetObjectTagging', 'sqs:ReceiveMessage']);
    expect(result.denied).toEqual(['secretsmanager:GetSecretValue']);
    expect(result.notGranted).toEqual(['s3:ListBucket']);
  });

  it('says what it did not evaluate and which patterns name nothing', () => {
    expect(result.notEvaluated.map((n) => [n.policy, n.sid, n.reason.split(' ')[0]])).toEqual([
      ['a.json', 'Cond', 'statements'],
      ['c.json', '#1', 'Deny'],
      ['c.json', '#2', 'NotAction'],
    ]);
    expect(result.unknownPatterns).toEqual([{ policy: 'a.json', pattern: 's3:GetObjects' }]);
  });
});
