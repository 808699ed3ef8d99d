import { defaultModes, partPath, unusedAnnotations } from '../../src/publish/publish.js';

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
});
