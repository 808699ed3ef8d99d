import { classify } from '../../src/evaluate/classify.js';
import { evaluate, grantedActions } from '../../src/evaluate/evaluator.js';
import { proveNotBroader } from '../../src/evaluate/subset.js';
import {
  propose,
  size,
  split,
  uniqueSids,
  mergeDocuments,
  sizeProblems,
  MANAGED_POLICY_LIMIT,
  UNKNOWN_MODES,
  type UnknownMode,
} from '../../src/generate/proposal.js';
import { compressActions, compressComplement } from '../../src/generate/shape.js';
import type { CurrentPolicies, PolicyStatement } from '../../src/policies/types.js';
import { asArray } from '../../src/policies/document.js';
import { usage } from '../support/usage.js';
import { catalogue, knowledge } from '../support/iam.js';

const options: { unknown: UnknownMode; keepActions: string[]; withheldReasons: string[] } = {
  unknown: 'keep',
  keepActions: [],
  withheldReasons: [],
};
const none = {
  dataEvents: new Set<string>(
    ['s3', 'sqs', 'dynamodb'].flatMap((s) => [`${s}:read`, `${s}:write`]),
  ),
};

function current(statements: PolicyStatement[]): CurrentPolicies {
  return {
    policies: [
      { kind: 'inline', name: 'app', document: { Version: '2012-10-17', Statement: statements } },
    ],
  };
}

function run(
  cur: CurrentPolicies,
  used: string[],
  opts: Partial<typeof options> & { keepSidPrefix?: string } = {},
) {
  const u = used.map((a) => usage(a));
  return propose(catalogue, cur, classify(knowledge, cur, u, none), u, { ...options, ...opts });
}

