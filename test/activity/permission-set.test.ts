/**
 * An IAM Identity Center permission set: its `AWSReservedSSO_<name>_<suffix>` roles in every
 * account are one principal, with calls per account; other permission sets' roles (a name that
 * extends it) are not; session names (people's e-mail addresses) never reach a report.
 */
import { analyze, type AnalysisSettings } from '../../src/analyze.js';
import {
  callerOf,
  isPermissionSetRole,
  matchesPrincipal,
  parsePrincipalRef,
} from '../../src/activity/principal.js';
import { readActivity } from '../../src/activity/read.js';
import type { CloudTrailRecord } from '../../src/activity/types.js';
import { loadIamKnowledge } from '../../src/mapping/knowledge.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { PolicySource } from '../../src/policies/types.js';
import { UserError } from '../../src/util/errors.js';
import { memorySource, roleCall, trailFile } from '../fixtures/records.js';

const SET = parsePrincipalRef('DataAnalyst', 'permission-set', '--permission-set');
const A = '111122223333';
const B = '444455556666';
const ROLE_A = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataAnalyst_0123456789abcdef`;
const ROLE_B = `arn:aws:iam::${B}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_DataAnalyst_fedcba9876543210`;
const ADMIN = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataAnalystAdmin_00112233445566ff`;
const EMAIL = 'jane.doe@example.com';

/** A call of an Identity Center session: the session's name is a person's e-mail address. */
function ssoCall(
  roleArn: string,
  eventSource: string,
  eventName: string,
  more: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  const record = roleCall(eventSource, eventName, { roleArn, ...more });
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const account = roleArn.split(':')[4]!;
  record.userIdentity!.arn = `arn:aws:sts::${account}:assumed-role/${name}/${EMAIL}`;
  Object.assign(record.userIdentity!, { principalId: `AROAEXAMPLEID:${EMAIL}` });
  return record;
}

const WINDOW = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };

