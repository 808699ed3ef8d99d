/**
 * The pipeline reads the current policies before the logs: a policy problem fails the run at
 * once, before a single log file is listed.
 */

import { loadIamKnowledge } from '../src/mapping/knowledge.js';
import { analyze, type AnalysisSettings } from '../src/analyze.js';
import type { ActivitySource, LogObject } from '../src/activity/types.js';
import { parsePrincipalRef, parseRoleRef } from '../src/activity/principal.js';
import { iamLike } from '../src/aws/adapters.js';
import { AwsAccessError } from '../src/aws/errors.js';
import { createFilePolicySource } from '../src/policies/files.js';
import { createIamPolicySource } from '../src/policies/iam-source.js';
import type { PolicySource } from '../src/policies/types.js';
import { UserError } from '../src/util/errors.js';
import {
  memorySource,
  roleCall,
  ROLE_ARN as FIXTURE_ROLE,
  trailFile,
  userCall,
  USER_ARN,
} from './fixtures/records.js';
import { MOTO_ACCOUNT, motoIam, resetMoto } from './support/moto.js';
import { createExampleRole } from './support/example-trail.js';

const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/service/orders-api`;

function settings(role = ROLE_ARN): AnalysisSettings {
  return {
    principals: [parseRoleRef(role, '--role')],
    window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
    concurrency: 2,
    maxFailedFiles: { kind: 'count', value: 0 },
    maxFileSize: 1024,
    minLookbackDays: 0,
    unknown: 'called-services',
    keepActions: [],
    resourceScope: 'keep',
    resourceScopeMaxArns: 10,
  };
}

/** A trail of one empty log file that records what was asked of it. */
function recordingSource(calls: string[]): ActivitySource {
  return {
    description: 'recording source',
    async *list(): AsyncIterable<LogObject> {
      calls.push('list');
      await Promise.resolve();
      yield { key: 'AWSLogs/1/CloudTrail/us-east-1/2026/10/02/a.json' };
    },
    read(object) {
      calls.push(`read ${object.key}`);
      return Promise.resolve(new TextEncoder().encode('{"Records":[]}'));
    },
  };
}

/** `analyze` for one principal: its report. */
async function analyzeOne(
  ...args: Parameters<typeof analyze>
): Promise<{ report: Awaited<ReturnType<typeof analyze>>['reports'][number]; failure?: string }> {
  const { reports, failure } = await analyze(...args);
  expect(reports).toHaveLength(1);
  return { report: reports[0]!, ...(failure !== undefined ? { failure } : {}) };
}

const iam = motoIam();

beforeAll(async () => {
  await resetMoto();
  await createExampleRole(iam);
});

afterAll(() => iam.destroy());

test('policies are loaded before the logs are listed', async () => {
  const calls: string[] = [];
  const policies: PolicySource = {
    description: 'recording policies',
    load() {
      calls.push('load');
      return Promise.resolve({ policies: [] });
    },
  };
  const { report } = await analyzeOne(settings(), {
    iam: loadIamKnowledge,
    activity: recordingSource(calls),
    policies: [policies],
  });
  // The file is read a second time to name the roles it holds, since the role made no call.
  expect(calls).toEqual([
    'load',
    'list',
    'read AWSLogs/1/CloudTrail/us-east-1/2026/10/02/a.json',
    'read AWSLogs/1/CloudTrail/us-east-1/2026/10/02/a.json',
  ]);
  expect(report.coverage.filesRead).toBe(1);
});

test('a missing policy file fails before any log is listed', async () => {
  const calls: string[] = [];
  const policies = createFilePolicySource(['no/such/policy.json'], '--current-policy');
  const error = await analyze(settings(), {
    iam: loadIamKnowledge,
    activity: recordingSource(calls),
    policies: [policies],
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(/--current-policy: cannot read the policy file/);
  expect(calls).toEqual([]);
});

test('a role IAM does not know fails before any log is listed', async () => {
  const calls: string[] = [];
  const role = `arn:aws:iam::${MOTO_ACCOUNT}:role/service/no-such-role`;
  const policies = createIamPolicySource(iamLike(iam), role);
  const error = await analyze(settings(role), {
    iam: loadIamKnowledge,
    activity: recordingSource(calls),
    policies: [policies],
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AwsAccessError);
  expect((error as Error).message).toMatch(/^Role .*no-such-role not found/);
  expect(calls).toEqual([]);
});

test('a role of another account than the credentials fails before any log is listed', async () => {
  const calls: string[] = [];
  const role = 'arn:aws:iam::111122223333:role/service/orders-api';
  const policies = createIamPolicySource(iamLike(iam), role);
  const error = await analyze(settings(role), {
    iam: loadIamKnowledge,
    activity: recordingSource(calls),
    policies: [policies],
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toContain(`credentials are for account ${MOTO_ACCOUNT}`);
  expect(calls).toEqual([]);
});

test('the report lists what was used but not granted inside diff, and at the top level', async () => {
  const policies: PolicySource = {
    description: 'one policy',
    load: () =>
      Promise.resolve({
        policies: [
          {
            kind: 'file',
            name: 'p.json',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
            },
          },
        ],
      }),
  };
  const records = [
    roleCall('sqs.amazonaws.com', 'SendMessage', { eventTime: '2026-10-02T10:00:00Z' }),
    roleCall('s3.amazonaws.com', 'GetObject', { eventTime: '2026-10-02T10:01:00Z' }),
  ];
  const activity = memorySource({ 'a.json.gz': trailFile(records) });
  const { report } = await analyzeOne(settings(FIXTURE_ROLE), {
    iam: loadIamKnowledge,
    activity,
    policies: [policies],
  });
  expect(report.diff.used.map((u) => u.action)).toEqual(['sqs:SendMessage']);
  expect(report.diff.notGranted.map((n) => n.action)).toEqual(['s3:GetObject']);
  expect(report).not.toHaveProperty('notGranted');
});

describe('a role that never appears in the trail', () => {
  const policies: PolicySource = {
    description: 'one policy',
    load: () =>
      Promise.resolve({
        policies: [
          {
            kind: 'file',
            name: 'p.json',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
            },
          },
        ],
      }),
  };
  const key = (account: string): string =>
    `AWSLogs/${account}/CloudTrail/us-east-1/2026/10/02/${account}_CloudTrail_us-east-1_20261002T0100Z_a.json.gz`;
  const activity = memorySource({
    [key('111122223333')]: trailFile([
      roleCall('sqs.amazonaws.com', 'SendMessage', {
        roleArn: 'arn:aws:iam::111122223333:role/service/orders-api',
      }),
      roleCall('sqs.amazonaws.com', 'SendMessage', {
        roleArn: 'arn:aws:iam::111122223333:role/billing',
      }),
    ]),
    [key('444455556666')]: trailFile([
      roleCall('sqs.amazonaws.com', 'DeleteQueue', {
        roleArn: 'arn:aws:iam::444455556666:role/order-api',
      }),
    ]),
  });

  it('withholds every removal and names the roles that look like it', async () => {
    // A typo: "order-api" in the account that has "orders-api".
    const { report } = await analyzeOne(settings('arn:aws:iam::111122223333:role/order-api'), {
      iam: loadIamKnowledge,
      activity,
      policies: [policies],
    });
    expect(report.coverage.complete).toBe(true);
    expect(report.proposal.status).toBe('withheld');
    const reason = report.proposal.reasons.join('\n');
    expect(reason).toContain('no call of the role order-api of account 111122223333 in the window');
    expect(reason).toContain(
      'roles seen that look like it: arn:aws:iam::444455556666:role/order-api, arn:aws:iam::111122223333:role/service/orders-api, arn:aws:iam::111122223333:role/billing',
    );
    expect(report.proposal.removed).toEqual([]);
  });

  it('proposes as before when the role is there', async () => {
    const { report } = await analyzeOne(settings('arn:aws:iam::444455556666:role/order-api'), {
      iam: loadIamKnowledge,
      activity,
      policies: [policies],
    });
    expect(report.proposal.status).toBe('proposed');
    expect(report.proposal.reasons.join('\n')).not.toContain('no call of the role');
  });
});

describe('an IAM user', () => {
  const key = `AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/02/111122223333_CloudTrail_us-east-1_20261002T0100Z_a.json.gz`;
  const activity = memorySource({
    [key]: trailFile([
      userCall('sqs.amazonaws.com', 'SendMessage'),
      // A role of the user's very name: not the user.
      roleCall('sqs.amazonaws.com', 'DeleteQueue', {
        roleArn: 'arn:aws:iam::111122223333:role/deploy-bot',
      }),
      userCall('sqs.amazonaws.com', 'ReceiveMessage', {
        userArn: 'arn:aws:iam::111122223333:user/deploy-bots',
      }),
    ]),
  });
  const policies: PolicySource = {
    description: 'one policy',
    load: () =>
      Promise.resolve({
        policies: [
          {
            kind: 'file',
            name: 'p.json',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
            },
          },
        ],
      }),
  };
  const user = (ref: string): AnalysisSettings => ({
    ...settings(),
    principals: [parsePrincipalRef(ref, 'user', '--user')],
  });

  it("counts the user's calls only, and names it a user", async () => {
    const { report } = await analyzeOne(user(USER_ARN), {
      iam: loadIamKnowledge,
      activity,
      policies: [policies],
    });
    expect(report.principal).toBe(USER_ARN);
    expect(report.principalType).toBe('user');
    expect(report.issuers).toEqual([USER_ARN]);
    expect(report.coverage.recordsMatched).toBe(1);
    expect(report.diff.used.map((u) => u.action)).toEqual(['sqs:SendMessage']);
    expect(report.proposal.status).toBe('proposed');
    expect(report.proposal.removed).toContain('sqs:DeleteQueue');
  });

  it('when never seen, withholds removals and names the users that look like it', async () => {
    const { report } = await analyzeOne(user('arn:aws:iam::111122223333:user/deploy-bo'), {
      iam: loadIamKnowledge,
      activity,
      policies: [policies],
    });
    expect(report.proposal.status).toBe('withheld');
    const reason = report.proposal.reasons.join('\n');
    expect(reason).toContain('no call of the user deploy-bo of account 111122223333 in the window');
    // The role of a close name is named too: --user given for a role is a likely mistake.
    expect(reason).toContain(
      `roles and users seen that look like it: arn:aws:iam::111122223333:role/deploy-bot, ${USER_ARN}, arn:aws:iam::111122223333:user/deploy-bots.`,
    );
    expect(reason).toContain('A wrong user name, account or trail looks exactly like a user');
  });
});
