import {
  GITHUB_ACTIONS_BOT,
  PermissionError,
  createGitHubApi,
} from '../../src/publish/github-api.js';
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
    fake.failNext('GET /repos/{owner}/{repo}', 429, 'rate limited');
    expect(await github.getDefaultBranch(repo()).catch((e: unknown) => e)).not.toBeInstanceOf(
      PermissionError,
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