describe('naming a permission set', () => {
  test('by name or by ARN', () => {
    expect(SET).toEqual({ type: 'permission-set', kind: 'name', name: 'DataAnalyst' });
    const arn = 'arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef';
    expect(parsePrincipalRef(arn, 'permission-set', 'permission-set')).toEqual({
      type: 'permission-set',
      kind: 'name',
      name: '',
      permissionSetArn: arn,
    });
  });

  test('anything else is an input error naming the input', () => {
    for (const bad of ['arn:aws:iam::111122223333:role/x', 'a'.repeat(33), 'has space']) {
      expect(() => parsePrincipalRef(bad, 'permission-set', 'permission-set')).toThrow(
        /^permission-set: .* is neither a permission set ARN/,
      );
    }
  });

  test('a role Identity Center provisions is refused as a role, naming its permission set', () => {
    for (const role of [ROLE_A, 'AWSReservedSSO_DataAnalyst_0123456789abcdef']) {
      const error = (() => {
        try {
          parsePrincipalRef(role, 'role', '--role');
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain('--permission-set DataAnalyst');
    }
  });
});

describe('matching its roles', () => {
  test('the name and a 16-character suffix, under the reserved path when the path is known', () => {
    expect(isPermissionSetRole('DataAnalyst', 'AWSReservedSSO_DataAnalyst_0123456789abcdef')).toBe(
      true,
    );
    expect(
      isPermissionSetRole('DataAnalyst', 'AWSReservedSSO_DataAnalystAdmin_00112233445566ff'),
    ).toBe(false);
    expect(isPermissionSetRole('DataAnalyst', 'AWSReservedSSO_DataAnalyst_0123')).toBe(false);
    expect(
      isPermissionSetRole('DataAnalyst', 'AWSReservedSSO_DataAnalyst_0123456789abcdef', '/'),
    ).toBe(false);
    expect(
      isPermissionSetRole(
        'DataAnalyst',
        'AWSReservedSSO_DataAnalyst_0123456789abcdef',
        '/aws-reserved/sso.amazonaws.com/eu-west-1/',
      ),
    ).toBe(true);
  });

  test('callers: the session issuer, or the assumed-role ARN when there is no issuer', () => {
    const withIssuer = callerOf(ssoCall(ROLE_B, 's3.amazonaws.com', 'GetObject'))!;
    expect(matchesPrincipal(SET, withIssuer)).toBe(true);
    const bare = ssoCall(ROLE_A, 's3.amazonaws.com', 'GetObject');
    delete bare.userIdentity!.sessionContext;
    expect(matchesPrincipal(SET, callerOf(bare)!)).toBe(true);
    const impostor = roleCall('s3.amazonaws.com', 'GetObject', {
      roleArn: `arn:aws:iam::${A}:role/AWSReservedSSO_DataAnalyst_0123456789abcdef`,
    });
    expect(matchesPrincipal(SET, callerOf(impostor)!)).toBe(false);
    expect(
      matchesPrincipal(SET, callerOf(ssoCall(ADMIN, 'glue.amazonaws.com', 'DeleteTable'))!),
    ).toBe(false);
  });
});

const records = [
  ssoCall(ROLE_A, 'athena.amazonaws.com', 'StartQueryExecution'),
  ssoCall(ROLE_A, 'athena.amazonaws.com', 'GetQueryResults'),
  ssoCall(ROLE_B, 'glue.amazonaws.com', 'GetTable', { awsRegion: 'eu-west-1' }),
  // A resource naming a session: never a resource of the proposal, never printed.
  ssoCall(ROLE_B, 'sts.amazonaws.com', 'TagSession', {
    requestParameters: { target: `arn:aws:sts::${B}:assumed-role/x/${EMAIL}` },
  }),
  ssoCall(ADMIN, 'glue.amazonaws.com', 'DeleteTable'),
];

describe.each([true, false])('reading (fast paths %s)', (fastPaths) => {
  test('its calls in both accounts, per account; the other permission set left out', async () => {
    const source = memorySource({
      [`AWSLogs/o-a1b2c3d4e5/${A}/CloudTrail/us-east-1/2026/10/10/a.json.gz`]: trailFile(
        records.filter((r) => r.recipientAccountId === A),
      ),
      [`AWSLogs/o-a1b2c3d4e5/${B}/CloudTrail/eu-west-1/2026/10/10/b.json.gz`]: trailFile(
        records.filter((r) => r.recipientAccountId === B),
      ),
    });
    const activity = await readActivity(source, {
      principal: SET,
      window: WINDOW,
      concurrency: 1,
      workers: 0,
      fastPaths,
    });
    expect(activity.counts.recordsMatched).toBe(4);
    expect(activity.events.map((e) => e.eventName).sort()).toEqual([
      'GetQueryResults',
      'GetTable',
      'StartQueryExecution',
      'TagSession',
    ]);
    expect(activity.accounts).toEqual([
      { account: A, roles: [ROLE_A], calls: 2 },
      { account: B, roles: [ROLE_B], calls: 2 },
    ]);
  });
});

test('the report: calls per account, the permission set as inline policy, no e-mail anywhere', async () => {
  const source = memorySource({
    [`AWSLogs/o-a1b2c3d4e5/${A}/CloudTrail/us-east-1/2026/10/10/a.json.gz`]: trailFile(records),
  });
  const inline: PolicySource = {
    description: 'files',
    load: () =>
      Promise.resolve({
        policies: [
          {
            kind: 'inline',
            name: 'AwsSSOInlinePolicy',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['athena:*', 'glue:GetTable', 'glue:DeleteTable', 'sts:TagSession'],
                  Resource: '*',
                },
              ],
            },
          },
          {
            kind: 'managed',
            name: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
            document: { Version: '2012-10-17', Statement: [] },
          },
        ],
      }),
  };
  const settings: AnalysisSettings = {
    principals: [SET],
    window: WINDOW,
    concurrency: 1,
    maxFailedFiles: { kind: 'count', value: 0 },
    maxFileSize: 1 << 20,
    minLookbackDays: 0,
    unknown: 'drop',
    keepActions: [],
    resourceScope: 'observed',
    resourceScopeMaxArns: 10,
  };
  const { reports } = await analyze(settings, {
    iam: loadIamKnowledge,
    activity: source,
    policies: [inline],
  });
  const report = { ...reports[0]!, command: 'iam-policy-drift --permission-set DataAnalyst' };
  expect(report.principalType).toBe('permission-set');
  expect(report.accounts?.map((a) => [a.account, a.calls])).toEqual([
    [A, 2],
    [B, 2],
  ]);
  expect(report.proposal.status).toBe('proposed');
  expect(report.proposedPolicies).toHaveLength(1);
  expect(report.proposal.removed).toContain('glue:DeleteTable');
  expect(report.proposal.notes.join(' ')).toMatch(/PutInlinePolicyToPermissionSet/);
  expect(report.proposal.notes.join(' ')).toMatch(
    /detach the AWS managed policy arn:aws:iam::aws:policy\/ReadOnlyAccess/,
  );
  const markdown = renderMarkdown(report);
  expect(markdown).toContain('API calls of the permission set');
  expect(markdown).toContain(
    '| `444455556666` | `AWSReservedSSO_DataAnalyst_fedcba9876543210` | 2 |',
  );
  for (const text of [markdown, renderJson(report)]) {
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('DataAnalystAdmin');
  }
});
