import { commentMarker, escapeMarkerKey, upsertStickyComment } from '../../src/publish/comment.js';
import { PermissionError } from '../../src/github/api.js';
import { createGitHubApi } from '../../src/github/octokit.js';
import { GITHUB_BODY_LIMIT, TRUNCATED_NOTE } from '../../src/publish/truncate.js';
import {
  FAKE_TOKENS,
  type FakeGitHub,
  GITHUB_ACTIONS_ACCOUNT,
  OTHER_ACCOUNT,
  PAT_ACCOUNT,
  startFakeGitHub,
} from '../support/fake-github.js';

const ROLE = 'arn:aws:iam::111122223333:role/service/orders-api';
const OTHER_ROLE = 'arn:aws:iam::111122223333:role/service/billing';
const LIST = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CREATE = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';

let fake: FakeGitHub;
let issue: number;

beforeEach(async () => {
  fake = await startFakeGitHub();
  issue = fake.createIssue('A pull request');
});

afterEach(async () => {
  await fake.close();
});

function api(token: string = FAKE_TOKENS.githubToken) {
  return createGitHubApi(token, { baseUrl: fake.url, retryDelayMs: 1 });
}

function upsert(body: string, key = ROLE, token?: string) {
  return upsertStickyComment(api(token), {
    owner: fake.owner,
    repo: fake.repo,
    issueNumber: issue,
    key,
    body,
  });
}

