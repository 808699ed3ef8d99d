import { buildPublishSettings, PUBLISH_INPUT_NAMES, targetOf } from '../../src/settings/publish.js';
import { UserError } from '../../src/util/errors.js';

const ROLE = [{ type: 'role', name: 'orders-api' }] as const;
const R = [{ type: 'role', name: 'r' }] as const;

describe('buildPublishSettings', () => {
  it('defaults from the role and the event: modes, policy file, branch, fail-on', () => {
    expect(buildPublishSettings({ token: 't' }, ROLE, 'pull_request')).toEqual({
      modes: ['comment'],
      policyPath: 'iam/orders-api.json',
      branch: 'iam-policy-drift/orders-api',
      grouping: 'per-principal',
      labels: [],
      reviewers: [],
      failOn: ['unused'],
      maxUnused: 0,
      token: 't',
    });
    expect(buildPublishSettings({ token: 't' }, R, 'schedule').modes).toEqual(['pull-request']);
  });

  it('reads lists one rule for all: commas or line breaks, trimmed, repeats left out', () => {
    const settings = buildPublishSettings(
      {
        mode: 'check,\n report, check',
        labels: 'security, good first issue\niam',
        reviewers: 'alice\nbob,alice',
        failOn: 'unused, denied',
        policyPath: './policies/app.json',
        maxUnused: '3',
        commentAuthor: 'bot[bot]',
      },
      R,
      'push',
    );
    expect(settings).toMatchObject({
      modes: ['check', 'report'],
      labels: ['security', 'good first issue', 'iam'],
      reviewers: ['alice', 'bob'],
      failOn: ['unused', 'denied'],
      policyPath: 'policies/app.json',
      maxUnused: 3,
      commentAuthor: 'bot[bot]',
      token: '',
    });
  });

  it.each([
    [
      { mode: 'comment, post' },
      /^mode: "post" is not a mode; expected comment, pull-request, check, report, comma-separated$/,
    ],
    [
      { mode: 'check', failOn: 'unused,everything' },
      /^fail-on: "everything" is not a condition; expected unused, denied, drift/,
    ],
    [{ mode: 'check', maxUnused: '-1' }, /^max-unused: "-1" is not a whole number$/],
    [{ mode: 'check', maxUnused: '2.5' }, /^max-unused: "2.5" is not a whole number$/],
    [{ mode: 'pull-request' }, /^github-token is empty: modes pull-request need a token/],
  ])('refuses %j, naming the input', (raw, message) => {
    const run = () => buildPublishSettings(raw, R, 'push');
    expect(run).toThrow(UserError);
    expect(run).toThrow(message);
  });

  it('names every input as action.yml does', () => {
    expect(Object.values(PUBLISH_INPUT_NAMES).sort()).toEqual(
      [
        'comment-author',
        'fail-on',
        'github-token',
        'labels',
        'max-unused',
        'mode',
        'policy-path',
        'pull-request-branch',
        'pull-request-grouping',
        'reviewers',
      ].sort(),
    );
  });
});

test("a user's default policy file and branch are under users/", () => {
  const settings = buildPublishSettings(
    { token: 't' },
    [{ type: 'user', name: 'deploy-bot' }],
    'schedule',
  );
  expect(settings.policyPath).toBe('iam/users/deploy-bot.json');
  expect(settings.branch).toBe('iam-policy-drift/users/deploy-bot');
});

test("a permission set's default policy file and branch are under permission-sets/", () => {
  const settings = buildPublishSettings(
    { token: 't' },
    [{ type: 'permission-set', name: 'DataAnalyst' }],
    'schedule',
  );
  expect(settings.policyPath).toBe('iam/permission-sets/DataAnalyst.json');
  expect(settings.branch).toBe('iam-policy-drift/permission-sets/DataAnalyst');
  // Given by ARN, it is named at the edge: the templates stay until then.
  const byArn = buildPublishSettings(
    { token: 't' },
    [{ type: 'permission-set', name: '' }],
    'schedule',
  );
  expect(targetOf(byArn, { type: 'permission-set', name: 'Ops' })).toEqual({
    policyPath: 'iam/permission-sets/Ops.json',
    branch: 'iam-policy-drift/permission-sets/Ops',
  });
});

describe('a fleet', () => {
  const FLEET = [
    { type: 'role', name: 'orders-api' },
    { type: 'role', name: 'billing' },
    { type: 'user', name: 'deploy-bot' },
  ] as const;

  it('gives each principal its own file and branch by default', () => {
    const settings = buildPublishSettings({ token: 't' }, FLEET, 'schedule');
    expect(settings.policyPath).toBe('iam/{principal}.json');
    expect(settings.branch).toBe('iam-policy-drift/{principal}');
    expect(FLEET.map((p) => targetOf(settings, p))).toEqual([
      { policyPath: 'iam/orders-api.json', branch: 'iam-policy-drift/orders-api' },
      { policyPath: 'iam/billing.json', branch: 'iam-policy-drift/billing' },
      { policyPath: 'iam/users/deploy-bot.json', branch: 'iam-policy-drift/users/deploy-bot' },
    ]);
  });

  it('one pull request for all: one branch, files still per principal', () => {
    const settings = buildPublishSettings({ token: 't', grouping: 'SINGLE' }, FLEET, 'schedule');
    expect(settings.grouping).toBe('single');
    expect(settings.branch).toBe('iam-policy-drift/fleet');
    expect(targetOf(settings, FLEET[1]).policyPath).toBe('iam/billing.json');
  });

  it.each([
    [
      { policyPath: 'iam/policy.json' },
      /^policy-path: "iam\/policy.json" is one file, and this run analyses several principals; give a path holding \{principal\}/,
    ],
    [
      { branch: 'tighten' },
      /^pull-request-branch: "tighten" is one branch, and each principal gets its own pull request/,
    ],
    [{ grouping: 'each' }, /^pull-request-grouping: /],
  ])('refuses %j, naming the input', (raw, message) => {
    expect(() => buildPublishSettings({ token: 't', ...raw }, FLEET, 'schedule')).toThrow(message);
  });

  it('refuses two principals that would share a policy file', () => {
    const twins = [
      { type: 'role', name: 'orders-api' },
      { type: 'role', name: 'orders-api' },
    ] as const;
    expect(() => buildPublishSettings({ token: 't' }, twins, 'schedule')).toThrow(
      /role orders-api and role orders-api would share iam\/orders-api.json/,
    );
  });
});