describe('propose', () => {
  it('narrows statements to the used actions, keeping resources, conditions and Deny statements', () => {
    const cur = current([
      {
        Sid: 'Bucket',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: 'arn:aws:s3:::b/*',
      },
      {
        Sid: 'Queue',
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:DeleteQueue', 'sqs:PurgeQueue'],
        Resource: 'arn:aws:sqs:us-east-1:111122223333:q',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ]);
    const proposal = run(cur, ['s3:GetObject', 'sqs:SendMessage']);
    expect(proposal.status).toBe('proposed');
    expect(proposal.documents).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Bucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
          {
            Sid: 'Queue',
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: 'arn:aws:sqs:us-east-1:111122223333:q',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
          { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
        ],
      },
    ]);
    expect(proposal.removed).toContain('s3:DeleteObject');
    expect(proposal.removed).toContain('sqs:DeleteQueue');
  });

  it('keeps unknown actions unless told to drop them, the keep-list, and kept Sids verbatim', () => {
    const cur = current([
      {
        Effect: 'Allow',
        Action: ['iam:PassRole', 'kms:Encrypt', 'kms:Decrypt', 'kms:Sign'],
        Resource: '*',
      },
      { Sid: 'KeepBreakGlass', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
    ]);
    const kept = run(cur, ['kms:Decrypt'], { keepActions: ['kms:Sign'], keepSidPrefix: 'Keep' });
    expect(kept.documents[0]!.Statement).toEqual([
      { Effect: 'Allow', Action: ['iam:PassRole', 'kms:Decrypt', 'kms:Sign'], Resource: '*' },
      { Sid: 'KeepBreakGlass', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
    ]);
    const dropped = run(cur, ['kms:Decrypt'], { unknown: 'drop' });
    expect(dropped.documents[0]!.Statement).toEqual([
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    ]);
  });

  it('keeps a wildcard whose every action is kept, and narrows NotAction statements', () => {
    const cur = current([
      { Effect: 'Allow', Action: ['sqs:Get*', 'sqs:DeleteQueue'], Resource: '*' },
      { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b/*' },
    ]);
    const gets: string[] = catalogue.serviceActions('sqs').filter((a) => a.startsWith('sqs:Get'));
    const proposal = run(cur, [...gets, 's3:GetObject'], { unknown: 'drop' });
    const [first, second] = proposal.documents[0]!.Statement as PolicyStatement[];
    expect(first!.Action).toBe('sqs:Get*');
    // The kept actions of the NotAction statement, as an Action list: a wildcard where every
    // action it matches is kept (all of sqs:Get*), shorter than the NotAction list would be.
    expect(second).toEqual({
      Effect: 'Allow',
      Action: ['s3:GetObject', 'sqs:Get*'],
      Resource: 'arn:aws:s3:::b/*',
    });
  });

  it('withholds every removal when told why, and proposes today’s policies', () => {
    const cur = current([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
    ]);
    const proposal = run(cur, ['s3:GetObject'], { withheldReasons: ['coverage is incomplete'] });
    expect(proposal).toMatchObject({
      status: 'withheld',
      reasons: ['coverage is incomplete'],
      removed: [],
    });
    expect(proposal.documents).toEqual([cur.policies[0]!.document]);
  });

  it('says when there is nothing to remove', () => {
    const cur = current([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    expect(run(cur, ['s3:GetObject']).status).toBe('unchanged');
  });

  it('splits a proposal over the managed-policy size limit without losing an action', () => {
    const actions: string[] = catalogue.serviceActions('ec2').slice(0, 600);
    const document = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ec2', Effect: 'Allow' as const, Action: actions, Resource: '*' }],
    };
    expect(size(document)).toBeGreaterThan(MANAGED_POLICY_LIMIT);
    const parts = split([document]);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(size(part)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    const all = parts.flatMap((p) =>
      (p.Statement as PolicyStatement[]).flatMap((s) => s.Action as string[]),
    );
    expect(all).toEqual(actions);
    expect(
      new Set(parts.flatMap((p) => (p.Statement as PolicyStatement[]).map((s) => s.Sid))).size,
    ).toBe(parts.length);
  });
});

describe('propose: Version and NotResource', () => {
  const own = 'arn:aws:s3:::home/${aws:userid}/*';
  const policy = (
    name: string,
    version: string | undefined,
    statements: PolicyStatement[],
  ): CurrentPolicies['policies'][number] => ({
    kind: 'inline',
    name,
    document:
      version === undefined
        ? { Statement: statements }
        : { Version: version, Statement: statements },
  });

  it("keeps each document's Version, so ${...} of a 2008-10-17 policy stays plain text", () => {
    const cur: CurrentPolicies = {
      policies: [
        policy('old', '2008-10-17', [
          { Sid: 'Own', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: own },
        ]),
        policy('new', '2012-10-17', [
          {
            Sid: 'Queue',
            Effect: 'Allow',
            Action: ['sqs:SendMessage', 'sqs:PurgeQueue'],
            Resource: '*',
          },
        ]),
        policy('none', undefined, [
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Action: ['logs:PutLogEvents', 'logs:DeleteLogGroup'],
            Resource: '*',
          },
        ]),
      ],
    };
    const proposal = run(cur, ['s3:GetObject', 'sqs:SendMessage', 'logs:PutLogEvents'], {
      unknown: 'drop',
    });
    expect(proposal.status).toBe('proposed');
    expect(proposal.documents).toEqual([
      {
        Version: '2008-10-17',
        Statement: [{ Sid: 'Own', Effect: 'Allow', Action: 's3:GetObject', Resource: own }],
      },
      {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Queue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
      },
      { Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] },
    ]);
    expect(proposal.notes[0]).toMatch(
      /^2 statements come from policies with Version "2008-10-17" or none and keep it/,
    );
    expect(proveNotBroader(catalogue, proposal.documents, cur).ok).toBe(true);
    // What the issue found: the same statement rewritten as 2012-10-17 is broader.
    const rewritten = proposal.documents.map((d) => ({ ...d, Version: '2012-10-17' }));
    expect(proveNotBroader(catalogue, rewritten, cur).ok).toBe(false);
  });

  it('narrows a NotResource statement and proves it (was: "internal check failed")', () => {
    const cur = current([
      {
        Sid: 'AllButSecret',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        NotResource: 'arn:aws:s3:::data/secret/*',
      },
    ]);
    const proposal = run(cur, ['s3:GetObject']);
    expect(proposal.status).toBe('proposed');
    expect(proposal.reasons).toEqual([]);
    expect(proposal.documents).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllButSecret',
            Effect: 'Allow',
            Action: 's3:GetObject',
            NotResource: 'arn:aws:s3:::data/secret/*',
          },
        ],
      },
    ]);
    expect(proposal.removed).toEqual(['s3:DeleteObject', 's3:PutObject']);
  });

  it('narrows NotAction with NotResource (PowerUser-like) and proves it', () => {
    const cur = current([
      {
        Sid: 'PowerUser',
        Effect: 'Allow',
        NotAction: ['iam:*', 'organizations:*', 'account:*'],
        NotResource: 'arn:aws:s3:::audit-logs/*',
      },
      { Sid: 'NoTrailChanges', Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*' },
    ]);
    const proposal = run(cur, ['s3:GetObject', 'sqs:SendMessage'], { unknown: 'drop' });
    expect(proposal.status).toBe('proposed');
    const statements = proposal.documents.flatMap((d) => d.Statement as PolicyStatement[]);
    expect(statements.find((s) => s.Sid === 'PowerUser')).toMatchObject({
      Action: ['s3:GetObject', 'sqs:SendMessage'],
      NotResource: 'arn:aws:s3:::audit-logs/*',
    });
    expect(statements.find((s) => s.Sid === 'NoTrailChanges')).toBeDefined();
    expect(proveNotBroader(catalogue, proposal.documents, cur).ok).toBe(true);
  });
});

describe('propose: resource types', () => {
  it('drops actions a scoped statement names but cannot grant, and keeps every used one wherever it is named', () => {
    const cur = current([
      {
        Sid: 'Bucket',
        Effect: 'Allow',
        // On a bucket ARN: s3:GetObject (an object action) is granted by nothing here.
        Action: ['s3:ListBucket', 's3:GetObject', 's3:ListAllMyBuckets', 's3:DeleteBucket'],
        Resource: 'arn:aws:s3:::orders',
      },
    ]);
    // The role listed its buckets (the trail says so): the evaluator finds no statement that
    // grants s3:ListAllMyBuckets on a bucket ARN, so it is "used, not granted" — and kept.
    const proposal = run(cur, ['s3:ListBucket', 's3:ListAllMyBuckets']);
    expect(proposal.status).toBe('proposed');
    expect(proposal.removed).toEqual(['s3:DeleteBucket']);
    expect(proposal.documents).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Bucket',
            Effect: 'Allow',
            Action: ['s3:ListAllMyBuckets', 's3:ListBucket'],
            Resource: 'arn:aws:s3:::orders',
          },
        ],
      },
    ]);
  });
});

describe('propose: resource-scope', () => {
  const TABLE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
  const withResources = (action: string, arns: string[]) => ({
    ...usage(action),
    resources: arns.map((arn) => ({
      arn,
      how: 'resources' as const,
      count: 1,
      lastSeen: '2026-10-02T00:00:00Z',
    })),
  });
  const scoped = (cur: CurrentPolicies, mode: 'keep' | 'observed' | 'account') => {
    const u = [
      withResources('dynamodb:GetItem', [TABLE]),
      withResources('dynamodb:PutItem', [TABLE]),
      usage('dynamodb:ListTables'),
      withResources('s3:GetObject', ['arn:aws:s3:::other-bucket/x']),
    ];
    return propose(catalogue, cur, classify(knowledge, cur, u, none), u, {
      ...options,
      unknown: 'drop',
      scope: { mode, maxArns: 10 },
    });
  };

  it('takes the used actions out of a statement on "*" into one on the resources they acted on', () => {
    const cur = current([
      { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      { Sid: 'Docs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/*' },
    ]);
    const proposal = scoped(cur, 'observed');
    expect(proposal.status).toBe('proposed');
    expect(proposal.documents[0]?.Statement).toEqual([
      // What has no resource type keeps "*".
      { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
      {
        Sid: 'TablesScoped',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: TABLE,
      },
      // The object read was in another bucket than this statement names: left as it is.
      { Sid: 'Docs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/*' },
    ]);
    expect(proposal.notes).toContain(
      'resource-scope: 2 used actions are scoped to the resources they acted on; 1 statement went from "*" to named resources',
    );
    expect(proposal.notes).toContain(
      "resource-scope: 1 used action keeps today's Resource where its statement does not name every resource it acted on (another statement or a resource policy allowed some of those calls): s3:GetObject",
    );
    expect(proveNotBroader(catalogue, proposal.documents, cur).ok).toBe(true);
    // Every call stays allowed, on the ARN it acted on.
    const proposed: CurrentPolicies = {
      policies: proposal.documents.map((document, i) => ({
        kind: 'file',
        name: `p${i}`,
        document,
      })),
    };
    expect(evaluate(catalogue, proposed, 'dynamodb:GetItem', TABLE).decision).toBe('allowed');
    expect(evaluate(catalogue, proposed, 'dynamodb:GetItem', `${TABLE}-other`).decision).toBe(
      'implicitly-denied',
    );
  });

  it('keeps a Condition, and scopes a NotAction statement by excluding the scoped actions', () => {
    const condition = { Bool: { 'aws:SecureTransport': 'true' } };
    const cur = current([
      { Sid: 'All', Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: condition },
    ]);
    const proposal = scoped(cur, 'account');
    expect(proposal.status).toBe('proposed');
    const statements = proposal.documents.flatMap((d) => d.Statement as PolicyStatement[]);
    expect(statements.find((s) => s.Sid === 'AllScoped')).toEqual({
      Sid: 'AllScoped',
      Effect: 'Allow',
      Condition: condition,
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/*',
    });
    const all = statements.find((s) => s.Sid === 'All');
    const proposed: CurrentPolicies = {
      policies: [
        { kind: 'file', name: 'p', document: { Version: '2012-10-17', Statement: [all!] } },
      ],
    };
    // The main statement no longer grants them at all.
    expect(evaluate(catalogue, proposed, 'dynamodb:GetItem').decision).toBe('implicitly-denied');
    expect(evaluate(catalogue, proposed, 's3:GetObject').decision).toBe('implicitly-denied');
    expect(evaluate(catalogue, proposed, 'dynamodb:ListTables').decision).toBe(
      'conditionally-allowed',
    );
    expect(proveNotBroader(catalogue, proposal.documents, cur).ok).toBe(true);
  });

  it('leaves an action as it is where the statement may name a resource without proof (a policy variable)', () => {
    const cur = current([
      {
        Sid: 'Homes',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::shared/*'],
      },
    ]);
    const u = [
      {
        ...usage('s3:GetObject'),
        resources: ['arn:aws:s3:::home/alice/x', 'arn:aws:s3:::shared/y'].map((arn) => ({
          arn,
          how: 'resources' as const,
          count: 1,
          lastSeen: '2026-10-02T00:00:00Z',
        })),
      },
    ];
    const proposal = propose(catalogue, cur, classify(knowledge, cur, u, none), u, {
      ...options,
      unknown: 'drop',
      scope: { mode: 'observed', maxArns: 10 },
    });
    const statements = proposal.documents.flatMap((d) => d.Statement as PolicyStatement[]);
    expect(statements).toEqual([
      {
        Sid: 'Homes',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::shared/*'],
      },
    ]);
  });

  it('keep changes nothing', () => {
    const cur = current([{ Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }]);
    const statements = scoped(cur, 'keep').documents.flatMap(
      (d) => d.Statement as PolicyStatement[],
    );
    expect(statements.every((s) => s.Resource === '*')).toBe(true);
  });
});

describe('split: Sids of cut statements', () => {
  it('gives the later parts of a cut statement Sids no other statement has', () => {
    const actions: string[] = catalogue.serviceActions('ec2').slice(0, 600);
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2', Effect: 'Allow' as const, Action: actions, Resource: '*' },
        { Sid: 'Ec2Part2', Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' },
      ],
    };
    const parts = split([document]);
    const sids = parts.flatMap((p) => (p.Statement as PolicyStatement[]).map((s) => s.Sid));
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toContain('Ec2Part2');
    expect(sids).toContain('Ec2Part3');
    const kept = parts
      .flatMap((p) => p.Statement as PolicyStatement[])
      .find((s) => s.Sid === 'Ec2Part2');
    expect(kept?.Action).toBe('s3:GetObject');
  });
});

describe('propose: what it cannot know it keeps, and what it says it removes', () => {
  it('keeps Action patterns the catalogue does not know verbatim, and reports them unknown', () => {
    const cur = current([
      { Sid: 'Future', Effect: 'Allow', Action: 'futuresvc:DoThing', Resource: '*' },
      {
        Sid: 'Mixed',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 'newsvc:Do*'],
        Resource: 'arn:aws:s3:::b/*',
      },
      { Sid: 'Other', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
    ]);
    const u = [usage('s3:GetObject'), usage('kms:Decrypt')];
    const classification = classify(knowledge, cur, u, none);
    expect(
      classification.unknown.filter((x) => x.reason === 'not-in-catalogue').map((x) => x.action),
    ).toEqual(['futuresvc:DoThing', 'newsvc:Do*']);
    for (const unknown of UNKNOWN_MODES) {
      const proposal = propose(catalogue, cur, classification, u, { ...options, unknown });
      expect(proposal.status).toBe('proposed');
      expect(proposal.documents[0]!.Statement).toEqual([
        { Sid: 'Future', Effect: 'Allow', Action: 'futuresvc:DoThing', Resource: '*' },
        {
          Sid: 'Mixed',
          Effect: 'Allow',
          Action: ['newsvc:Do*', 's3:GetObject'],
          Resource: 'arn:aws:s3:::b/*',
        },
        { Sid: 'Other', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      ]);
      expect(proposal.removed).toEqual(['kms:Encrypt', 's3:PutObject']);
    }
  });

  it('proves a pattern outside the catalogue only when today grants it in the same statement', () => {
    const cur = current([{ Effect: 'Allow', Action: 'futuresvc:DoThing', Resource: 'arn:x' }]);
    const doc = (statement: PolicyStatement) => [{ Version: '2012-10-17', Statement: [statement] }];
    expect(
      proveNotBroader(
        catalogue,
        doc({ Effect: 'Allow', Action: 'futuresvc:DoThing', Resource: 'arn:x' }),
        cur,
      ).ok,
    ).toBe(true);
    expect(
      proveNotBroader(
        catalogue,
        doc({ Effect: 'Allow', Action: 'futuresvc:DoThing', Resource: '*' }),
        cur,
      ).violations,
    ).toEqual([expect.objectContaining({ action: 'futuresvc:DoThing' })]);
    expect(
      proveNotBroader(
        catalogue,
        doc({ Effect: 'Allow', Action: 'futuresvc:Other', Resource: 'arn:x' }),
        cur,
      ).ok,
    ).toBe(false);
  });

  it('computes removed from what the proposal still grants (kept Sids, other statements)', () => {
    const cur = current([
      { Sid: 'KeepBreakGlass', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'kms:Decrypt', 'kms:Sign'],
        Resource: '*',
      },
    ]);
    const proposal = run(cur, ['kms:Decrypt'], { keepSidPrefix: 'Keep' });
    expect(proposal.status).toBe('proposed');
    // ec2:StopInstances leaves the second statement but is still granted by the kept one.
    expect(proposal.removed).toEqual(['kms:Sign']);
    const proposed: CurrentPolicies = {
      policies: proposal.documents.map((document, i) => ({
        kind: 'file',
        name: `p${i}`,
        document,
      })),
    };
    expect(evaluate(catalogue, proposed, 'ec2:StopInstances').decision).toBe('allowed');

    // Only a kept statement holds the unused action: nothing is removed.
    const onlyKept = current([
      { Sid: 'KeepBreakGlass', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    ]);
    expect(run(onlyKept, ['kms:Decrypt'], { keepSidPrefix: 'Keep' })).toMatchObject({
      status: 'unchanged',
      removed: [],
    });
  });

  it('makes Sids unique without changing today’s statements', () => {
    const statements: PolicyStatement[] = [
      { Sid: 'A', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'A', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' },
      { Sid: 'A2', Effect: 'Allow', Action: 'kms:Sign', Resource: '*' },
      { Sid: 'A', Effect: 'Allow', Action: 'kms:Verify', Resource: '*' },
    ];
    const before = structuredClone(statements);
    const unique = uniqueSids(statements);
    expect(unique.map((s) => s.Sid)).toEqual(['A', 'A3', 'A2', 'A4']);
    expect(statements).toEqual(before);

    const cur: CurrentPolicies = {
      policies: [
        { kind: 'inline', name: 'one', document: { Statement: statements.slice(0, 2) } },
        {
          kind: 'inline',
          name: 'two',
          document: {
            Statement: [
              ...statements.slice(2),
              { Sid: 'X', Effect: 'Allow', Action: 'kms:Tag*', Resource: '*' },
            ],
          },
        },
      ],
    };
    const snapshot = structuredClone(cur);
    const used = ['kms:Decrypt', 'kms:Encrypt', 'kms:Sign', 'kms:Verify'];
    const proposal = run(cur, used, { unknown: 'drop', keepSidPrefix: 'A' });
    expect(proposal.status).toBe('proposed');
    const sids = (proposal.documents[0]!.Statement as PolicyStatement[]).map((s) => s.Sid);
    expect(sids).toEqual(['A', 'A3', 'A2', 'A4']);
    expect(cur).toEqual(snapshot);
  });
});

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: a proposal is never broader than today and keeps every used action', () => {
  const pool = [
    's3:GetObject',
    's3:PutObject',
    's3:Get*',
    's3:*',
    'sqs:SendMessage',
    'sqs:*',
    'iam:PassRole',
    'iam:Get*',
    'kms:Decrypt',
    'kms:*crypt*',
    'ec2:Describe*',
    'dynamodb:Query',
    'lambda:InvokeFunction',
  ];
  const resources = [
    '*',
    'arn:aws:s3:::b/*',
    'arn:aws:sqs:us-east-1:111122223333:q',
    'arn:aws:kms:*:111122223333:key/*',
  ];

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('seed %i', (seed) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const statements: PolicyStatement[] = Array.from(
      { length: 1 + Math.floor(random() * 4) },
      () => {
        const actions = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pool));
        const statement: PolicyStatement = {
          Effect: random() < 0.15 ? 'Deny' : 'Allow',
          Resource: pick(resources),
        };
        if (random() < 0.15) statement.NotAction = actions;
        else statement.Action = actions;
        if (random() < 0.2) statement.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
        return statement;
      },
    );
    const cur = current(statements);
    const grants = grantedActions(catalogue, cur).map((g) => g.action);
    const used = grants.filter(() => random() < 0.3);
    const u = used.map((a) => usage(a));
    const proposal = propose(catalogue, cur, classify(knowledge, cur, u, none), u, {
      ...options,
      unknown: UNKNOWN_MODES[Math.floor(random() * 3)]!,
    });
    const proof = proveNotBroader(catalogue, proposal.documents, cur);
    if (!proof.ok) console.log(JSON.stringify({ statements, docs: proposal.documents }));
    expect({
      seed,
      violations: proof.violations.slice(0, 3),
      statements,
      proposal: proposal.documents,
    }).toMatchObject({ violations: [] });
    const proposed: CurrentPolicies = {
      policies: proposal.documents.map((document, i) => ({
        kind: 'file',
        name: `p${i}`,
        document,
      })),
    };
    for (const action of used) {
      expect([action, evaluate(catalogue, proposed, action).decision]).toEqual([
        action,
        evaluate(catalogue, cur, action).decision,
      ]);
    }
    for (const action of proposal.removed) {
      expect([action, evaluate(catalogue, proposed, action).decision]).toEqual([
        action,
        'implicitly-denied',
      ]);
    }
  });
});

describe('property: an independent oracle, request by request', () => {
  // Whatever the proposal allows for a concrete (action, resource ARN), today's policies allowed:
  // checked with the per-request `evaluate`, not with the subset prover the proposal uses.
  const pool = [
    's3:GetObject',
    's3:PutObject',
    's3:Get*',
    's3:*',
    'sqs:SendMessage',
    'sqs:*',
    'iam:PassRole',
    'iam:Get*',
    'kms:Decrypt',
    'kms:*crypt*',
    'ec2:Describe*',
    'dynamodb:Query',
    'futuresvc:DoThing',
    '*',
  ];
  const resources = [
    '*',
    'arn:aws:s3:::b/*',
    'arn:aws:s3:::b',
    'arn:aws:sqs:us-east-1:111122223333:q',
    'arn:aws:kms:*:111122223333:key/*',
    'arn:aws:iam::111122223333:role/*',
  ];
  const fixedArns = [
    'arn:aws:s3:::b/key.txt',
    'arn:aws:s3:::b',
    'arn:aws:s3:::other/key.txt',
    'arn:aws:sqs:us-east-1:111122223333:q',
    'arn:aws:sqs:eu-west-1:444455556666:q',
    'arn:aws:kms:us-east-1:111122223333:key/k1',
    'arn:aws:iam::111122223333:role/worker',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-1',
  ];
  const concrete = (pattern: string): string =>
    pattern === '*'
      ? 'arn:aws:dynamodb:us-east-1:111122223333:table/t'
      : pattern.replace(/\*/g, 'x1');
  const allows = (d: string): boolean => d === 'allowed' || d === 'conditionally-allowed';

  it.each(Array.from({ length: 30 }, (_, i) => i + 101))('seed %i', (seed) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const statement = (i: number): PolicyStatement => {
      const actions = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pool));
      const s: PolicyStatement = { Effect: random() < 0.15 ? 'Deny' : 'Allow' };
      if (random() < 0.2) s.Sid = random() < 0.5 ? `Keep${i}` : 'Dup';
      if (random() < 0.15) s.NotAction = actions;
      else s.Action = actions;
      if (random() < 0.15) s.NotResource = pick(resources.slice(1));
      else s.Resource = pick(resources);
      if (random() < 0.2) s.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
      return s;
    };
    const statements = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => statement(i));
    const cur: CurrentPolicies = {
      ...current(statements),
      ...(random() < 0.3
        ? {
            boundary: {
              kind: 'boundary',
              name: 'b',
              document: { Statement: [statement(9), statement(10)] },
            },
          }
        : {}),
    };
    const grants = grantedActions(catalogue, cur).map((g) => g.action);
    const used = grants.filter(() => random() < 0.3);
    const u = used.map((a) => usage(a));
    const proposal = propose(catalogue, cur, classify(knowledge, cur, u, none), u, {
      ...options,
      unknown: UNKNOWN_MODES[Math.floor(random() * 3)]!,
      ...(random() < 0.5 ? { keepSidPrefix: 'Keep' } : {}),
    });
    // The boundary stays on the role: the proposal is evaluated under it.
    const proposed: CurrentPolicies = {
      policies: proposal.documents.map((document, i) => ({
        kind: 'file',
        name: `p${i}`,
        document,
      })),
      ...(cur.boundary ? { boundary: cur.boundary } : {}),
    };
    const sampled = [
      ...new Set([
        ...['s3', 'sqs', 'kms', 'iam', 'ec2', 'dynamodb'].flatMap((p) =>
          catalogue.serviceActions(p).filter(() => random() < 0.02),
        ),
        ...grants.filter(() => random() < 0.2),
        ...used,
        'futuresvc:DoThing',
        'futuresvc:Other',
      ]),
    ];
    const arns = [
      ...new Set([
        ...fixedArns,
        ...statements.flatMap((s) =>
          [s.Resource, s.NotResource]
            .flatMap((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r]))
            .map(concrete),
        ),
      ]),
    ];
    const broader: string[] = [];
    for (const action of sampled) {
      for (const arn of [undefined, ...arns]) {
        const mine = evaluate(catalogue, proposed, action, arn).decision;
        if (!allows(mine)) continue;
        const today = evaluate(catalogue, cur, action, arn).decision;
        if (today === 'allowed') continue;
        if (mine === 'conditionally-allowed' && today === 'conditionally-allowed') continue;
        broader.push(`${action} on ${arn ?? 'some resource'}: ${mine}, today ${today}`);
      }
    }
    expect({ seed, statements, proposal: proposal.documents, broader }).toMatchObject({
      broader: [],
    });
    // And removed is exactly what the proposal stopped granting.
    for (const action of proposal.removed) {
      expect([action, allows(evaluate(catalogue, proposed, action).decision)]).toEqual([
        action,
        false,
      ]);
    }
  });
});