describe('upsertStickyComment', () => {
  it('creates the comment once, with the marker first, as the GITHUB_TOKEN bot', async () => {
    const result = await upsert('## Report\n\nv1\n');
    expect(result.operation).toBe('created');
    const [comment, ...rest] = fake.comments(issue);
    expect(rest).toEqual([]);
    expect(comment?.id).toBe(result.id);
    expect(comment?.author).toEqual(GITHUB_ACTIONS_ACCOUNT);
    expect(comment?.body).toBe(`${commentMarker(ROLE)}\n## Report\n\nv1\n`);
    expect(result.url).toBe(
      `https://github.com/${fake.owner}/${fake.repo}/issues/${issue}#issuecomment-${result.id}`,
    );
    expect(fake.count(CREATE)).toBe(1);
  });

  it('leaves an unchanged comment untouched: no write at all', async () => {
    const first = await upsert('same\n');
    fake.resetRequests();
    const second = await upsert('same\n');
    expect(second).toEqual({ operation: 'unchanged', id: first.id, url: first.url });
    expect(fake.writes()).toBe(0);
    expect(fake.comments(issue)).toHaveLength(1);
  });

  it('updates the comment in place when the body changes', async () => {
    const first = await upsert('v1\n');
    const before = fake.comments(issue)[0]!;
    const second = await upsert('v2\n');
    expect(second.operation).toBe('updated');
    expect(second.id).toBe(first.id);
    const after = fake.comments(issue);
    expect(after).toHaveLength(1);
    expect(after[0]?.body).toBe(`${commentMarker(ROLE)}\nv2\n`);
    expect(after[0]?.updatedAt).not.toBe(before.updatedAt);
    expect(fake.count(UPDATE)).toBe(1);
    expect(fake.count(CREATE)).toBe(1);
  });

  it('finds its comment on page 3 of 250 comments', async () => {
    for (let i = 0; i < 250; i++) {
      if (i === 230)
        fake.addComment(issue, `${commentMarker(ROLE)}\nold\n`, GITHUB_ACTIONS_ACCOUNT);
      else fake.addComment(issue, `comment ${i}`, i % 2 ? OTHER_ACCOUNT : GITHUB_ACTIONS_ACCOUNT);
    }
    const mine = fake.comments(issue)[230]!;
    fake.resetRequests();
    const result = await upsert('new\n');
    expect(result).toMatchObject({ operation: 'updated', id: mine.id });
    // 100 per page: pages 1, 2 and 3, each once.
    expect(fake.count(LIST)).toBe(3);
    expect(fake.requests.filter((r) => r.route === LIST).map((r) => r.path)).toEqual([
      expect.stringContaining('per_page=100'),
      expect.stringContaining('page=2'),
      expect.stringContaining('page=3'),
    ]);
    expect(fake.comments(issue)).toHaveLength(250);
    expect(fake.comments(issue)[230]?.body).toBe(`${commentMarker(ROLE)}\nnew\n`);
  });

  it('ignores comments by other authors that carry the same marker', async () => {
    const forged = fake.addComment(issue, `${commentMarker(ROLE)}\nforged\n`, OTHER_ACCOUNT);
    const quoted = fake.addComment(
      issue,
      `> ${commentMarker(ROLE)}\n> quoted by a person`,
      PAT_ACCOUNT,
    );
    const result = await upsert('real\n');
    expect(result.operation).toBe('created');
    expect(result.id).not.toBe(forged.id);
    const all = fake.comments(issue);
    expect(all).toHaveLength(3);
    expect(all.find((c) => c.id === forged.id)?.body).toBe(forged.body);
    expect(all.find((c) => c.id === quoted.id)?.body).toBe(quoted.body);
    // The next run finds its own comment, not the forged one.
    expect((await upsert('real 2\n')).id).toBe(result.id);
    expect(fake.comments(issue).find((c) => c.id === forged.id)?.body).toBe(forged.body);
  });

  it('with a personal token, matches that account and not github-actions[bot]', async () => {
    const bot = fake.addComment(issue, `${commentMarker(ROLE)}\nbot\n`, GITHUB_ACTIONS_ACCOUNT);
    const result = await upsert('pat\n', ROLE, FAKE_TOKENS.pat);
    expect(result.operation).toBe('created');
    expect(fake.comments(issue).find((c) => c.id === result.id)?.author).toEqual(PAT_ACCOUNT);
    expect(fake.comments(issue).find((c) => c.id === bot.id)?.body).toContain('bot');
    expect((await upsert('pat 2\n', ROLE, FAKE_TOKENS.pat)).operation).toBe('updated');
    expect(fake.count('GET /user')).toBe(2);
  });

  it('takes an explicit author (for a GitHub App installation token)', async () => {
    const app = { login: 'policy-app[bot]', type: 'Bot' as const, id: 77 };
    const mine = fake.addComment(issue, `${commentMarker(ROLE)}\nold\n`, app);
    fake.addComment(issue, `${commentMarker(ROLE)}\nbot\n`, GITHUB_ACTIONS_ACCOUNT);
    const result = await upsertStickyComment(api(), {
      owner: fake.owner,
      repo: fake.repo,
      issueNumber: issue,
      key: ROLE,
      body: 'new\n',
      author: app.login,
    });
    expect(result).toMatchObject({ operation: 'updated', id: mine.id });
    expect(fake.count('GET /user')).toBe(0);
  });

  it('warns to set comment-author when an app token writes as its own bot', async () => {
    const app = { login: 'policy-app[bot]', type: 'Bot' as const, id: 77 };
    const appFake = await startFakeGitHub({
      tokens: { ghs_appToken: { account: app, kind: 'github-token' } },
    });
    try {
      const appIssue = appFake.createIssue();
      const upsertApp = (author?: string) =>
        upsertStickyComment(
          createGitHubApi('ghs_appToken', { baseUrl: appFake.url, retryDelayMs: 1 }),
          {
            owner: appFake.owner,
            repo: appFake.repo,
            issueNumber: appIssue,
            key: ROLE,
            body: 'x\n',
            ...(author !== undefined ? { author } : {}),
          },
        );
      const first = await upsertApp();
      expect(first.operation).toBe('created');
      expect(first.warning).toContain('set the input `comment-author: policy-app[bot]`');
      expect(first.warning).toContain('github-actions[bot]');
      // As warned: without the input every run writes a new comment; with it, one is kept.
      expect((await upsertApp()).operation).toBe('created');
      const kept = await upsertApp(app.login);
      expect(kept.operation).toBe('unchanged');
      expect(kept.warning).toBeUndefined();
    } finally {
      await appFake.close();
    }
  });

  it('gives no warning for a GITHUB_TOKEN', async () => {
    expect((await upsert('x\n')).warning).toBeUndefined();
  });

  it('keeps one comment per key', async () => {
    const a = await upsert('orders\n', ROLE);
    const b = await upsert('billing\n', OTHER_ROLE);
    expect(a.id).not.toBe(b.id);
    expect(fake.comments(issue)).toHaveLength(2);
    await upsert('orders v2\n', ROLE);
    expect((await upsert('billing\n', OTHER_ROLE)).operation).toBe('unchanged');
    const bodies = fake.comments(issue).map((c) => c.body);
    expect(bodies).toEqual([
      `${commentMarker(ROLE)}\norders v2\n`,
      `${commentMarker(OTHER_ROLE)}\nbilling\n`,
    ]);
  });

  it("is not hijacked by another role's comment whose policy holds this role's marker", async () => {
    // The billing report renders a policy whose Condition value is the orders-api marker.
    const policy = JSON.stringify(
      { Condition: { StringEquals: { 'aws:PrincipalTag/note': commentMarker(ROLE) } } },
      null,
      2,
    );
    const billing = await upsert(`## billing\n\n\`\`\`json\n${policy}\n\`\`\`\n`, OTHER_ROLE);
    fake.addComment(
      issue,
      `note: ${commentMarker(ROLE)}\nnot the comment\n`,
      GITHUB_ACTIONS_ACCOUNT,
    );
    const orders = await upsert('orders\n', ROLE);
    expect(orders.operation).toBe('created');
    expect(orders.id).not.toBe(billing.id);
    expect(fake.comments(issue).find((c) => c.id === billing.id)?.body).toContain('## billing');
    expect((await upsert('orders v2\n', ROLE)).id).toBe(orders.id);
    expect(fake.comments(issue)).toHaveLength(3);
  });

  it('does not confuse a key with a longer key that starts the same', async () => {
    await upsert('long\n', `${ROLE}-v2`);
    expect((await upsert('short\n', ROLE)).operation).toBe('created');
    expect(fake.comments(issue)).toHaveLength(2);
  });

  it('cuts a body over 65,536 characters, marker kept, with a note; idempotent', async () => {
    const body = `# Report\n\n${'| s3:GetObject | unused |\n'.repeat(5000)}`;
    const result = await upsert(body);
    expect(result.operation).toBe('created');
    const stored = fake.comments(issue)[0]!.body;
    expect(stored.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(stored.startsWith(`${commentMarker(ROLE)}\n# Report\n`)).toBe(true);
    expect(stored).toContain(TRUNCATED_NOTE);
    expect((await upsert(body)).operation).toBe('unchanged');
  });

  it('answers a read-only token (a fork) with a PermissionError naming the permission', async () => {
    const error = await upsert('x\n', ROLE, FAKE_TOKENS.readOnly).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    const permissionError = error as PermissionError;
    expect(permissionError.name).toBe('PermissionError');
    expect(permissionError.status).toBe(403);
    expect(permissionError.permissions).toEqual(['pull-requests: write']);
    expect(permissionError.message).toContain('permissions: pull-requests: write');
    expect(permissionError.message).toContain('Resource not accessible by integration');
    expect(permissionError.message).toContain('fork');
    expect(fake.comments(issue)).toEqual([]);
    expect(fake.count(CREATE)).toBe(1);
  });

  it('answers a 404 on reading the comments (hidden or absent) with a PermissionError', async () => {
    const error = await upsertStickyComment(api(), {
      owner: fake.owner,
      repo: fake.repo,
      issueNumber: 999,
      key: ROLE,
      body: 'x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).status).toBe(404);
    expect((error as PermissionError).message).toContain(
      'GitHub refused to read the comments of #999',
    );
    expect((error as PermissionError).message).toContain('permissions: pull-requests: write');
    expect(fake.count(CREATE)).toBe(0);
  });
});

describe('the marker', () => {
  it('keeps ARN characters and encodes anything that could break the comment', () => {
    expect(escapeMarkerKey(ROLE)).toBe(ROLE);
    expect(escapeMarkerKey('arn:aws:iam::1:role/a+=,.@_-b')).toBe('arn:aws:iam::1:role/a+=,.@_-b');
    const nasty = 'x --> <script>\nnext\r%2D é';
    const marker = commentMarker(nasty);
    expect(marker).toBe(
      '<!-- iam-policy-drift: x%20--%3E%20%3Cscript%3E%0Anext%0D%252D%20%C3%A9 -->',
    );
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(marker).not.toMatch(/[\r\n]/);
  });

  it('gives different markers to different keys', () => {
    expect(commentMarker('a%20b')).not.toBe(commentMarker('a b'));
  });
});
