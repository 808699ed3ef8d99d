import { formatPolicy, generatePolicy, sidFor } from '../../src/generate/policy.js';
import type { ActionUsage } from '../../src/mapping/action-usage.js';

const base = {
  firstSeen: '',
  lastSeen: '',
  regions: [],
  accounts: [],
  events: [],
  how: [],
  dataEvent: false,
  sampleEventIds: [],
};
const u = (action: string, count = 1, denied = 0): ActionUsage => ({
  ...base,
  action,
  count,
  denied,
});

describe('generatePolicy', () => {
  it('groups used actions by service, sorted, and leaves denied-only actions out', () => {
    const policy = generatePolicy([
      u('sqs:SendMessage'),
      u('access-analyzer:ListAnalyzers'),
      u('s3:PutObject'),
      u('s3:GetObject'),
      u('secretsmanager:GetSecretValue', 0, 2),
    ]);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccessAnalyzer',
          Effect: 'Allow',
          Action: ['access-analyzer:ListAnalyzers'],
          Resource: '*',
        },
        { Sid: 'S3', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
        { Sid: 'Sqs', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' },
      ],
    });
  });

  it('gives the same bytes whatever the input order', () => {
    const a = [u('s3:GetObject'), u('sqs:SendMessage'), u('s3:PutObject')];
    expect(formatPolicy(generatePolicy(a))).toBe(formatPolicy(generatePolicy([...a].reverse())));
    expect(formatPolicy(generatePolicy(a)).endsWith('}\n')).toBe(true);
  });

  it('makes alphanumeric Sids', () => {
    expect(sidFor('route53-recovery-control-config')).toBe('Route53RecoveryControlConfig');
  });
});
