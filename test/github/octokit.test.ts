import {
  GITHUB_ACTIONS_BOT,
  GitHubCallError,
  PermissionError,
  RateLimitError,
} from '../../src/github/api.js';
import { createGitHubApi, rateLimitWait } from '../../src/github/octokit.js';
import {
  FAKE_TOKENS,
  type FakeGitHub,
  PAT_ACCOUNT,
  startFakeGitHub,
} from '../support/fake-github.js';

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({ files: { 'iam/policy.json': '{}\n', 'iam/sub/x.json': '[]\n' } });
});

afterEach(async () => {
  await fake.close();
});

const api = (token: string = FAKE_TOKENS.githubToken) =>
  createGitHubApi(token, { baseUrl: `${fake.url}/`, retryDelayMs: 1 });
const repo = () => ({ owner: fake.owner, repo: fake.repo });

describe('createGitHubApi', () => {
  it('names the token account: the PAT user, or github-actions[bot] for a GITHUB_TOKEN', async () => {
    expect(await api(FAKE_TOKENS.pat).getAuthenticatedLogin()).toBe(PAT_ACCOUNT.login);
    expect(await api(FAKE_TOKENS.githubToken).getAuthenticatedLogin()).toBe(GITHUB_ACTIONS_BOT);
  });

  it('reads files, and gives undefined for a missing file, branch or ref', async () => {
    const github = api();
    expect(await github.getDefaultBranch(repo())).toBe('main');
    expect(await github.getFileText(repo(), 'iam/policy.json', 'main')).toBe('{}\n');
    expect(await github.getFileText(repo(), 'iam/absent.json', 'main')).toBeUndefined();
    expect(await github.getFileText(repo(), 'iam/policy.json', 'no-such-branch')).toBeUndefined();
    expect(await github.getBranchHead(repo(), 'no-such-branch')).toBeUndefined();
    await expect(github.getFileText(repo(), 'iam', 'main')).rejects.toThrow(/is not a file/);
  });

  it('decodes multi-byte text through base64 lines', async () => {
    const text = `{"Sid": "${'é😀'.repeat(200)}"}\n`;
    fake.pushFiles('main', { 'u.json': text });
    expect(await api().getFileText(repo(), 'u.json', 'main')).toBe(text);
  });

  it('never retries a 4xx answer', async () => {
    fake.failNext('GET /repos/{owner}/{repo}', 403, 'Forbidden', 5);
    const error = await api()
      .getDefaultBranch(repo())
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(403);
    expect(fake.count('GET /repos/{owner}/{repo}')).toBe(1);
  });

  it('retries a 5xx answer of a read', async () => {
    fake.failNext('GET /repos/{owner}/{repo}', 502, 'Bad Gateway', 2);
    expect(await api().getDefaultBranch(repo())).toBe('main');
    expect(fake.count('GET /repos/{owner}/{repo}')).toBe(3);
  });

  it('gives up after the configured retries', async () => {
    fake.failNext('GET /repos/{owner}/{repo}', 503, 'Unavailable', 5);
    const github = createGitHubApi(FAKE_TOKENS.githubToken, {
      baseUrl: fake.url,
      retries: 1,
      retryDelayMs: 1,
    });
    await expect(github.getDefaultBranch(repo())).rejects.toMatchObject({ status: 503 });
    expect(fake.count('GET /repos/{owner}/{repo}')).toBe(2);
  });

  it('does not retry a write that could happen twice, but retries creating git objects', async () => {
    const issue = fake.createIssue();
    fake.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 502);
    await expect(api().createIssueComment(repo(), issue, 'x')).rejects.toMatchObject({
      status: 502,
    });
    expect(fake.comments()).toEqual([]);
    expect(fake.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);

    fake.failNext('POST /repos/{owner}/{repo}/git/blobs', 500);
    expect(await api().createBlob(repo(), 'hello\n')).toBe(
      'ce013625030ba8dba906f756967f9e9ca394464a', // git hash-object of "hello\n"
    );
    expect(fake.count('POST /repos/{owner}/{repo}/git/blobs')).toBe(2);
  });

  it('turns a 404 on a write into a PermissionError, but not a 422', async () => {
    const issue = fake.createIssue();
    fake.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 404, 'Not Found');
    await expect(api().createIssueComment(repo(), issue, 'x')).rejects.toMatchObject({
      name: 'PermissionError',
      status: 404,
      permissions: ['pull-requests: write'],
    });
    const error = await api()
      .createIssueComment(repo(), issue, 'x'.repeat(70_000))
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PermissionError);
    expect((error as { status?: number }).status).toBe(422);
  });

  it('turns a 403 or 404 on a read into a PermissionError naming the permissions', async () => {
    const github = api();
    const reads: [string, () => Promise<unknown>, string][] = [
      ['GET /repos/{owner}/{repo}', () => github.getDefaultBranch(repo()), 'contents: write'],
      [
        'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
        () => github.listIssueComments(repo(), fake.createIssue()),
        'pull-requests: write',
      ],
      [
        'GET /repos/{owner}/{repo}/pulls',
        () => github.findOpenPullRequest(repo(), 'x'),
        'contents: write, pull-requests: write',
      ],
      [
        'GET /repos/{owner}/{repo}/contents/{path+}',
        () => github.getFileText(repo(), 'iam/policy.json', 'main'),
        'contents: write',
      ],
    ];
    for (const [route, read, permission] of reads) {
      for (const status of [403, 404]) {
        if (status === 404 && route.includes('contents')) continue; // absent: undefined
        fake.failNext(route, status, 'Resource not accessible by integration');
        const error = await read().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PermissionError);
        expect(error).toMatchObject({ status });
        expect((error as Error).message).toContain(`permissions: ${permission}`);
      }
    }
    // A rate limit is not a missing permission.
    fake.failNext('GET /repos/{owner}/{repo}', 403, 'API rate limit exceeded', 1, {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    });
    expect(await github.getDefaultBranch(repo()).catch((e: unknown) => e)).toBeInstanceOf(
      RateLimitError,
    );
  });

  it('keeps the original error as the cause of a PermissionError', async () => {
    const error = (await api(FAKE_TOKENS.readOnly)
      .createBlob(repo(), 'x')
      .catch((e: unknown) => e)) as PermissionError;
    expect(error).toBeInstanceOf(PermissionError);
    expect((error.cause as { status?: number }).status).toBe(403);
  });

  it('finds the open pull request by owner:branch, ignoring closed ones and other branches', async () => {
    const github = api();
    const head = (await github.getBranchHead(repo(), 'main'))!;
    const tree = await github.createTree(repo(), await github.getCommitTree(repo(), head), [
      { path: 'f.txt', blobSha: await github.createBlob(repo(), 'f\n') },
    ]);
    const commit = await github.createCommit(repo(), { message: 'm', tree, parents: [head] });
    for (const branch of ['x', 'x-other']) await github.createBranch(repo(), branch, commit);
    const other = await github.createPullRequest(repo(), {
      head: 'x-other',
      base: 'main',
      title: 't',
      body: '',
    });
    expect(await github.findOpenPullRequest(repo(), 'x')).toBeUndefined();
    const pull = await github.createPullRequest(repo(), {
      head: 'x',
      base: 'main',
      title: 't',
      body: 'b',
    });
    expect(await github.findOpenPullRequest(repo(), 'x')).toEqual({
      number: pull.number,
      url: pull.url,
      title: 't',
      body: 'b',
      base: 'main',
    });
    fake.closePull(pull.number);
    expect(await github.findOpenPullRequest(repo(), 'x')).toBeUndefined();
    expect((await github.findOpenPullRequest(repo(), 'x-other'))?.number).toBe(other.number);
  });
});

