import { catalogue } from '../support/iam.js';
import { byAction } from '../../src/util/order.js';

describe('catalogue source', () => {
  test('names the package and version', () => {
    expect(catalogue.source).toMatch(/^@cloud-copilot\/iam-data \d+\.\d+\.\d+$/);
  });
});

describe('lookupAction', () => {
  test('returns the catalogue entry of an action', () => {
    const a = catalogue.lookupAction('s3:GetObject');
    expect(a).toBeDefined();
    expect(a?.action).toBe('s3:GetObject');
    expect(a?.service).toBe('s3');
    expect(a?.accessLevel).toBe('Read');
    expect(a?.resourceTypes).toEqual(expect.arrayContaining([{ name: 'object', required: false }]));
    expect(a?.conditionKeys).toContain('s3:ExistingObjectTag/<key>');
  });

  test('is case-insensitive and returns the canonical casing', () => {
    expect(catalogue.lookupAction('S3:GETOBJECT')?.action).toBe('s3:GetObject');
    expect(catalogue.lookupAction('Kms:reencryptfrom')?.action).toBe('kms:ReEncryptFrom');
  });

  test('maps the catalogue access levels onto the five IAM levels', () => {
    expect(catalogue.lookupAction('iam:AttachRolePolicy')?.accessLevel).toBe(
      'Permissions management',
    );
    expect(catalogue.lookupAction('s3:PutObjectTagging')?.accessLevel).toBe('Tagging');
    expect(catalogue.lookupAction('s3:ListBucket')?.accessLevel).toBe('List');
    expect(catalogue.lookupAction('s3:PutObject')?.accessLevel).toBe('Write');
    const levels = new Set(
      catalogue.allActions().map((a) => catalogue.lookupAction(a)?.accessLevel),
    );
    expect([...levels].sort()).toEqual([
      'List',
      'Permissions management',
      'Read',
      'Tagging',
      'Write',
    ]);
  });

  test('merges the condition keys of resource types into the action', () => {
    const run = catalogue.lookupAction('ec2:RunInstances');
    expect(run?.conditionKeys).toContain('ec2:InstanceType');
    expect(run?.resourceTypes).toEqual(
      expect.arrayContaining([
        { name: 'image', required: true },
        { name: 'instance', required: true },
      ]),
    );
  });

  test('undefined for what does not exist or is not an action', () => {
    expect(catalogue.lookupAction('s3:NoSuchAction')).toBeUndefined();
    expect(catalogue.lookupAction('nosuchservice:GetObject')).toBeUndefined();
    expect(catalogue.lookupAction('s3')).toBeUndefined();
    expect(catalogue.lookupAction('s3:')).toBeUndefined();
    expect(catalogue.lookupAction(':GetObject')).toBeUndefined();
    expect(catalogue.lookupAction('')).toBeUndefined();
    expect(catalogue.lookupAction('s3:*')).toBeUndefined();
    expect(catalogue.lookupAction('constructor:toString')).toBeUndefined();
    expect(catalogue.lookupAction('__proto__:x')).toBeUndefined();
  });

  test('returns the same frozen object each time', () => {
    const a = catalogue.lookupAction('s3:GetObject');
    expect(catalogue.lookupAction('s3:getobject')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('canonicalAction', () => {
  test('canonical casing, or undefined', () => {
    expect(catalogue.canonicalAction('s3:getobject')).toBe('s3:GetObject');
    expect(catalogue.canonicalAction('IAM:PASSROLE')).toBe('iam:PassRole');
    expect(catalogue.canonicalAction('s3:ListObjects')).toBeUndefined();
    expect(catalogue.canonicalAction('lambda:ListFunctions20150331')).toBeUndefined();
  });
});

describe('services', () => {
  test('hasService and serviceName', () => {
    expect(catalogue.hasService('s3')).toBe(true);
    expect(catalogue.hasService('S3')).toBe(true);
    expect(catalogue.hasService('cloudwatch')).toBe(true);
    expect(catalogue.hasService('monitoring')).toBe(false);
    expect(catalogue.hasService('')).toBe(false);
    expect(catalogue.serviceName('s3')).toBe('Amazon S3');
    expect(catalogue.serviceName('nosuchservice')).toBeUndefined();
  });

  test('serviceActions is canonical and sorted', () => {
    const kms = catalogue.serviceActions('kms');
    expect(kms).toContain('kms:ReEncryptFrom');
    expect(kms).toEqual([...kms].sort(byAction));
    expect(new Set(kms).size).toBe(kms.length);
    expect(kms.every((a) => a.startsWith('kms:'))).toBe(true);
    expect(catalogue.serviceActions('nosuchservice')).toEqual([]);
  });

  test('serviceActions returns a copy', () => {
    catalogue.serviceActions('kms').pop();
    expect(catalogue.serviceActions('kms')).toContain(catalogue.serviceActions('kms').at(-1));
    expect(catalogue.serviceActions('kms').length).toBe(catalogue.serviceActions('KMS').length);
  });

  test('allActions covers every service, sorted and unique', () => {
    const all = catalogue.allActions();
    expect(all.length).toBeGreaterThan(15000);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort(byAction));
    const total = catalogue
      .allServices()
      .reduce((n, p) => n + catalogue.serviceActions(p).length, 0);
    expect(total).toBe(all.length);
  });
});

describe('resourceTypeArn', () => {
  test('ARN templates, case-insensitive on the type name', () => {
    expect(catalogue.resourceTypeArn('s3', 'bucket')).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(catalogue.resourceTypeArn('iam', 'role')).toBe(
      'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
    );
    expect(catalogue.resourceTypeArn('access-analyzer', 'analyzer')).toMatch(/:analyzer\//);
    expect(catalogue.resourceTypeArn('access-analyzer', 'Analyzer')).toMatch(/:analyzer\//);
    expect(catalogue.resourceTypeArn('s3', 'nosuchtype')).toBeUndefined();
    expect(catalogue.resourceTypeArn('nosuchservice', 'bucket')).toBeUndefined();
  });

  test('every resource type an action names has an ARN template', () => {
    const missing: string[] = [];
    for (const action of catalogue.allActions()) {
      const entry = catalogue.lookupAction(action);
      for (const rt of entry?.resourceTypes ?? []) {
        if (catalogue.resourceTypeArn(entry?.service ?? '', rt.name) === undefined) {
          missing.push(`${action} ${rt.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('expandActionPattern', () => {
  test("'*' is every action", () => {
    expect(catalogue.expandActionPattern('*')).toEqual(catalogue.allActions());
  });

  test("'s3:*' is every s3 action", () => {
    expect(catalogue.expandActionPattern('s3:*')).toEqual(catalogue.serviceActions('s3'));
    expect(catalogue.expandActionPattern('S3:*')).toEqual(catalogue.serviceActions('s3'));
  });

  test("'iam:*Policy*' matches policy actions of iam only", () => {
    const got = catalogue.expandActionPattern('iam:*Policy*');
    expect(got).toEqual(expect.arrayContaining(['iam:AttachRolePolicy', 'iam:CreatePolicy']));
    expect(got).not.toContain('iam:PassRole');
    expect(got.every((a) => a.startsWith('iam:') && /policy/i.test(a))).toBe(true);
    expect(got).toEqual([...got].sort(byAction));
  });

  test('prefix wildcards scan one service', () => {
    const got = catalogue.expandActionPattern('s3:Get*');
    expect(got).toContain('s3:GetObject');
    expect(got.every((a) => a.startsWith('s3:Get'))).toBe(true);
    expect(got).not.toContain('s3:PutObject');
  });

  test("'?' matches exactly one character", () => {
    expect(catalogue.expandActionPattern('kms:ReEncrypt????')).toEqual(['kms:ReEncryptFrom']);
    expect(catalogue.expandActionPattern('kms:ReEncrypt??')).toEqual(['kms:ReEncryptTo']);
    expect(catalogue.expandActionPattern('kms:ReEncrypt?')).toEqual([]);
  });

  test('is case-insensitive and canonical', () => {
    expect(catalogue.expandActionPattern('S3:getobject')).toEqual(['s3:GetObject']);
    expect(catalogue.expandActionPattern('kms:reencrypt*')).toEqual([
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]);
  });

  test('wildcards in the service part match the whole name', () => {
    const got = catalogue.expandActionPattern('s3*:GetObject');
    expect(got).toContain('s3:GetObject');
    expect(got.every((a) => /^s3[^:]*:GetObject$/i.test(a))).toBe(true);
    expect(catalogue.expandActionPattern('*:ReEncryptFrom')).toEqual(['kms:ReEncryptFrom']);
  });

  test('regex characters are literal', () => {
    expect(catalogue.expandActionPattern('s3:Get.*')).toEqual([]);
    expect(catalogue.expandActionPattern('s3:(Get)*')).toEqual([]);
  });

  test('unknown or malformed patterns give []', () => {
    expect(catalogue.expandActionPattern('nosuchservice:*')).toEqual([]);
    expect(catalogue.expandActionPattern('s3:NoSuch*')).toEqual([]);
    expect(catalogue.expandActionPattern('s3:NoSuchAction')).toEqual([]);
    expect(catalogue.expandActionPattern('')).toEqual([]);
    expect(catalogue.expandActionPattern('s3')).toEqual([]);
  });

  test('cached results are not shared with callers', () => {
    const first = catalogue.expandActionPattern('kms:ReEncrypt*');
    first.push('x:y');
    expect(catalogue.expandActionPattern('kms:ReEncrypt*')).toEqual([
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]);
  });

  test('is fast once cached, and fast for one service', () => {
    catalogue.expandActionPattern('*');
    let start = performance.now();
    for (let i = 0; i < 1000; i++) catalogue.expandActionPattern('ec2:Describe*');
    expect(performance.now() - start).toBeLessThan(1000);
    start = performance.now();
    for (let i = 0; i < 200; i++) catalogue.expandActionPattern(`ec2:Describe${i}*`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
