import {
  evaluate,
  evaluateResources,
  grantedActions,
  statementActions,
  type Decision,
} from '../../src/evaluate/evaluator.js';
import {
  arnPatternCovers,
  arnPatternsOverlap,
  matchesAction,
  matchesArn,
} from '../../src/evaluate/wildcard.js';
import type { CurrentPolicies, PolicyStatement } from '../../src/policies/types.js';
import { catalogue } from '../support/iam.js';
import { allow, deny, doc, identity, MFA, withBoundary } from '../support/policies.js';

const BUCKET = 'arn:aws:s3:::data-bucket';
const OBJECT = 'arn:aws:s3:::data-bucket/reports/2024.csv';
const SECRET = 'arn:aws:s3:::data-bucket/secret/key.pem';

interface Case {
  name: string;
  current: CurrentPolicies;
  action: string;
  resource?: string;
  decision: Decision;
}

const cases: Case[] = [
  // Basics
  {
    name: 'plain Allow',
    current: identity(doc(allow('s3:GetObject'))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'nothing allowed',
    current: identity(doc(allow('s3:GetObject'))),
    action: 's3:PutObject',
    decision: 'implicitly-denied',
  },
  {
    name: 'no policies',
    current: identity(),
    action: 's3:GetObject',
    decision: 'implicitly-denied',
  },
  {
    name: 'explicit Deny beats Allow',
    current: identity(doc(allow('s3:*'), deny('s3:DeleteObject'))),
    action: 's3:DeleteObject',
    decision: 'explicitly-denied',
  },
  {
    name: 'a Deny alone is explicit',
    current: identity(doc(deny('s3:DeleteObject'))),
    action: 's3:DeleteObject',
    decision: 'explicitly-denied',
  },
  {
    name: 'Deny of another action does not matter',
    current: identity(doc(allow('s3:*'), deny('s3:DeleteObject'))),
    action: 's3:PutObject',
    decision: 'allowed',
  },
  // Case
  {
    name: 'pattern case does not matter',
    current: identity(doc(allow('S3:getobject'))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'action case does not matter',
    current: identity(doc(allow('s3:GetObject'))),
    action: 'S3:GETOBJECT',
    decision: 'allowed',
  },
  {
    name: 'ARNs are case-sensitive',
    current: identity(doc(allow('s3:GetObject', 'arn:aws:s3:::Data-Bucket/*'))),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'implicitly-denied',
  },
  // Wildcards in actions
  {
    name: '* action',
    current: identity(doc(allow('*'))),
    action: 'iam:CreateRole',
    decision: 'allowed',
  },
  {
    name: '* action covers actions unknown to the catalogue',
    current: identity(doc(allow('*'))),
    action: 'newservice:DoThing',
    decision: 'allowed',
  },
  {
    name: 'wildcard in the middle: iam:*Policy* matches AttachRolePolicy',
    current: identity(doc(allow('iam:*Policy*'))),
    action: 'iam:AttachRolePolicy',
    decision: 'allowed',
  },
  {
    name: 'wildcard in the middle: iam:*Policy* matches PutRolePolicy',
    current: identity(doc(allow('iam:*Policy*'))),
    action: 'iam:PutRolePolicy',
    decision: 'allowed',
  },
  {
    name: 'wildcard in the middle: iam:*Policy* does not match CreateRole',
    current: identity(doc(allow('iam:*Policy*'))),
    action: 'iam:CreateRole',
    decision: 'implicitly-denied',
  },
  {
    name: 's3:Get*Acl matches GetBucketAcl',
    current: identity(doc(allow('s3:Get*Acl'))),
    action: 's3:GetBucketAcl',
    decision: 'allowed',
  },
  {
    name: 's3:Get*Acl does not match GetObject',
    current: identity(doc(allow('s3:Get*Acl'))),
    action: 's3:GetObject',
    decision: 'implicitly-denied',
  },
  {
    name: '? matches one character',
    current: identity(doc(allow('ec2:Describe?nstances'))),
    action: 'ec2:DescribeInstances',
    decision: 'allowed',
  },
  {
    name: '? does not match two characters',
    current: identity(doc(allow('ec2:Describe?nstances'))),
    action: 'ec2:DescribeXXnstances',
    decision: 'implicitly-denied',
  },
  {
    name: 'wildcard over an action unknown to the catalogue',
    current: identity(doc(allow('newservice:Get*'))),
    action: 'newservice:GetThing',
    decision: 'allowed',
  },
  // NotAction
  {
    name: 'Allow with NotAction grants what it does not name',
    current: identity(
      doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
    ),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'Allow with NotAction does not grant what it names',
    current: identity(
      doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
    ),
    action: 'iam:CreateRole',
    decision: 'implicitly-denied',
  },
  {
    name: 'Deny with NotAction denies everything else',
    current: identity(doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })),
    action: 'ec2:RunInstances',
    decision: 'explicitly-denied',
  },
  {
    name: 'Deny with NotAction leaves what it names',
    current: identity(doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  // Resources
  {
    name: 'scoped Allow, resource unknown',
    current: identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'scoped Allow, resource inside',
    current: identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  {
    name: 'scoped Allow, resource outside',
    current: identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::other-bucket/x',
    decision: 'implicitly-denied',
  },
  {
    name: 'Deny on a specific resource, resource unknown: still allowed elsewhere',
    current: identity(doc(allow('s3:GetObject'), deny('s3:GetObject', `${BUCKET}/secret/*`))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'Deny on a specific resource, that resource',
    current: identity(doc(allow('s3:GetObject'), deny('s3:GetObject', `${BUCKET}/secret/*`))),
    action: 's3:GetObject',
    resource: SECRET,
    decision: 'explicitly-denied',
  },
  {
    name: 'Deny on a specific resource, another resource',
    current: identity(doc(allow('s3:GetObject'), deny('s3:GetObject', `${BUCKET}/secret/*`))),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  {
    name: 'Deny on all resources, resource unknown',
    current: identity(doc(allow('s3:GetObject', `${BUCKET}/*`), deny('s3:GetObject', '*'))),
    action: 's3:GetObject',
    decision: 'explicitly-denied',
  },
  {
    name: 'Deny with NotResource, resource unknown: not all resources',
    current: identity(
      doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` }),
    ),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'Deny with NotResource, resource it exempts',
    current: identity(
      doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` }),
    ),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  {
    name: 'Deny with NotResource, resource outside the exemption',
    current: identity(
      doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` }),
    ),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::other-bucket/x',
    decision: 'explicitly-denied',
  },
  {
    name: 'Allow with NotResource, resource it excludes',
    current: identity(
      doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/secret/*` }),
    ),
    action: 's3:GetObject',
    resource: SECRET,
    decision: 'implicitly-denied',
  },
  {
    name: 'Allow with NotResource, another resource',
    current: identity(
      doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/secret/*` }),
    ),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  {
    name: 'a statement without Resource applies to nothing',
    current: identity(doc({ Effect: 'Allow', Action: 's3:GetObject' })),
    action: 's3:GetObject',
    decision: 'implicitly-denied',
  },
  {
    name: 'any partition: arn:*: pattern matches aws-cn',
    current: identity(doc(allow('s3:GetObject', 'arn:*:s3:::data-bucket/*'))),
    action: 's3:GetObject',
    resource: 'arn:aws-cn:s3:::data-bucket/x',
    decision: 'allowed',
  },
  {
    name: 'partition is text: arn:aws: pattern does not match aws-us-gov',
    current: identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    action: 's3:GetObject',
    resource: 'arn:aws-us-gov:s3:::data-bucket/x',
    decision: 'implicitly-denied',
  },
  {
    name: 'a trailing * crosses colons',
    current: identity(doc(allow('logs:PutLogEvents', 'arn:aws:logs:*:*:log-group:/app/*'))),
    action: 'logs:PutLogEvents',
    resource: 'arn:aws:logs:eu-west-1:111122223333:log-group:/app/api:log-stream:i-1',
    decision: 'allowed',
  },
  {
    name: 'a * inside a segment does not cross colons',
    current: identity(doc(allow('sqs:SendMessage', 'arn:aws:sqs:*:111122223333:q-*-dlq'))),
    action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:eu-west-1:111122223333:q-a:b-dlq',
    decision: 'implicitly-denied',
  },
  {
    name: 'a * inside a segment matches within it',
    current: identity(doc(allow('sqs:SendMessage', 'arn:aws:sqs:*:111122223333:q-*-dlq'))),
    action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:eu-west-1:111122223333:q-orders-dlq',
    decision: 'allowed',
  },
  {
    name: 'a policy variable makes a match conditional',
    current: identity(doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home/alice/notes.txt',
    decision: 'conditionally-allowed',
  },
  // Conditions
  {
    name: 'Allow with a Condition',
    current: identity(doc({ ...allow('s3:GetObject'), Condition: MFA })),
    action: 's3:GetObject',
    decision: 'conditionally-allowed',
  },
  {
    name: 'an empty Condition is no condition',
    current: identity(doc({ ...allow('s3:GetObject'), Condition: {} })),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'plain Allow next to a conditional Allow',
    current: identity(doc({ ...allow('s3:GetObject'), Condition: MFA }, allow('s3:GetObject'))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'plain Allow, conditional Deny',
    current: identity(doc(allow('s3:*'), { ...deny('s3:DeleteObject'), Condition: MFA })),
    action: 's3:DeleteObject',
    decision: 'conditionally-allowed',
  },
  {
    name: 'conditional Deny alone',
    current: identity(doc({ ...deny('s3:DeleteObject'), Condition: MFA })),
    action: 's3:DeleteObject',
    decision: 'implicitly-denied',
  },
  {
    name: 'conditional Allow, plain Deny',
    current: identity(doc({ ...allow('s3:*'), Condition: MFA }, deny('s3:DeleteObject'))),
    action: 's3:DeleteObject',
    decision: 'explicitly-denied',
  },
  // String or array, single statement or array
  {
    name: 'single statement object, string values',
    current: identity({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
    }),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  {
    name: 'array values',
    current: identity(
      doc(allow(['s3:PutObject', 's3:GetObject'], ['arn:aws:s3:::x/*', `${BUCKET}/*`])),
    ),
    action: 's3:GetObject',
    resource: OBJECT,
    decision: 'allowed',
  },
  // Several policies
  {
    name: 'Allow in one policy, Deny in another',
    current: identity(doc(allow('s3:*')), doc(deny('s3:PutObject'))),
    action: 's3:PutObject',
    decision: 'explicitly-denied',
  },
  {
    name: 'Allows spread over policies',
    current: identity(doc(allow('s3:GetObject')), doc(allow('ec2:DescribeInstances'))),
    action: 'ec2:DescribeInstances',
    decision: 'allowed',
  },
  // Boundary
  {
    name: 'boundary lacks the action',
    current: withBoundary(identity(doc(allow('*'))), doc(allow('s3:*'))),
    action: 'iam:CreateRole',
    decision: 'implicitly-denied',
  },
  {
    name: 'boundary and identity both allow',
    current: withBoundary(identity(doc(allow('*'))), doc(allow('s3:*'))),
    action: 's3:GetObject',
    decision: 'allowed',
  },
  {
    name: 'boundary allows what identity does not grant',
    current: withBoundary(identity(doc(allow('s3:GetObject'))), doc(allow('*'))),
    action: 'iam:CreateRole',
    decision: 'implicitly-denied',
  },
  {
    name: 'boundary Deny wins',
    current: withBoundary(identity(doc(allow('*'))), doc(allow('*'), deny('s3:DeleteBucket'))),
    action: 's3:DeleteBucket',
    decision: 'explicitly-denied',
  },
  {
    name: 'conditional boundary',
    current: withBoundary(identity(doc(allow('*'))), doc({ ...allow('*'), Condition: MFA })),
    action: 's3:GetObject',
    decision: 'conditionally-allowed',
  },
];

describe('evaluate', () => {
  test.each(cases)('$name: $decision', ({ current, action, resource, decision }) => {
    expect(evaluate(catalogue, current, action, resource).decision).toBe(decision);
  });

  test('names the statements that decided, with their positions and flags', () => {
    const current: CurrentPolicies = {
      policies: [
        {
          kind: 'managed',
          name: 'arn:aws:iam::111122223333:policy/app',
          document: doc(
            allow('ec2:*'),
            { ...allow('s3:GetObject', `${BUCKET}/*`), Sid: 'Read' },
            { ...allow('s3:GetObject'), Condition: MFA },
          ),
        },
      ],
    };
    expect(evaluate(catalogue, current, 's3:GetObject')).toEqual({
      decision: 'allowed',
      statements: [
        {
          policy: 'arn:aws:iam::111122223333:policy/app',
          kind: 'managed',
          index: 1,
          sid: 'Read',
          effect: 'Allow',
          conditional: false,
          scoped: true,
        },
      ],
    });
  });

  test('a conditional decision lists the Allow and the conditional Deny', () => {
    const current = identity(doc(allow('s3:*'), { ...deny('s3:DeleteObject'), Condition: MFA }));
    const e = evaluate(catalogue, current, 's3:DeleteObject');
    expect(e.statements.map((s) => [s.index, s.effect, s.conditional])).toEqual([
      [0, 'Allow', false],
      [1, 'Deny', true],
    ]);
  });

  test('an explicit deny lists the Deny statements only', () => {
    const current = identity(doc(allow('s3:*')), doc(deny('s3:PutObject')));
    const e = evaluate(catalogue, current, 's3:PutObject');
    expect(e.statements.map((s) => [s.policy, s.effect])).toEqual([['p1', 'Deny']]);
  });

  test('an implicit deny lists nothing', () => {
    expect(
      evaluate(catalogue, identity(doc(allow('s3:GetObject'))), 's3:PutObject').statements,
    ).toEqual([]);
  });

  test('reports what the boundary says alone', () => {
    const current = withBoundary(identity(doc(allow('s3:GetObject'))), doc(allow('s3:Get*')));
    const e = evaluate(catalogue, current, 's3:GetObject');
    expect(e.decision).toBe('allowed');
    expect(e.boundary?.decision).toBe('allowed');
    expect(e.boundary?.statements.map((s) => [s.kind, s.index])).toEqual([['boundary', 0]]);
    expect(e.statements.map((s) => s.kind)).toEqual(['inline', 'boundary']);

    const lacking = evaluate(catalogue, current, 's3:PutObject');
    expect(lacking.boundary).toEqual({ decision: 'implicitly-denied', statements: [] });
    expect(evaluate(catalogue, identity(doc(allow('*'))), 's3:GetObject').boundary).toBeUndefined();
  });
});

describe('evaluateResources (every resource of a pattern)', () => {
  const current = identity(
    doc(allow('s3:GetObject', `${BUCKET}/*`), deny('s3:GetObject', `${BUCKET}/secret/*`)),
  );
  test.each<[string, Decision]>([
    [`${BUCKET}/reports/*`, 'allowed'],
    [`${BUCKET}/*`, 'conditionally-allowed'], // the Deny covers part of it
    ['*', 'conditionally-allowed'], // the Allow covers part of it
    [`${BUCKET}/secret/*`, 'explicitly-denied'],
    ['arn:aws:s3:::other/*', 'implicitly-denied'],
  ])('%s: %s', (pattern, decision) => {
    expect(evaluateResources(catalogue, current, 's3:GetObject', pattern).decision).toBe(decision);
  });
});

describe('grantedActions', () => {
  test('* grants every catalogue action', () => {
    const grants = grantedActions(catalogue, identity(doc(allow('*'))));
    expect(grants).toHaveLength(catalogue.allActions().length);
    expect(grants.map((g) => g.action)).toEqual(catalogue.allActions());
    expect(grants.every((g) => g.decision === 'allowed')).toBe(true);
  });

  test('s3:* grants every s3 action', () => {
    const grants = grantedActions(catalogue, identity(doc(allow('s3:*'))));
    expect(grants.map((g) => g.action)).toEqual(catalogue.serviceActions('s3'));
  });

  test('canonical names, sorted, unknown patterns ignored', () => {
    const grants = grantedActions(
      catalogue,
      identity(doc(allow(['S3:putobject', 'ec2:describeinstances', 'nosuch:Thing']))),
    );
    expect(grants.map((g) => g.action)).toEqual(['ec2:DescribeInstances', 's3:PutObject']);
  });

  test('NotAction grants everything but what it names', () => {
    const grants = grantedActions(
      catalogue,
      identity(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })),
    );
    const iam = catalogue.serviceActions('iam');
    expect(grants).toHaveLength(catalogue.allActions().length - iam.length);
    const names = new Set(grants.map((g) => g.action));
    expect(iam.some((a) => names.has(a))).toBe(false);
    expect(names.has('s3:GetObject')).toBe(true);
  });

  test('a Deny on all resources removes; a Deny on some resources does not', () => {
    const grants = grantedActions(
      catalogue,
      identity(doc(allow('s3:*'), deny('s3:Delete*'), deny('s3:PutObject', `${BUCKET}/secret/*`))),
    );
    const names = new Set(grants.map((g) => g.action));
    expect(names.has('s3:DeleteObject')).toBe(false);
    expect(names.has('s3:DeleteBucket')).toBe(false);
    expect(names.has('s3:PutObject')).toBe(true);
    expect(grants).toHaveLength(
      catalogue.serviceActions('s3').length - catalogue.expandActionPattern('s3:Delete*').length,
    );
  });

  test('scoped Allows grant, and say they are scoped', () => {
    const [grant] = grantedActions(catalogue, identity(doc(allow('s3:GetObject', `${BUCKET}/*`))));
    expect(grant?.action).toBe('s3:GetObject');
    expect(grant?.decision).toBe('allowed');
    expect(grant?.statements.map((s) => s.scoped)).toEqual([true]);
  });

  test('conditions make grants conditional', () => {
    const grants = grantedActions(
      catalogue,
      identity(doc(allow('s3:GetObject'), { ...allow('s3:Put*'), Condition: MFA })),
    );
    const decisions = new Map(grants.map((g) => [g.action, g.decision]));
    expect(decisions.get('s3:GetObject')).toBe('allowed');
    expect(decisions.get('s3:PutObject')).toBe('conditionally-allowed');
  });

  test('a conditional Deny on * makes everything conditional', () => {
    const grants = grantedActions(
      catalogue,
      identity(doc(allow('*'), { ...deny('*'), Condition: MFA })),
    );
    expect(grants).toHaveLength(catalogue.allActions().length);
    expect(grants.every((g) => g.decision === 'conditionally-allowed')).toBe(true);
  });

  test('the boundary caps what identity policies grant', () => {
    const current = withBoundary(identity(doc(allow('*'))), doc(allow('s3:Get*')));
    expect(grantedActions(catalogue, current).map((g) => g.action)).toEqual(
      catalogue.expandActionPattern('s3:Get*'),
    );
  });

  test('agrees with evaluate for every action it returns', () => {
    const current = identity(
      doc(allow(['s3:*', 'iam:*Policy*']), deny('s3:Delete*'), {
        ...allow('ec2:Describe*'),
        Condition: MFA,
      }),
    );
    for (const grant of grantedActions(catalogue, current)) {
      expect(evaluate(catalogue, current, grant.action).decision).toBe(grant.decision);
    }
  });
});

describe('statementActions', () => {
  test('expands Action patterns and NotAction complements', () => {
    expect(statementActions(catalogue, allow('s3:Get*Acl'))).toEqual([
      's3:GetBucketAcl',
      's3:GetObjectAcl',
      's3:GetObjectVersionAcl',
    ]);
    expect(statementActions(catalogue, { Effect: 'Allow', NotAction: '*', Resource: '*' })).toEqual(
      [],
    );
    expect(
      statementActions(catalogue, { Effect: 'Allow', NotAction: 's3:*', Resource: '*' }),
    ).toHaveLength(catalogue.allActions().length - catalogue.serviceActions('s3').length);
  });
});

describe('wildcard', () => {
  test.each<[string, string, boolean]>([
    ['*', 'anything:AtAll', true],
    ['s3:Get*', 'S3:GETOBJECT', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:GetObjectAcl', false],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['s3:Get.bject', 's3:GetObject', false],
  ])('action %s ~ %s: %s', (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });

  test.each<[string, string, boolean]>([
    ['*', 'arn:aws:s3:::x', true],
    ['arn:aws:s3:::x/*', 'arn:aws:s3:::x/a/b:c', true],
    ['arn:aws:s3:::X/*', 'arn:aws:s3:::x/a', false],
    ['arn:aws:s3:::x?', 'arn:aws:s3:::xy', true],
    ['arn:aws:s3:::x?', 'arn:aws:s3:::x:', false],
    ['arn:aws:s3:::${*}', 'arn:aws:s3:::*', true],
    ['arn:aws:s3:::${*}', 'arn:aws:s3:::x', false],
    ['arn:aws:s3:::a.b', 'arn:aws:s3:::aXb', false],
  ])('ARN %s ~ %s: %s', (pattern, arn, expected) => {
    expect(matchesArn(pattern, arn)).toBe(expected);
  });

  test.each<[string, string, boolean]>([
    ['*', 'arn:aws:s3:::x/*', true],
    ['arn:aws:s3:::x/*', 'arn:aws:s3:::x/reports/*', true],
    ['arn:aws:s3:::x/*', 'arn:aws:s3:::x*', false],
    ['arn:aws:s3:::x/*', '*', false],
    ['arn:aws:s3:::x/a?c', 'arn:aws:s3:::x/a*c', false],
    ['arn:aws:s3:::x/a*c', 'arn:aws:s3:::x/a?c', true],
    ['arn:aws:sqs:*:1:q-*', 'arn:aws:sqs:eu-west-1:1:q-a', true],
    ['arn:aws:sqs:*:1:q-*-dlq', 'arn:aws:sqs:*:1:q-*', false],
  ])('%s covers %s: %s', (general, specific, expected) => {
    expect(arnPatternCovers(general, specific)).toBe(expected);
  });

  test.each<[string, string, boolean]>([
    ['arn:aws:s3:::x/*', 'arn:aws:s3:::*', true],
    ['arn:aws:s3:::x/*', 'arn:aws:s3:::y/*', false],
    ['arn:aws:s3:::x/*.csv', 'arn:aws:s3:::*/secret/*', true],
    ['arn:aws:s3:::x/a?', 'arn:aws:s3:::x/?b', true],
    ['arn:aws:s3:::x/a?', 'arn:aws:s3:::x/bb', false],
    ['arn:aws:sqs:eu-west-1:1:q-*-dlq', 'arn:aws:sqs:eu-west-1:1:q-a:b-*', false],
    // a * ending a segment crosses colons: the region * can swallow ':1:q-a:b-...'
    ['arn:aws:sqs:*:1:q-*-dlq', 'arn:aws:sqs:*:1:q-a:b-*', true],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(arnPatternsOverlap(a, b)).toBe(expected);
    expect(arnPatternsOverlap(b, a)).toBe(expected);
  });
});

describe('resource types decide what a statement grants', () => {
  const BUCKET = 'arn:aws:s3:::orders-bucket';
  const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
  const granted = (statement: PolicyStatement, action: string): Decision =>
    evaluate(catalogue, identity(doc(statement)), action).decision;

  test.each<[string, string, string | string[], Decision]>([
    // Object actions on a bucket ARN: nothing; on the bucket's objects: granted.
    ['object action on a bucket ARN', 's3:PutObjectAcl', BUCKET, 'implicitly-denied'],
    ['object action on objects', 's3:PutObjectAcl', `${BUCKET}/*`, 'allowed'],
    ['bucket action on a bucket ARN', 's3:ListBucket', BUCKET, 'allowed'],
    // Multi-type actions: an access point's objects are objects too; the access point itself not.
    [
      'object action on access-point objects',
      's3:GetObject',
      'arn:aws:s3:us-east-1:111122223333:accesspoint/reports/object/*',
      'allowed',
    ],
    [
      'object action on an access point',
      's3:GetObject',
      'arn:aws:s3:us-east-1:111122223333:accesspoint/reports',
      'implicitly-denied',
    ],
    // A table ARN: table actions, not backup, export, stream or global-table ones.
    ['table action on a table', 'dynamodb:GetItem', TABLE, 'allowed'],
    ['backup action on a table', 'dynamodb:DescribeBackup', TABLE, 'implicitly-denied'],
    ['export action on a table', 'dynamodb:DescribeExport', TABLE, 'implicitly-denied'],
    ['stream action on a table', 'dynamodb:GetRecords', TABLE, 'implicitly-denied'],
    ['global-table action on a table', 'dynamodb:DescribeGlobalTable', TABLE, 'implicitly-denied'],
    ['stream action on its streams', 'dynamodb:GetRecords', `${TABLE}/stream/*`, 'allowed'],
    // Actions without a resource type: only "*".
    ['list action scoped to one ARN', 'dynamodb:ListTables', TABLE, 'implicitly-denied'],
    ['Describe scoped to a bucket', 'ec2:DescribeInstances', BUCKET, 'implicitly-denied'],
    [
      'ListAllMyBuckets on every bucket ARN',
      's3:ListAllMyBuckets',
      'arn:aws:s3:::*',
      'implicitly-denied',
    ],
    ['Describe on *', 'ec2:DescribeInstances', '*', 'allowed'],
    // Partitions are any partition.
    ['objects in aws-cn', 's3:GetObject', 'arn:aws-cn:s3:::b/*', 'allowed'],
    [
      'a table in GovCloud',
      'dynamodb:GetItem',
      'arn:aws-us-gov:dynamodb:us-gov-west-1:1:table/t',
      'allowed',
    ],
    // ARN formats that leave the region (S3, IAM) or the account (S3) empty.
    ['a role by path', 'iam:PassRole', 'arn:aws:iam::111122223333:role/app/*', 'allowed'],
    [
      'a role ARN with a region',
      'iam:PassRole',
      'arn:aws:iam:us-east-1:111122223333:role/app',
      'implicitly-denied',
    ],
    ['a bucket ARN with a region', 's3:ListBucket', 'arn:aws:s3:us-east-1::b', 'implicitly-denied'],
    ['a service wildcard ARN', 'iam:PassRole', 'arn:aws:iam::*', 'allowed'],
    [
      'a log stream under a log group wildcard',
      'logs:PutLogEvents',
      'arn:aws:logs:*:*:log-group:/app/*',
      'allowed',
    ],
    [
      'another service',
      'sqs:SendMessage',
      'arn:aws:sns:us-east-1:111122223333:q',
      'implicitly-denied',
    ],
    [
      'a policy variable in the name',
      's3:GetObject',
      'arn:aws:s3:::home/${aws:username}/*',
      'allowed',
    ],
  ])('%s: %s on %j is %s', (_name, action, resource, decision) => {
    expect(granted(allow(action, resource), action)).toBe(decision);
  });

  test('s3:Get* on a bucket ARN grants the bucket Get actions, not the object ones', () => {
    const actions = grantedActions(catalogue, identity(doc(allow('s3:Get*', BUCKET)))).map(
      (g) => g.action,
    );
    expect(actions).toContain('s3:GetBucketPolicy');
    expect(actions).not.toContain('s3:GetObject');
    expect(actions).not.toContain('s3:GetObjectAcl');
    expect(actions.length).toBeLessThan(catalogue.expandActionPattern('s3:Get*').length / 2);
  });

  test('NotResource grants every other ARN, of any service, and "*"', () => {
    const notBucket: PolicyStatement = { Effect: 'Allow', Action: '*', NotResource: `${BUCKET}/*` };
    expect(granted(notBucket, 'ec2:DescribeInstances')).toBe('allowed');
    expect(granted(notBucket, 's3:GetObject')).toBe('allowed');
    expect(granted(notBucket, 'dynamodb:GetItem')).toBe('allowed');
    const notTables: PolicyStatement = {
      Effect: 'Allow',
      Action: 'dynamodb:*',
      NotResource: 'arn:*:dynamodb:*:*:table/*',
    };
    expect(granted(notTables, 'dynamodb:GetItem')).toBe('implicitly-denied');
    expect(granted(notTables, 'dynamodb:ListTables')).toBe('allowed');
    const notAll: PolicyStatement = { Effect: 'Allow', Action: '*', NotResource: '*' };
    expect(granted(notAll, 'ec2:DescribeInstances')).toBe('implicitly-denied');
  });

  test('a Deny removes an action only where it names all of its resources', () => {
    // A Deny on every table of every partition removes GetItem; on one table it does not.
    const everywhere = identity(doc(allow('*'), deny('dynamodb:*', 'arn:*:dynamodb:*:*:table/*')));
    expect(evaluate(catalogue, everywhere, 'dynamodb:GetItem').decision).toBe('explicitly-denied');
    expect(evaluate(catalogue, everywhere, 'dynamodb:ListTables').decision).toBe('allowed');
    const one = identity(doc(allow('*'), deny('dynamodb:*', TABLE)));
    expect(evaluate(catalogue, one, 'dynamodb:GetItem').decision).toBe('allowed');
    // A Deny scoped to a bucket does not touch actions without a resource type.
    const bucketDeny = identity(doc(allow('*'), deny('*', `${BUCKET}*`)));
    expect(evaluate(catalogue, bucketDeny, 'ec2:DescribeInstances').decision).toBe('allowed');
  });
});
