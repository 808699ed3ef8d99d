import { buildPublishSettings, PUBLISH_INPUT_NAMES } from '../../src/settings/publish.js';
import { UserError } from '../../src/util/errors.js';

const ROLE = { type: 'role', name: 'orders-api' } as const;
const R = { type: 'role', name: 'r' } as const;

describe('buildPublishSettings', () => {
  it('defaults from the role and the event: modes, policy file, branch, fail-on', () => {
    expect(buildPublishSettings({ token: 't' }, ROLE, 'pull_request')).toEqual({
      modes: ['comment'],
      policyPath: 'iam/orders-api.json',
      branch: 'iam-policy-drift/orders-api',
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
        'reviewers',
      ].sort(),
    );
  });
});

test("a user's default policy file and branch are under users/", () => {
  const settings = buildPublishSettings(
    { token: 't' },
    { type: 'user', name: 'deploy-bot' },
    'schedule',
  );
  expect(settings.policyPath).toBe('iam/users/deploy-bot.json');
  expect(settings.branch).toBe('iam-policy-drift/users/deploy-bot');
});