describe('createGitHubApi: rate limits and refused calls', () => {
  const REPO_ROUTE = 'GET /repos/{owner}/{repo}';
  const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('waits for x-ratelimit-reset after a primary rate limit, then calls again', async () => {
    fake.failNext(REPO_ROUTE, 403, 'API rate limit exceeded for installation ID 1.', 1, {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(nowSeconds()),
    });
    expect(await api().getDefaultBranch(repo())).toBe('main');
    expect(fake.count(REPO_ROUTE)).toBe(2);
  });

  it('waits retry-after seconds after a secondary rate limit, also for a write, and writes once', async () => {
    const issue = fake.createIssue();
    fake.failNext(COMMENTS, 403, 'You have exceeded a secondary rate limit.', 1, {
      'retry-after': '1',
    });
    const started = Date.now();
    const comment = await api().createIssueComment(repo(), issue, 'hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(comment.body).toBe('hello');
    expect(fake.comments(issue).map((c) => c.body)).toEqual(['hello']);
    expect(fake.count(COMMENTS)).toBe(2);
  });

  it('waits, doubling, after a 429 that says no time', async () => {
    fake.failNext(REPO_ROUTE, 429, 'Too Many Requests', 2);
    const github = createGitHubApi(FAKE_TOKENS.githubToken, {
      baseUrl: fake.url,
      retryDelayMs: 1,
      secondaryWaitMs: 5,
    });
    expect(await github.getDefaultBranch(repo())).toBe('main');
    expect(fake.count(REPO_ROUTE)).toBe(3);
  });

  it('fails at once, naming the call and the reset, when the limit resets after the budget', async () => {
    const issue = fake.createIssue();
    const reset = nowSeconds() + 3600;
    fake.failNext(COMMENTS, 403, 'API rate limit exceeded for user ID 1.', 1, {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(reset),
    });
    const error = await api()
      .createIssueComment(repo(), issue, 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const message = (error as Error).message;
    expect(message).toContain(`GitHub's rate limit stopped the call to comment on #${issue} in`);
    expect(message).toContain(new Date(reset * 1000).toISOString());
    expect(message).toMatch(/this run waits at most 900 s more/);
    expect(fake.count(COMMENTS)).toBe(1);
    expect(fake.comments(issue)).toEqual([]);
  });

  it('bounds all waits of a run together', async () => {
    fake.failNext(REPO_ROUTE, 429, 'Too Many Requests', 10);
    const github = createGitHubApi(FAKE_TOKENS.githubToken, {
      baseUrl: fake.url,
      retryDelayMs: 1,
      secondaryWaitMs: 20,
      rateLimitWaitMs: 50,
    });
    // 20 + 40 > 50: the second wait is refused.
    await expect(github.getDefaultBranch(repo())).rejects.toBeInstanceOf(RateLimitError);
    expect(fake.count(REPO_ROUTE)).toBe(2);
  });

  it("names the call and GitHub's reasons on a 422", async () => {
    const error = await api(FAKE_TOKENS.pat)
      .createPullRequest(repo(), { head: 'no-such-branch', base: 'main', title: 't', body: 'b' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCallError);
    expect((error as GitHubCallError).status).toBe(422);
    expect((error as Error).message).toBe(
      `GitHub refused to open a pull request from no-such-branch in ${fake.owner}/${fake.repo} (POST /repos/${fake.owner}/${fake.repo}/pulls: 422 Validation Failed: PullRequest head invalid)`,
    );
  });
});

describe('rateLimitWait', () => {
  it('reads retry-after, then x-ratelimit-reset, else says nothing', () => {
    expect(rateLimitWait({ 'retry-after': '30' }, 1_000_000)).toEqual({
      waitMs: 30_000,
      resetsAt: 1_030_000,
    });
    expect(
      rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }, 1_000_000),
    ).toEqual({ waitMs: 11_000, resetsAt: 1_010_000 });
    // A reset already past: one second, to be after it.
    expect(
      rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '900' }, 1_000_000),
    ).toEqual({ waitMs: 1000, resetsAt: 900_000 });
    expect(rateLimitWait({ 'x-ratelimit-remaining': '12' }, 0)).toEqual({
      waitMs: undefined,
      resetsAt: undefined,
    });
  });
});
