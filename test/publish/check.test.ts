import { annotationsFor, evaluateCheck } from '../../src/publish/check.js';

const proposed = '{\n  "Version": "2012-10-17"\n}\n';

describe('evaluateCheck', () => {
  const base = {
    maxUnused: 0,
    unusedCount: 0,
    deniedCount: 0,
    proposedFileContent: proposed,
    currentFileContent: proposed,
  };

  it('passes when nothing it is told to fail on happened', () => {
    expect(evaluateCheck({ ...base, failOn: ['unused', 'denied', 'drift'] })).toEqual({
      failed: false,
      reasons: [],
    });
  });

  it('fails on unused actions only beyond max-unused', () => {
    expect(
      evaluateCheck({ ...base, failOn: ['unused'], maxUnused: 3, unusedCount: 3 }).failed,
    ).toBe(false);
    const result = evaluateCheck({ ...base, failOn: ['unused'], maxUnused: 3, unusedCount: 4 });
    expect(result.failed).toBe(true);
    expect(result.reasons).toEqual([
      '4 granted actions were not used in the window (max-unused: 3)',
    ]);
    expect(evaluateCheck({ ...base, failOn: ['unused'], unusedCount: 1 }).reasons).toEqual([
      '1 granted action was not used in the window (max-unused: 0)',
    ]);
  });

  it('fails on denied calls', () => {
    expect(evaluateCheck({ ...base, failOn: ['denied'], deniedCount: 2 })).toEqual({
      failed: true,
      reasons: ['2 calls were denied in the window'],
    });
  });

  it('ignores what fail-on does not name', () => {
    const result = evaluateCheck({
      ...base,
      failOn: [],
      unusedCount: 50,
      deniedCount: 9,
      currentFileContent: '{}',
    });
    expect(result.failed).toBe(false);
  });

  it('fails on drift when the file differs or is absent, not for line endings', () => {
    expect(evaluateCheck({ ...base, failOn: ['drift'], currentFileContent: '{}\n' })).toEqual({
      failed: true,
      reasons: ['the policy file at policy-path differs from the proposed policy'],
    });
    const absent = { maxUnused: 0, unusedCount: 0, deniedCount: 0, proposedFileContent: proposed };
    expect(evaluateCheck({ ...absent, failOn: ['drift'] }).reasons).toEqual([
      'there is no policy file at policy-path yet: the proposed policy is new',
    ]);
    expect(
      evaluateCheck({
        ...base,
        failOn: ['drift'],
        currentFileContent: proposed.replace(/\n/g, '\r\n'),
      }).failed,
    ).toBe(false);
  });

  it('gives every reason at once', () => {
    const result = evaluateCheck({
      ...base,
      failOn: ['unused', 'denied', 'drift'],
      unusedCount: 1,
      deniedCount: 1,
      currentFileContent: '{}',
    });
    expect(result.reasons).toHaveLength(3);
  });
});

describe('annotationsFor', () => {
  const file = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Action": ["s3:GetObject", "s3:PutObject"],',
    '      "Resource": "*"',
    '    },',
    '    {',
    '      "Effect": "Allow",',
    '      "Action": [',
    '        "ec2:DescribeInstances",',
    '        "S3:GETOBJECT",',
    '        "s3:GetObjectAcl"',
    '      ],',
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
  ].join('\n');

  it('gives the 1-based line of each action, every occurrence, case-insensitively', () => {
    expect(annotationsFor(file, ['ec2:DescribeInstances', 's3:GetObject', 's3:PutObject'])).toEqual(
      [
        { action: 's3:GetObject', line: 6 },
        { action: 's3:PutObject', line: 6 },
        { action: 'ec2:DescribeInstances', line: 12 },
        { action: 's3:GetObject', line: 13 },
      ],
    );
  });

  it('matches whole strings only, and leaves out actions not in the file', () => {
    expect(annotationsFor(file, ['s3:GetObjectAcl', 'iam:PassRole', 's3:Get'])).toEqual([
      { action: 's3:GetObjectAcl', line: 14 },
    ]);
  });

  it('counts CRLF lines the same', () => {
    expect(annotationsFor(file.replace(/\n/g, '\r\n'), ['ec2:DescribeInstances'])).toEqual([
      { action: 'ec2:DescribeInstances', line: 12 },
    ]);
  });

  it('finds wildcard actions as written', () => {
    expect(annotationsFor('{\n  "Action": "s3:Get*"\n}\n', ['s3:Get*'])).toEqual([
      { action: 's3:Get*', line: 2 },
    ]);
  });
});