describe('the shape of a narrowed statement', () => {
  it('writes wildcards only at word boundaries, and only where every action matched is kept', () => {
    const gets = catalogue.serviceActions('sqs').filter((a) => a.startsWith('sqs:Get'));
    expect(compressActions(catalogue, [...gets, 'sqs:SendMessage'])).toEqual([
      'sqs:Get*',
      'sqs:SendMessage',
    ]);
    // All of a service: svc:*.
    expect(compressActions(catalogue, catalogue.serviceActions('sqs'))).toEqual(['sqs:*']);
    // s3:GetObject alone is not s3:GetObject* (GetObjectAcl is not kept); a lone action is listed.
    expect(compressActions(catalogue, ['s3:GetObject', 's3:PutObject'])).toEqual([
      's3:GetObject',
      's3:PutObject',
    ]);
    // Every s3:GetObject* action: one wildcard that also covers s3:GetObject itself.
    const objectGets = catalogue.serviceActions('s3').filter((a) => /^s3:GetObject/.test(a));
    expect(compressActions(catalogue, objectGets)).toEqual(['s3:GetObject*']);
    // Never mid-word: with s3:GetObjectAcl left out, no s3:GetObjectV* or s3:GetObjectA*.
    const someGets = objectGets.filter((a) => a !== 's3:GetObjectAcl');
    for (const pattern of compressActions(catalogue, someGets)) {
      expect(pattern).toMatch(/^s3:(GetObject[A-Za-z]*|GetObject[A-Z][a-z]+\*)$/);
      expect(catalogue.expandActionPattern(pattern).every((a) => someGets.includes(a))).toBe(true);
    }
    expect(
      compressActions(catalogue, someGets)
        .flatMap((x) => catalogue.expandActionPattern(x))
        .sort(),
    ).toEqual(someGets.sort());
  });

  it('writes the excluded rest of the catalogue as NotAction wildcards that only narrow', () => {
    const kept = new Set(['s3:getobject', 'sqs:sendmessage']);
    const excluded = compressComplement(catalogue, kept);
    expect(excluded).toContain('ec2:*');
    expect(excluded).not.toContain('s3:*');
    for (const pattern of excluded) {
      for (const action of catalogue.expandActionPattern(pattern)) {
        expect([pattern, kept.has(action.toLowerCase())]).toEqual([pattern, false]);
      }
    }
  });

  it('keeps a NotAction statement as the shorter of an Action and a NotAction list', () => {
    // A few s3 actions used under NotAction: an Action list.
    const all = current([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
    const few = run(all, ['s3:GetObject', 's3:PutObject'], { unknown: 'drop' });
    expect(few.documents[0]!.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
    ]);
    // Everything but iam and s3:DeleteBucket used: the NotAction list is shorter.
    const used = catalogue
      .allActions()
      .filter((a) => !a.startsWith('iam:') && a !== 's3:DeleteBucket');
    const proposal = run(all, used, { unknown: 'drop' });
    expect(proposal.status).toBe('proposed');
    expect(proposal.documents[0]!.Statement).toEqual([
      { Effect: 'Allow', NotAction: ['iam:*', 's3:DeleteBucket'], Resource: '*' },
    ]);
    // `s3:*` is not "everything else": only an Action list can narrow it.
    const s3 = current([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    const narrowed = run(s3, ['s3:GetObject'], { unknown: 'drop' });
    expect(narrowed.documents[0]!.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ]);
  });

  it('writes an Action list, cut into parts, where the shorter NotAction list would not fit one policy', () => {
    // Every third EC2 and S3 action removed: the NotAction list names some 300 of them (over
    // 6,144 characters, and a NotAction statement cannot be cut); the Action list is longer but
    // can be split.
    const removed = new Set(
      [...catalogue.serviceActions('ec2'), ...catalogue.serviceActions('s3')].filter(
        (_, i) => i % 3 === 0,
      ),
    );
    const used = catalogue.allActions().filter((a) => !removed.has(a));
    // A managed policy (inline ones hold 10,240 characters together, too few here). The parts of
    // the cut statement get longer Sids (AllPart2, ...) and still fit.
    const cur: CurrentPolicies = {
      policies: [
        {
          kind: 'managed',
          name: 'arn:aws:iam::111122223333:policy/all',
          document: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }],
          },
        },
      ],
    };
    const proposal = run(cur, used, { unknown: 'drop' });
    expect(proposal.status).toBe('proposed');
    expect(proposal.documents.length).toBeGreaterThan(1);
    const statements = proposal.documents.flatMap((d) => d.Statement as PolicyStatement[]);
    expect(statements.every((s) => s.NotAction === undefined)).toBe(true);
    for (const n of proposal.sizes) expect(n).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    expect([...proposal.removed].sort()).toEqual([...removed].sort());
  });

  it('is too-large, with the figures, when the evidence cannot fit a role', () => {
    // Every other EC2 action used: neither list compresses, and an Action list of ~380 actions
    // in each of 12 statements with conditions (so they cannot merge) cannot fit in 10 policies.
    const ec2 = catalogue.serviceActions('ec2');
    const used = ec2.filter((_, i) => i % 2 === 0);
    const statements: PolicyStatement[] = Array.from({ length: 12 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 'ec2:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': `region-${i}` } },
    }));
    const proposal = run(current(statements), used, { unknown: 'drop' });
    expect(proposal.status).toBe('too-large');
    expect(proposal.reasons[0]).toMatch(
      /^the proposal needs \d+ managed policies of at most 6144 characters \(\d+ characters in all\); a role takes at most 10 by default$/,
    );
    expect(proposal.reasons.at(-1)).toMatch(
      /^largest statements: S\d+(Part\d+)?: \d+ characters, \d+ Action entries/,
    );
    // Nothing IAM would refuse is proposed: today's documents stand.
    expect(proposal.documents).toEqual([current(statements).policies[0]!.document]);
    expect(proposal.removed).toEqual([]);
  });

  it('is too-large for inline policies over 10,240 characters together', () => {
    const ec2 = catalogue.serviceActions('ec2');
    const used = ec2.filter((_, i) => i % 2 === 0);
    const cur = current([{ Sid: 'A', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]);
    const proposal = run(cur, used, { unknown: 'drop' });
    expect(proposal.status).toBe('too-large');
    expect(proposal.reasons).toContainEqual(
      expect.stringMatching(
        /^today's policies are inline, and the proposal takes \d+ characters; a role's inline policies hold at most 10240 together$/,
      ),
    );
  });
});

describe('sizeProblems', () => {
  it('finds none for documents that fit', () => {
    const cur = current([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    expect(sizeProblems([cur.policies[0]!.document], cur)).toEqual([]);
  });
});

describe("a permission set's documents as one inline policy", () => {
  it('keeps every statement, in order, and gives a repeated Sid a number', () => {
    const merged = mergeDocuments([
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Sid: 'Read2', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' },
        ],
      },
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Read', Effect: 'Allow', Action: 'athena:GetQueryResults', Resource: '*' },
          { Effect: 'Allow', Action: 'glue:GetTable', Resource: '*' },
        ],
      },
    ]);
    expect(merged.Version).toBe('2012-10-17');
    expect(asArray(merged.Statement).map((s) => s.Sid)).toEqual([
      'Read',
      'Read2',
      'Read3',
      undefined,
    ]);
    expect(asArray(merged.Statement).map((s) => s.Action)).toEqual([
      's3:GetObject',
      's3:ListBucket',
      'athena:GetQueryResults',
      'glue:GetTable',
    ]);
  });
});
