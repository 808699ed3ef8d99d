import { evaluate, grantedActions, patternNamesResourcesOf } from '../../src/evaluate/evaluator.js';
import { proveNotBroader } from '../../src/evaluate/subset.js';
import type { CurrentPolicies, PolicyDocument, PolicyStatement } from '../../src/policies/types.js';
import { catalogue } from '../support/iam.js';
import { allow, deny, doc, identity, MFA, withBoundary } from '../support/policies.js';

const BUCKET = 'arn:aws:s3:::data-bucket';

describe('proveNotBroader', () => {
  test('the same policy is not broader', () => {
    const policy = doc(allow(['s3:GetObject', 's3:PutObject'], `${BUCKET}/*`));
    expect(proveNotBroader(catalogue, [policy], identity(policy))).toEqual({
      ok: true,
      violations: [],
    });
  });

  test('no proposal is not broader', () => {
    expect(proveNotBroader(catalogue, [], identity())).toEqual({ ok: true, violations: [] });
  });

  test('a subset of actions is not broader (case does not matter)', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow(['S3:GETOBJECT', 's3:list*']))],
      identity(doc(allow('s3:*'))),
    );
    expect(proof.ok).toBe(true);
  });

  test('an action not allowed today is reported', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow(['s3:GetObject', 's3:PutObject']))],
      identity(doc(allow('s3:Get*'))),
    );
    expect(proof).toEqual({
      ok: false,
      violations: [{ action: 's3:PutObject', proposed: 'allowed', current: 'implicitly-denied' }],
    });
  });

  test('an action denied today is reported as explicitly denied', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:DeleteBucket'))],
      identity(doc(allow('s3:*'), deny('s3:DeleteBucket'))),
    );
    expect(proof.violations).toEqual([
      { action: 's3:DeleteBucket', proposed: 'allowed', current: 'explicitly-denied' },
    ]);
  });

  test('a wildcard proposal reports each action it adds', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:Get*Acl'))],
      identity(doc(allow('s3:GetBucketAcl'))),
    );
    expect(proof.violations.map((v) => v.action)).toEqual([
      's3:GetObjectAcl',
      's3:GetObjectVersionAcl',
    ]);
  });

  test('a plain Allow of what is only conditionally allowed today is broader', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:GetObject'))],
      identity(doc({ ...allow('s3:GetObject'), Condition: MFA })),
    );
    expect(proof.violations).toEqual([
      { action: 's3:GetObject', proposed: 'allowed', current: 'conditionally-allowed' },
    ]);
  });

  test('a plain Allow of what a conditional Deny sometimes denies today is broader', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:DeleteObject'))],
      identity(doc(allow('s3:*'), { ...deny('s3:Delete*'), Condition: MFA })),
    );
    expect(proof.violations).toEqual([
      { action: 's3:DeleteObject', proposed: 'allowed', current: 'conditionally-allowed' },
    ]);
  });

  test('a conditional Allow is not broader than a plain one', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc({ ...allow('s3:GetObject'), Condition: MFA })],
      identity(doc(allow('s3:*'))),
    );
    expect(proof.ok).toBe(true);
  });

  test('the same condition is not broader; written differently, still the same', () => {
    const current = identity(doc({ ...allow('s3:GetObject'), Condition: MFA }));
    const same = {
      ...allow('s3:GetObject'),
      Condition: { Bool: { 'AWS:multifactorauthpresent': ['true'] } },
    };
    expect(proveNotBroader(catalogue, [doc(same)], current).ok).toBe(true);
  });

  test('another condition is broader', () => {
    const current = identity(doc({ ...allow('s3:GetObject'), Condition: MFA }));
    const other = {
      ...allow('s3:GetObject'),
      Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    };
    expect(proveNotBroader(catalogue, [doc(other)], current).violations).toEqual([
      {
        action: 's3:GetObject',
        proposed: 'conditionally-allowed',
        current: 'conditionally-allowed',
      },
    ]);
  });

  test('Resource * is broader than a scoped Allow today', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:GetObject', '*'))],
      identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    );
    expect(proof.violations).toEqual([
      {
        action: 's3:GetObject',
        resource: '*',
        proposed: 'allowed',
        current: 'conditionally-allowed',
      },
    ]);
  });

  test('a narrower resource pattern is not broader', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:GetObject', [`${BUCKET}/reports/*`, `${BUCKET}/a.csv`]))],
      identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    );
    expect(proof.ok).toBe(true);
  });

  test('a resource outside what is allowed today is reported with the resource', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc(allow('s3:GetObject', [`${BUCKET}/reports/*`, 'arn:aws:s3:::other-bucket/*']))],
      identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    );
    expect(proof.violations).toEqual([
      {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::other-bucket/*',
        proposed: 'allowed',
        current: 'implicitly-denied',
      },
    ]);
  });

  test('a resource that overlaps a Deny on part of it today is broader', () => {
    const current = identity(
      doc(allow('s3:GetObject', `${BUCKET}/*`), deny('s3:GetObject', `${BUCKET}/secret/*`)),
    );
    const proof = proveNotBroader(catalogue, [doc(allow('s3:GetObject', `${BUCKET}/*`))], current);
    expect(proof.violations).toEqual([
      {
        action: 's3:GetObject',
        resource: `${BUCKET}/*`,
        proposed: 'allowed',
        current: 'conditionally-allowed',
      },
    ]);
    expect(
      proveNotBroader(catalogue, [doc(allow('s3:GetObject', `${BUCKET}/reports/*`))], current).ok,
    ).toBe(true);
  });

  test('NotResource in a proposal is broader than an Allow on fewer resources', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/secret/*` })],
      identity(doc(allow('s3:GetObject', `${BUCKET}/*`))),
    );
    expect(proof.violations.map((v) => [v.action, v.resource])).toEqual([
      ['s3:GetObject', `all but ${BUCKET}/secret/*`],
    ]);
  });

  describe('NotResource', () => {
    const notResource = (
      action: string | string[],
      resources: string | string[],
      key: 'Action' | 'NotAction' = 'Action',
    ): PolicyStatement => ({ Effect: 'Allow', [key]: action, NotResource: resources });
    const secret = `${BUCKET}/secret/*`;

    test('a narrowed NotResource statement of today is not broader', () => {
      const today = identity(doc(notResource(['s3:GetObject', 's3:PutObject'], secret)));
      expect(proveNotBroader(catalogue, [doc(notResource('s3:GetObject', secret))], today)).toEqual(
        {
          ok: true,
          violations: [],
        },
      );
    });

    test('NotAction with NotResource, narrowed to fewer actions, is not broader', () => {
      const today = identity(doc(notResource('iam:*', secret, 'NotAction')));
      const proposal = doc(notResource(['iam:*', 's3:Delete*'], secret, 'NotAction'));
      expect(proveNotBroader(catalogue, [proposal], today).ok).toBe(true);
      // The same statement with one exclusion fewer grants what today's leaves out.
      const wider = doc(notResource('iam:Get*', secret, 'NotAction'));
      const proof = proveNotBroader(catalogue, [wider], today);
      expect(proof.ok).toBe(false);
      expect(proof.violations.length).toBeGreaterThan(0);
      expect(proof.violations.every((v) => v.action.startsWith('iam:'))).toBe(true);
    });

    test('leaving out more resources than today is not broader; fewer is', () => {
      const today = identity(doc(notResource('s3:GetObject', secret)));
      const more = doc(notResource('s3:GetObject', [secret, `${BUCKET}/private/*`]));
      expect(proveNotBroader(catalogue, [more], today).ok).toBe(true);
      const wider = doc(notResource('s3:GetObject', `${BUCKET}/secret/a/*`));
      expect(proveNotBroader(catalogue, [wider], today).violations).toEqual([
        {
          action: 's3:GetObject',
          resource: `all but ${BUCKET}/secret/a/*`,
          proposed: 'allowed',
          current: 'conditionally-allowed',
        },
      ]);
    });

    test('a NotResource proposal under an Allow on every resource is not broader', () => {
      const today = identity(doc(allow('s3:*')));
      expect(proveNotBroader(catalogue, [doc(notResource('s3:GetObject', secret))], today).ok).toBe(
        true,
      );
    });

    test("a Resource proposal inside today's NotResource region is not broader", () => {
      const today = identity(doc(notResource('s3:GetObject', secret)));
      expect(
        proveNotBroader(catalogue, [doc(allow('s3:GetObject', `${BUCKET}/public/*`))], today).ok,
      ).toBe(true);
      const proof = proveNotBroader(catalogue, [doc(allow('s3:GetObject', `${BUCKET}/*`))], today);
      expect(proof.ok).toBe(false);
    });

    test("today's Deny statements must be kept, and the condition must be today's", () => {
      const todayDeny = {
        Effect: 'Deny' as const,
        Action: 's3:GetObject',
        Resource: `${BUCKET}/x`,
      };
      const today = identity(doc(notResource('s3:*', secret), todayDeny));
      expect(
        proveNotBroader(catalogue, [doc(notResource('s3:GetObject', secret), todayDeny)], today).ok,
      ).toBe(true);
      expect(proveNotBroader(catalogue, [doc(notResource('s3:GetObject', secret))], today).ok).toBe(
        false,
      );
      const conditional = identity(doc({ ...notResource('s3:*', secret), Condition: MFA }));
      expect(
        proveNotBroader(
          catalogue,
          [doc({ ...notResource('s3:GetObject', secret), Condition: MFA })],
          conditional,
        ).ok,
      ).toBe(true);
      expect(
        proveNotBroader(catalogue, [doc(notResource('s3:GetObject', secret))], conditional).ok,
      ).toBe(false);
    });

    test('a boundary must allow the whole region', () => {
      const today = identity(doc(notResource('s3:*', secret)));
      const proposal = [doc(notResource('s3:GetObject', secret))];
      expect(proveNotBroader(catalogue, proposal, withBoundary(today, doc(allow('s3:*')))).ok).toBe(
        true,
      );
      expect(
        proveNotBroader(catalogue, proposal, withBoundary(today, doc(notResource('s3:*', secret))))
          .ok,
      ).toBe(true);
      expect(
        proveNotBroader(catalogue, proposal, withBoundary(today, doc(allow('s3:*', `${BUCKET}/*`))))
          .ok,
      ).toBe(false);
    });

    test('a policy variable in a NotResource matches only the same pattern', () => {
      const own = `${BUCKET}/home/\${aws:username}/*`;
      const today = identity(doc(notResource('s3:GetObject', own)));
      expect(proveNotBroader(catalogue, [doc(notResource('s3:GetObject', own))], today).ok).toBe(
        true,
      );
      // Leaving out every home folder leaves out the caller's own too...
      const all = doc(notResource('s3:GetObject', `${BUCKET}/home/*`));
      expect(proveNotBroader(catalogue, [all], today).ok).toBe(true);
      // ...leaving out alice's does not.
      const alice = doc(notResource('s3:GetObject', `${BUCKET}/home/alice/*`));
      expect(proveNotBroader(catalogue, [alice], today).ok).toBe(false);
    });
  });

  describe('policy Version', () => {
    const variable = `${BUCKET}/home/\${aws:userid}/*`;
    const old = (...statements: PolicyStatement[]): PolicyDocument => ({
      Version: '2008-10-17',
      Statement: statements,
    });
    const versionless = (...statements: PolicyStatement[]): PolicyDocument => ({
      Statement: statements,
    });

    test('with 2008-10-17 or no Version, ${...} is plain text: the same statement in 2012-10-17 is broader', () => {
      for (const today of [
        old(allow('s3:GetObject', variable)),
        versionless(allow('s3:GetObject', variable)),
      ]) {
        const current = identity(today);
        expect(proveNotBroader(catalogue, [today], current).ok).toBe(true);
        const rewritten = proveNotBroader(
          catalogue,
          [doc(allow('s3:GetObject', variable))],
          current,
        );
        expect(rewritten.ok).toBe(false);
        expect(rewritten.violations).toEqual([
          {
            action: 's3:GetObject',
            resource: variable,
            proposed: 'conditionally-allowed',
            current: 'implicitly-denied',
          },
        ]);
      }
    });

    test('a variable of 2012-10-17 moved to 2008-10-17 is broader: the plain text is an ARN of its own', () => {
      const current = identity(doc(allow('s3:GetObject', variable)));
      expect(proveNotBroader(catalogue, [old(allow('s3:GetObject', variable))], current).ok).toBe(
        false,
      );
    });

    test("today's Deny with ${...} kept in a document of another Version is not kept", () => {
      const denyOwn = deny('s3:DeleteObject', variable);
      const current = identity(old(allow('s3:*'), denyOwn));
      expect(proveNotBroader(catalogue, [old(allow('s3:DeleteObject'), denyOwn)], current).ok).toBe(
        true,
      );
      // In 2012-10-17 the Deny names the caller's folder, not the text: the object whose key is
      // the text itself, denied today, would be allowed.
      const moved = proveNotBroader(catalogue, [doc(allow('s3:DeleteObject'), denyOwn)], current);
      expect(moved.violations.map((v) => [v.action, v.resource])).toEqual([
        ['s3:DeleteObject', '*'],
      ]);
    });
  });

  test('the boundary caps what is allowed today', () => {
    const current = withBoundary(identity(doc(allow('*'))), doc(allow('s3:*')));
    const proof = proveNotBroader(
      catalogue,
      [doc(allow(['s3:GetObject', 'ec2:RunInstances']))],
      current,
    );
    expect(proof.violations).toEqual([
      { action: 'ec2:RunInstances', proposed: 'allowed', current: 'implicitly-denied' },
    ]);
  });

  test('a conditional boundary makes a plain proposal broader', () => {
    const current = withBoundary(
      identity(doc(allow('*'))),
      doc({ ...allow('s3:*'), Condition: MFA }),
    );
    expect(proveNotBroader(catalogue, [doc(allow('s3:GetObject'))], current).violations).toEqual([
      { action: 's3:GetObject', proposed: 'allowed', current: 'conditionally-allowed' },
    ]);
    // ...and the same condition in the proposal is not, since identity allows it plainly
    const conditional = doc({ ...allow('s3:GetObject'), Condition: MFA });
    expect(proveNotBroader(catalogue, [conditional], current).ok).toBe(true);
  });

  test('a Deny in the proposal on all resources removes the action', () => {
    const current = identity(doc(allow('s3:*'), deny('s3:Delete*')));
    expect(proveNotBroader(catalogue, [doc(allow('s3:*'), deny('s3:Delete*'))], current).ok).toBe(
      true,
    );
    const without = proveNotBroader(catalogue, [doc(allow('s3:*'))], current);
    expect(without.violations.map((v) => v.action)).toEqual(
      catalogue.expandActionPattern('s3:Delete*'),
    );
  });

  test('NotAction in a proposal is broad', () => {
    const proof = proveNotBroader(
      catalogue,
      [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
      identity(doc(allow('s3:*'))),
    );
    expect(proof.violations).toHaveLength(
      catalogue.allActions().length -
        catalogue.serviceActions('iam').length -
        catalogue.serviceActions('s3').length,
    );
    expect(proof.violations.some((v) => v.action.startsWith('iam:'))).toBe(false);
  });

  test('* proposed against * today is not broader', () => {
    expect(proveNotBroader(catalogue, [doc(allow('*'))], identity(doc(allow('*')))).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test over randomised policies and proposals.

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  's3:GetObject',
  's3:Get*',
  's3:*',
  'S3:putobject',
  's3:Get*Acl',
  's3:List*',
  'ec2:Describe*',
  'ec2:Describe?nstances',
  'ec2:RunInstances',
  'iam:*Policy*',
  'iam:Get*',
  'dynamodb:Query',
  'dynamodb:*Item',
  'sqs:*Message',
  'lambda:InvokeFunction',
  'kms:Decrypt',
  'kms:*',
  'logs:Create*',
  'logs:PutLogEvents',
  'sts:AssumeRole',
  'cloudwatch:*',
];
const RESOURCES = [
  'arn:aws:s3:::data-bucket/*',
  'arn:aws:s3:::data-bucket',
  'arn:aws:s3:::data-bucket/reports/*',
  'arn:aws:dynamodb:us-east-1:111122223333:table/orders',
  'arn:aws:sqs:*:111122223333:queue-*',
  'arn:aws:logs:*:*:log-group:/app/*',
  'arn:aws:kms:eu-west-1:111122223333:key/*',
];
const BOUNDARY_SERVICES = ['s3:*', 'ec2:*', 'iam:*', 'dynamodb:*', 'sqs:*', 'logs:*', 'kms:*'];

function randomPolicies(rng: () => number): CurrentPolicies {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
  const some = <T>(list: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(rng() * max);
    return [...new Set(Array.from({ length: n }, () => pick(list)))];
  };
  const value = (list: string[]): string | string[] =>
    list.length === 1 && rng() < 0.5 ? (list[0] as string) : list;
  const condition = rng() < 0.5 ? MFA : { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } };

  const statement = (): PolicyStatement => {
    const r = rng();
    const actions = value(some(ACTIONS, 3));
    const resources = rng() < 0.5 ? '*' : value(some(RESOURCES, 2));
    if (r < 0.55) {
      const s: PolicyStatement = { Effect: 'Allow', Action: actions, Resource: resources };
      return rng() < 0.2 ? { ...s, Condition: condition } : s;
    }
    if (r < 0.58) return { Effect: 'Allow', NotAction: value(some(ACTIONS, 4)), Resource: '*' };
    if (r < 0.62)
      return { Effect: 'Allow', Action: actions, NotResource: value(some(RESOURCES, 2)) };
    if (r < 0.77) {
      const s: PolicyStatement = { Effect: 'Deny', Action: actions, Resource: '*' };
      return rng() < 0.4 ? { ...s, Condition: condition } : s;
    }
    if (r < 0.92) return { Effect: 'Deny', Action: actions, Resource: value(some(RESOURCES, 2)) };
    return { Effect: 'Deny', Action: actions, NotResource: value(some(RESOURCES, 2)) };
  };

  const policies = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, p) => ({
    kind: 'inline' as const,
    name: `policy-${p}`,
    document:
      rng() < 0.2
        ? { Version: '2012-10-17', Statement: statement() }
        : doc(...Array.from({ length: 1 + Math.floor(rng() * 5) }, statement)),
  }));
  const current: CurrentPolicies = { policies };
  if (rng() < 0.3) {
    const statements: PolicyStatement[] = [allow(some(BOUNDARY_SERVICES, 4))];
    if (rng() < 0.3) statements.push(deny(pick(ACTIONS)));
    current.boundary = { kind: 'boundary', name: 'boundary', document: doc(...statements) };
  }
  return current;
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Actions some Deny of `current` touches without removing them on every resource (scoped,
 * NotResource, or conditional). A proposal copying an Allow's resources may overlap them, which
 * is broader, so the "must be ok" property leaves these actions out. Computed from the
 * catalogue, not from the evaluator.
 */
function partlyDenied(current: CurrentPolicies): Set<string> {
  const actions = new Set<string>();
  const documents = [...current.policies, ...(current.boundary ? [current.boundary] : [])];
  for (const { document } of documents) {
    for (const s of statementsOf(document)) {
      if (s.Effect !== 'Deny') continue;
      const everywhere = s.Resource === '*' && s.Condition === undefined;
      if (everywhere) continue;
      for (const pattern of asList(s.Action)) {
        for (const action of catalogue.expandActionPattern(pattern)) actions.add(action);
      }
    }
  }
  return actions;
}

describe('proveNotBroader, randomised', () => {
  const CASES = 200;
  const runs = Array.from({ length: CASES }, (_, seed) => seed + 1);
  let provedOk = 0;
  let reportedExtra = 0;

  test.each(runs)('seed %i', (seed) => {
    const rng = prng(seed);
    const current = randomPolicies(rng);
    const byName = new Map(current.policies.map((p) => [p.name, p.document]));
    const excluded = partlyDenied(current);

    // A proposal built from what grantedActions says is plainly allowed, each action with the
    // resources of an identity statement that grants it.
    const proposal: PolicyStatement[] = [];
    for (const grant of grantedActions(catalogue, current)) {
      if (grant.decision !== 'allowed' || excluded.has(grant.action) || rng() > 0.3) continue;
      const source = grant.statements
        .filter((r) => r.kind !== 'boundary' && r.effect === 'Allow')
        .map((r) => statementsOf(byName.get(r.policy) ?? doc())[r.index])
        .find((s) => s?.Resource !== undefined);
      if (source?.Resource === undefined) continue;
      const action = rng() < 0.2 ? grant.action.toUpperCase() : grant.action;
      proposal.push(allow(action, source.Resource));
      if (proposal.length >= 12) break;
    }
    const proof = proveNotBroader(catalogue, [doc(...proposal)], current);
    expect(proof.violations).toEqual([]);
    expect(proof.ok).toBe(true);
    if (proposal.length > 0) provedOk++;

    // One extra action that is not allowed today must be reported.
    const everyAction = catalogue.allActions();
    let extra: string | undefined;
    for (let tries = 0; tries < 100 && extra === undefined; tries++) {
      const candidate = everyAction[Math.floor(rng() * everyAction.length)] as string;
      const today = evaluate(catalogue, current, candidate).decision;
      if (today === 'implicitly-denied' || today === 'explicitly-denied') extra = candidate;
    }
    if (extra === undefined) return;
    const picked = rng() < 0.5 ? '*' : (RESOURCES[Math.floor(rng() * RESOURCES.length)] as string);
    // A statement on resources the action does not act on grants nothing: `*` then.
    const resource = patternNamesResourcesOf(catalogue, extra, picked) ? picked : '*';
    const broader = proveNotBroader(catalogue, [doc(...proposal, allow(extra, resource))], current);
    expect(broader.ok).toBe(false);
    expect(broader.violations).toEqual([
      { action: extra, proposed: 'allowed', current: evaluate(catalogue, current, extra).decision },
    ]);
    reportedExtra++;
  });

  test('the random cases were not vacuous', () => {
    expect(provedOk).toBeGreaterThan(CASES / 2);
    expect(reportedExtra).toBeGreaterThan(CASES * 0.9);
  });
});
