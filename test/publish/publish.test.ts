import { mergePolicyFile } from '../../src/publish/pull-request.js';
import {
  defaultModes,
  partPath,
  publish,
  unusedAnnotations,
  type PublishSettings,
} from '../../src/publish/publish.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import type { Report } from '../../src/report.js';

const part = (action: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});

/** The fields of a report that check mode reads. */
function splitReport(documents: PolicyDocument[]): Report {
  const report: Pick<Report, 'principal' | 'diff' | 'proposedPolicy' | 'proposedPolicies'> = {
    principal: 'arn:aws:iam::111122223333:role/orders-api',
    diff: { used: [], unused: [], unknown: [], denied: [], notGranted: [] },
    proposedPolicy: documents[0]!,
    proposedPolicies: documents,
  };
  return report as Report;
}

const checkDrift: PublishSettings = {
  modes: ['check'],
  policyPath: 'iam/orders-api.json',
  branch: 'iam-policy-drift/orders-api',
  grouping: 'per-principal',
  labels: [],
  reviewers: [],
  failOn: ['drift'],
  maxUnused: 0,
};

async function checkWith(report: Report, files: Record<string, string>) {
  const warnings: string[] = [];
  const result = await publish(
    report,
    '',
    checkDrift,
    { owner: 'o', repo: 'r', eventName: 'pull_request', pullNumber: 1 },
    () => {
      throw new Error('check mode needs no GitHub API');
    },
    {
      info: () => undefined,
      warning: (message) => warnings.push(message),
      readPolicyFile: (path) => Promise.resolve(files[path]),
    },
  );
  return { ...result, warnings };
}

describe('check mode with a split proposal', () => {
  const documents = [part('s3:GetObject'), part('sqs:SendMessage'), part('kms:Decrypt')];
  const report = splitReport(documents);
  const inSync = {
    'iam/orders-api.json': mergePolicyFile(undefined, documents[0]!),
    'iam/orders-api-2.json': mergePolicyFile(undefined, documents[1]!),
    'iam/orders-api-3.json': mergePolicyFile(undefined, documents[2]!),
  };

  it('finds no drift when every part matches its file', async () => {
    const result = await checkWith(report, inSync);
    expect(result.failure).toBeUndefined();
  });

  it('finds drift in a further part, and a missing part file', async () => {
    const changed = await checkWith(report, {
      ...inSync,
      'iam/orders-api-2.json': mergePolicyFile(undefined, part('sqs:*')),
    });
    expect(changed.failure).toBe(
      'iam-policy-drift check failed: the policy file at iam/orders-api-2.json differs from part 2 of the proposed policy',
    );
    const missing = await checkWith(report, {
      'iam/orders-api.json': inSync['iam/orders-api.json'],
      'iam/orders-api-2.json': inSync['iam/orders-api-2.json'],
    });
    expect(missing.failure).toContain('there is no policy file at iam/orders-api-3.json yet');
  });

  it('counts as drift the part files of an earlier, larger split', async () => {
    const shrunk = splitReport(documents.slice(0, 2));
    const result = await checkWith(shrunk, {
      ...inSync,
      // Part 5 is not looked at: the parts stop at the first number without a file (4).
      'iam/orders-api-5.json': inSync['iam/orders-api-3.json'],
    });
    expect(result.failure).toBe(
      'iam-policy-drift check failed: the policy file at iam/orders-api-3.json is no longer part of the proposed policy',
    );
    const single = await checkWith(splitReport(documents.slice(0, 1)), inSync);
    expect(single.failure).toBe(
      'iam-policy-drift check failed: the policy file at iam/orders-api-2.json is no longer part of the proposed policy; the policy file at iam/orders-api-3.json is no longer part of the proposed policy',
    );
  });
});

describe('publish helpers', () => {
  it('chooses modes from the event', () => {
    expect(defaultModes('pull_request')).toEqual(['comment']);
    expect(defaultModes('pull_request_target')).toEqual(['comment']);
    expect(defaultModes('schedule')).toEqual(['pull-request']);
    expect(defaultModes('workflow_dispatch')).toEqual(['pull-request']);
    expect(defaultModes('push')).toEqual(['report']);
  });

  it('names the further files of a split proposal', () => {
    expect(partPath('iam/orders-api.json', 2)).toBe('iam/orders-api-2.json');
    expect(partPath('policies.d/role', 3)).toBe('policies.d/role-3');
  });

  it('annotates unused actions and the wildcards that grant them', () => {
    const file = [
      '{',
      '  "Statement": [',
      '    { "Action": ["s3:*", "kms:Encrypt", "kms:Decrypt"] },',
      '    { "Action": "sqs:Get*" }',
      '  ]',
      '}',
    ].join('\n');
    expect(unusedAnnotations(file, ['kms:Encrypt', 's3:PutObject', 's3:DeleteObject'])).toEqual([
      { line: 3, message: 'kms:Encrypt is granted but was not used in the window' },
      { line: 3, message: 's3:* grants 2 actions not used in the window' },
    ]);
  });

  it('annotates only Action values: never a Resource, Sid or condition that reads the same', () => {
    const file = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Sid": "s3:*",',
      '      "Effect": "Allow",',
      '      "Action": "*",',
      '      "Resource": "*",',
      '      "Condition": { "StringLike": { "aws:PrincipalTag/team": ["*", "kms:Encrypt"] } }',
      '    },',
      '    { "Effect": "Allow", "NotAction": "kms:Encrypt", "Resource": ["*"] }',
      '  ]',
      '}',
    ].join('\n');
    expect(unusedAnnotations(file, ['kms:Encrypt', 's3:PutObject'])).toEqual([
      { line: 7, message: '* grants 2 actions not used in the window' },
    ]);
  });
});
