/**
 * README's IAM user example, run as written by the bundled CLI under Node 24, with the user's
 * policies (its own and its group's) read from IAM on moto_server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ROOT, runBundle } from './node24.js';
import type { Report } from '../../src/report.js';
import type { PolicyDocument } from '../../src/policies/types.js';
import { proveNotBroader } from '../../src/evaluate/subset.js';
import { catalogue } from '../support/iam.js';
import {
  motoCredentialsIn,
  motoEnv,
  motoIam,
  resetMoto,
  type MotoCredentials,
} from '../support/moto.js';

const ACCOUNT = '111122223333';
const OWN: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['iam:GetRole', 'iam:PassRole', 'iam:CreateAccessKey'],
      Resource: '*',
    },
  ],
};

/** The README's command, split into its arguments. */
function readmeCommand(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('node dist/cli/index.js --user '));
  if (line === undefined) throw new Error('README has no `node dist/cli/index.js --user` example');
  return line.split(' ').slice(2);
}

let credentials: MotoCredentials;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runBundle('dist/cli/index.js', args, motoEnv(credentials));
}

describe("README's IAM user example (bundled CLI, IAM on moto_server)", () => {
  beforeAll(async () => {
    await resetMoto();
    credentials = await motoCredentialsIn(ACCOUNT);
    const iam = motoIam({ credentials });
    await iam.send(new CreateUserCommand({ UserName: 'maria.lopez' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'maria.lopez',
        PolicyName: 'console-extras',
        PolicyDocument: JSON.stringify(OWN),
      }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'maria.lopez' }));
    await iam.send(
      new AttachGroupPolicyCommand({
        GroupName: 'readers',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    );
    iam.destroy();
  });

  it('prints the markdown report, naming the group policy', () => {
    const args = readmeCommand();
    expect(args.slice(0, 2)).toEqual(['--user', `arn:aws:iam::${ACCOUNT}:user/maria.lopez`]);
    const result = run([...args, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '## IAM policy drift for `arn:aws:iam::111122223333:user/maria.lopez`',
    );
    expect(result.stdout).toContain(
      '`arn:aws:iam::aws:policy/ReadOnlyAccess` (managed of group `readers`)',
    );
    expect(result.stdout).toContain("user's API calls");
  });

  it("tightens the user's own and group policies into a proposal never broader than today", () => {
    const result = run([...readmeCommand(), '--quiet', '--format', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.principalType).toBe('user');
    expect(report.issuers).toEqual([`arn:aws:iam::${ACCOUNT}:user/maria.lopez`]);
    expect(report.currentPolicies).toEqual([
      { kind: 'inline', name: 'console-extras' },
      { kind: 'managed', name: 'arn:aws:iam::aws:policy/ReadOnlyAccess', group: 'readers' },
    ]);
    expect(report.diff.used.map((u) => u.action)).toEqual([
      'cloudwatch:DescribeAlarms',
      'dynamodb:DescribeTable',
      'iam:GetRole',
      's3:ListAllMyBuckets',
    ]);
    expect(report.proposal.status).toBe('proposed');
    // Never called: removed. iam:PassRole has no API of its own and stays (unknown).
    expect(report.proposal.removed).toContain('iam:CreateAccessKey');
    expect(report.proposal.removed).not.toContain('iam:GetRole');
    expect(report.diff.unknown.find((u) => u.action === 'iam:PassRole')?.reason).toBe(
      'permission-only-cross-service',
    );
    expect(report.proposal.removed).not.toContain('iam:PassRole');
    expect(report.proposal.notes.join('\n')).toMatch(
      /group readers grants part of today's permissions.*remove the user from the group/,
    );
    const proof = proveNotBroader(catalogue, report.proposedPolicies, {
      policies: [
        { kind: 'inline', name: 'console-extras', document: OWN },
        {
          kind: 'managed',
          name: 'ReadOnlyAccess',
          document: JSON.parse(
            readFileSync(
              join(ROOT, 'test/fixtures/aws-managed-policies/ReadOnlyAccess.json'),
              'utf8',
            ),
          ) as never,
        },
      ],
    });
    expect(proof.ok).toBe(true);
  });
});
