import {
  catalogueSource,
  allActions,
  allServices,
  canonicalAction,
  compareActions,
  expandActionPattern,
  hasService,
  lookupAction,
  resourceTypeArn,
  serviceActions,
  serviceName,
} from '../../src/mapping/catalogue.js';

describe('catalogue source', () => {
  test('names the package and version', () => {
    expect(catalogueSource()).toMatch(/^@cloud-copilot\/iam-data \d+\.\d+\.\d+$/);
  });
});

describe('lookupAction', () => {
  test('returns the catalogue entry of an action', () => {
    const a = lookupAction('s3:GetObject');
    expect(a).toBeDefined();
    expect(a?.action).toBe('s3:GetObject');
    expect(a?.service).toBe('s3');
    expect(a?.accessLevel).toBe('Read');
    expect(a?.resourceTypes).toEqual(expect.arrayContaining([{ name: 'object', required: false }]));
    expect(a?.conditionKeys).toContain('s3:ExistingObjectTag/<key>');
  });

  test('is case-insensitive and returns the canonical casing', () => {
    expect(lookupAction('S3:GETOBJECT')?.action).toBe('s3:GetObject');
    expect(lookupAction('Kms:reencryptfrom')?.action).toBe('kms:ReEncryptFrom');
  });

  test('maps the catalogue access levels onto the five IAM levels', () => {
    expect(lookupAction('iam:AttachRolePolicy')?.accessLevel).toBe('Permissions management');
    expect(lookupAction('s3:PutObjectTagging')?.accessLevel).toBe('Tagging');
    expect(lookupAction('s3:ListBucket')?.accessLevel).toBe('List');
    expect(lookupAction('s3:PutObject')?.accessLevel).toBe('Write');
    const levels = new Set(allActions().map((a) => lookupAction(a)?.accessLevel));
    expect([...levels].sort()).toEqual([
      'List',
      'Permissions management',
      'Read',
      'Tagging',
      'Write',
    ]);
  });

  test('merges the condition keys of resource types into the action', () => {
    const run = lookupAction('ec2:RunInstances');
    expect(run?.conditionKeys).toContain('ec2:InstanceType');
    expect(run?.resourceTypes).toEqual(
      expect.arrayContaining([
        { name: 'image', required: true },
        { name: 'instance', required: true },
      ]),
    );
  });

  test('undefined for what does not exist or is not an action', () => {
    expect(lookupAction('s3:NoSuchAction')).toBeUndefined();
    expect(lookupAction('nosuchservice:GetObject')).toBeUndefined();
    expect(lookupAction('s3')).toBeUndefined();
    expect(lookupAction('s3:')).toBeUndefined();
    expect(lookupAction(':GetObject')).toBeUndefined();
    expect(lookupAction('')).toBeUndefined();
    expect(lookupAction('s3:*')).toBeUndefined();
    expect(lookupAction('constructor:toString')).toBeUndefined();
    expect(lookupAction('__proto__:x')).toBeUndefined();
  });

  test('returns the same frozen object each time', () => {
    const a = lookupAction('s3:GetObject');
    expect(lookupAction('s3:getobject')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('canonicalAction', () => {
  test('canonical casing, or undefined', () => {
    expect(canonicalAction('s3:getobject')).toBe('s3:GetObject');
    expect(canonicalAction('IAM:PASSROLE')).toBe('iam:PassRole');
    expect(canonicalAction('s3:ListObjects')).toBeUndefined();
    expect(canonicalAction('lambda:ListFunctions20150331')).toBeUndefined();
  });
});

describe('services', () => {
  test('hasService and serviceName', () => {
    expect(hasService('s3')).toBe(true);
    expect(hasService('S3')).toBe(true);
    expect(hasService('cloudwatch')).toBe(true);
    expect(hasService('monitoring')).toBe(false);
    expect(hasService('')).toBe(false);
    expect(serviceName('s3')).toBe('Amazon S3');
    expect(serviceName('nosuchservice')).toBeUndefined();
  });

  test('serviceActions is canonical and sorted', () => {
    const kms = serviceActions('kms');
    expect(kms).toContain('kms:ReEncryptFrom');
    expect(kms).toEqual([...kms].sort(compareActions));
    expect(new Set(kms).size).toBe(kms.length);
    expect(kms.every((a) => a.startsWith('kms:'))).toBe(true);
    expect(serviceActions('nosuchservice')).toEqual([]);
  });

  test('serviceActions returns a copy', () => {
    serviceActions('kms').pop();
    expect(serviceActions('kms')).toContain(serviceActions('kms').at(-1));
    expect(serviceActions('kms').length).toBe(serviceActions('KMS').length);
  });

  test('allActions covers every service, sorted and unique', () => {
    const all = allActions();
    expect(all.length).toBeGreaterThan(15000);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort(compareActions));
    const total = allServices().reduce((n, p) => n + serviceActions(p).length, 0);
    expect(total).toBe(all.length);
  });
});

describe('resourceTypeArn', () => {
  test('ARN templates, case-insensitive on the type name', () => {
    expect(resourceTypeArn('s3', 'bucket')).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(resourceTypeArn('iam', 'role')).toBe(
      'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
    );
    expect(resourceTypeArn('access-analyzer', 'analyzer')).toMatch(/:analyzer\//);
    expect(resourceTypeArn('access-analyzer', 'Analyzer')).toMatch(/:analyzer\//);
    expect(resourceTypeArn('s3', 'nosuchtype')).toBeUndefined();
    expect(resourceTypeArn('nosuchservice', 'bucket')).toBeUndefined();
  });

  test('every resource type an action names has an ARN template', () => {
    const missing: string[] = [];
    for (const action of allActions()) {
      const entry = lookupAction(action);
      for (const rt of entry?.resourceTypes ?? []) {
        if (resourceTypeArn(entry?.service ?? '', rt.name) === undefined) {
          missing.push(`${action} ${rt.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('expandActionPattern', () => {
  test("'*' is every action", () => {
    expect(expandActionPattern('*')).toEqual(allActions());
  });

  test("'s3:*' is every s3 action", () => {
    expect(expandActionPattern('s3:*')).toEqual(serviceActions('s3'));
    expect(expandActionPattern('S3:*')).toEqual(serviceActions('s3'));
  });

  test("'iam:*Policy*' matches policy actions of iam only", () => {
    const got = expandActionPattern('iam:*Policy*');
    expect(got).toEqual(expect.arrayContaining(['iam:AttachRolePolicy', 'iam:CreatePolicy']));
    expect(got).not.toContain('iam:PassRole');
    expect(got.every((a) => a.startsWith('iam:') && /policy/i.test(a))).toBe(true);
    expect(got).toEqual([...got].sort(compareActions));
  });

  test('prefix wildcards scan one service', () => {
    const got = expandActionPattern('s3:Get*');
    expect(got).toContain('s3:GetObject');
    expect(got.every((a) => a.startsWith('s3:Get'))).toBe(true);
    expect(got).not.toContain('s3:PutObject');
  });

  test("'?' matches exactly one character", () => {
    expect(expandActionPattern('kms:ReEncrypt????')).toEqual(['kms:ReEncryptFrom']);
    expect(expandActionPattern('kms:ReEncrypt??')).toEqual(['kms:ReEncryptTo']);
    expect(expandActionPattern('kms:ReEncrypt?')).toEqual([]);
  });

  test('is case-insensitive and canonical', () => {
    expect(expandActionPattern('S3:getobject')).toEqual(['s3:GetObject']);
    expect(expandActionPattern('kms:reencrypt*')).toEqual(['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
  });

  test('wildcards in the service part match the whole name', () => {
    const got = expandActionPattern('s3*:GetObject');
    expect(got).toContain('s3:GetObject');
    expect(got.every((a) => /^s3[^:]*:GetObject$/i.test(a))).toBe(true);
    expect(expandActionPattern('*:ReEncryptFrom')).toEqual(['kms:ReEncryptFrom']);
  });

  test('regex characters are literal', () => {
    expect(expandActionPattern('s3:Get.*')).toEqual([]);
    expect(expandActionPattern('s3:(Get)*')).toEqual([]);
  });

  test('unknown or malformed patterns give []', () => {
    expect(expandActionPattern('nosuchservice:*')).toEqual([]);
    expect(expandActionPattern('s3:NoSuch*')).toEqual([]);
    expect(expandActionPattern('s3:NoSuchAction')).toEqual([]);
    expect(expandActionPattern('')).toEqual([]);
    expect(expandActionPattern('s3')).toEqual([]);
  });

  test('cached results are not shared with callers', () => {
    const first = expandActionPattern('kms:ReEncrypt*');
    first.push('x:y');
    expect(expandActionPattern('kms:ReEncrypt*')).toEqual(['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
  });

  test('is fast once cached, and fast for one service', () => {
    expandActionPattern('*');
    let start = performance.now();
    for (let i = 0; i < 1000; i++) expandActionPattern('ec2:Describe*');
    expect(performance.now() - start).toBeLessThan(1000);
    start = performance.now();
    for (let i = 0; i < 200; i++) expandActionPattern(`ec2:Describe${i}*`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
