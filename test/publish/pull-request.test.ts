import { PermissionError } from '../../src/github/api.js';
import { createGitHubApi } from '../../src/github/octokit.js';
import {
  type PolicyPullRequestInput,
  mergePolicyFile,
  upsertPolicyPullRequest,
} from '../../src/publish/pull-request.js';
import { GITHUB_BODY_LIMIT, TRUNCATED_NOTE } from '../../src/publish/truncate.js';
import { FAKE_TOKENS, type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const PATH = 'iam/orders-api.json';
const BRANCH = 'iam-policy-drift/orders-api';
const COMMITS = 'POST /repos/{owner}/{repo}/git/commits';
const CREATE_PULL = 'POST /repos/{owner}/{repo}/pulls';
const UPDATE_PULL = 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}';

const policy = (...actions: string[]) =>
  mergePolicyFile(undefined, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'S3', Effect: 'Allow', Action: actions, Resource: '*' }],
  });

const V1 = policy('s3:GetObject');
const V2 = policy('s3:GetObject', 's3:PutObject');

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({
    files: { 'README.md': '# infra\n', [PATH]: policy('s3:*') },
  });
});

afterEach(async () => {
  await fake.close();
});

function run(overrides: Partial<PolicyPullRequestInput> = {}, token: string = FAKE_TOKENS.pat) {
  return upsertPolicyPullRequest(createGitHubApi(token, { baseUrl: fake.url, retryDelayMs: 1 }), {
    owner: fake.owner,
    repo: fake.repo,
    path: PATH,
    content: V1,
    branch: BRANCH,
    title: 'Least-privilege policy for orders-api',
    body: 'The role used 1 action.',
    commitMessage: 'iam-policy-drift: least-privilege policy for orders-api',
    ...overrides,
  });
}

describe('upsertPolicyPullRequest with fewer parts than before', () => {
  const PART2 = 'iam/orders-api-2.json';
  const PART3 = 'iam/orders-api-3.json';

  it('deletes the stale part files in the same commit, once', async () => {
    await fake.close();
    fake = await startFakeGitHub({
      files: { [PATH]: policy('s3:*'), [PART2]: policy('sqs:*'), [PART3]: policy('kms:*') },
    });
    const input = {
      content: V1,
      extraFiles: [{ path: PART2, content: V2 }],
      // The checkout may list a file the default branch does not have: nothing to delete.
      deleteFiles: [PART3, 'iam/orders-api-4.json'],
    };
    const first = await run(input);
    expect(first.operation).toBe('created');
    expect(fake.filesOn(BRANCH)).toEqual({ [PATH]: V1, [PART2]: V2 });
    expect(fake.filesOn('main')?.[PART3]).toBe(policy('kms:*'));
    const commits = fake.count(COMMITS);
    // The same proposal again: the branch already has it, deletion included.
    const again = await run(input);
    expect(again.operation).toBe('unchanged');
    expect(fake.count(COMMITS)).toBe(commits);
  });

  it('proposes nothing when the default branch already has the parts and not the stale one', async () => {
    await fake.close();
    fake = await startFakeGitHub({ files: { [PATH]: V1, [PART2]: V2 } });
    const result = await run({
      content: V1,
      extraFiles: [{ path: PART2, content: V2 }],
      deleteFiles: [PART3],
    });
    expect(result.operation).toBe('none');
    expect(fake.pulls()).toEqual([]);
  });

  it('proposes the deletion alone when only a stale part differs', async () => {
    await fake.close();
    fake = await startFakeGitHub({ files: { [PATH]: V1, [PART3]: V2 } });
    const result = await run({ content: V1, deleteFiles: [PART3] });
    expect(result.operation).toBe('created');
    expect(fake.filesOn(BRANCH)).toEqual({ [PATH]: V1 });
  });
});

describe('upsertPolicyPullRequest', () => {
  it('opens a pull request from one commit on the default branch head', async () => {
    const mainHead = fake.branches().get('main')!;
    const result = await run({ labels: ['iam', 'security'], reviewers: ['reviewer-1'] });
    expect(result).toEqual({
      operation: 'created',
      number: 1,
      url: `https://github.com/${fake.owner}/${fake.repo}/pull/1`,
      warnings: [],
    });
    const [pull, ...others] = fake.pulls();
    expect(others).toEqual([]);
    expect(pull).toMatchObject({
      number: 1,
      head: BRANCH,
      base: 'main',
      state: 'open',
      title: 'Least-privilege policy for orders-api',
      body: 'The role used 1 action.',
      labels: ['iam', 'security'],
      reviewers: ['reviewer-1'],
    });
    const [commit, parent] = fake.history(BRANCH);
    expect(commit?.parents).toEqual([mainHead]);
    expect(parent?.sha).toBe(mainHead);
    expect(commit?.message).toBe('iam-policy-drift: least-privilege policy for orders-api');
    // The file is replaced, everything else kept (tree built on the base tree).
    expect(fake.filesOn(BRANCH)).toEqual({ 'README.md': '# infra\n', [PATH]: V1 });
    expect(fake.filesOn('main')?.[PATH]).toBe(policy('s3:*'));
  });

  it('leaves one pull request and one branch commit after three runs', async () => {
    const operations = [];
    for (let i = 0; i < 3; i++) operations.push((await run()).operation);
    expect(operations).toEqual(['created', 'unchanged', 'unchanged']);
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.count(COMMITS)).toBe(1);
    expect(fake.count(CREATE_PULL)).toBe(1);
    expect(fake.count(UPDATE_PULL)).toBe(0);
    expect(fake.history(BRANCH)).toHaveLength(fake.history('main').length + 1);
    expect([...fake.branches().keys()].sort()).toEqual([BRANCH, 'main']);
  });

  it('makes no write at all when nothing changed', async () => {
    await run();
    fake.resetRequests();
    const result = await run();
    expect(result).toMatchObject({ operation: 'unchanged', number: 1 });
    expect(fake.writes()).toBe(0);
  });

  it('moves the branch to a new single commit and updates the pull request on new content', async () => {
    await run();
    const first = fake.branches().get(BRANCH)!;
    const result = await run({ content: V2, body: 'The role used 2 actions.' });
    expect(result).toMatchObject({ operation: 'updated', number: 1 });
    const second = fake.branches().get(BRANCH)!;
    expect(second).not.toBe(first);
    // Rebuilt on the default branch head, not stacked on the first commit.
    expect(fake.commit(second)?.parents).toEqual([fake.branches().get('main')]);
    expect(fake.filesOn(BRANCH)?.[PATH]).toBe(V2);
    expect(fake.pulls()).toHaveLength(1);
    expect(fake.pulls()[0]?.body).toBe('The role used 2 actions.');
    expect(fake.count(COMMITS)).toBe(2);
    expect(fake.count('PATCH /repos/{owner}/{repo}/git/refs/{ref+}')).toBe(1);
  });

  it('is "updated" for new content even when the title and body stay the same', async () => {
    await run();
    const result = await run({ content: V2 });
    expect(result.operation).toBe('updated');
    expect(fake.count(UPDATE_PULL)).toBe(0);
  });

  it('updates only the pull request when just its text changed', async () => {
    await run();
    const result = await run({ title: 'New title' });
    expect(result.operation).toBe('updated');
    expect(fake.count(COMMITS)).toBe(1);
    expect(fake.pulls()[0]?.title).toBe('New title');
  });

  it('bases a new commit on the moved default branch, keeping its other changes', async () => {
    await run();
    const moved = fake.pushFiles('main', { 'other.txt': 'someone else\n' });
    await run({ content: V2 });
    expect(fake.commit(fake.branches().get(BRANCH)!)?.parents).toEqual([moved]);
    expect(fake.filesOn(BRANCH)).toEqual({
      'README.md': '# infra\n',
      'other.txt': 'someone else\n',
      [PATH]: V2,
    });
  });

  it('proposes nothing when the default branch already holds the content', async () => {
    fake.pushFiles('main', { [PATH]: V1 });
    fake.resetRequests();
    expect(await run()).toEqual({ operation: 'none', warnings: [] });
    expect(fake.writes()).toBe(0);
    expect(fake.branches().has(BRANCH)).toBe(false);
  });

  it('leaves an open pull request alone, with a warning, once its content is on the default branch', async () => {
    await run();
    fake.pushFiles('main', { [PATH]: V1 });
    fake.resetRequests();
    const result = await run();
    expect(result).toMatchObject({ operation: 'unchanged', number: 1 });
    expect(result.warnings).toEqual([expect.stringContaining('can be closed')]);
    expect(fake.writes()).toBe(0);
  });

  it('creates the file when the default branch has none', async () => {
    const result = await run({ path: 'iam/new-role.json' });
    expect(result.operation).toBe('created');
    expect(fake.filesOn(BRANCH)?.['iam/new-role.json']).toBe(V1);
  });

  it('does not open again a pull request a person closed without merging, until the proposal changes', async () => {
    await run();
    fake.closePull(1);
    fake.resetRequests();
    const declined = await run();
    expect(declined).toMatchObject({ operation: 'declined', number: 1 });
    expect(declined.warnings).toEqual([
      expect.stringMatching(
        /^pull request #1 \(.+\/pull\/1\) proposed this same policy and was closed without merging on \d{4}-\d\d-\d\d: it is not opened again\. A new pull request is opened when the proposal changes; reopen #1 to take this one up\.$/,
      ),
    ]);
    expect(fake.writes()).toBe(0);
    expect(fake.pulls().filter((p) => p.state === 'open')).toHaveLength(0);
    // Again and again: still declined.
    expect((await run()).operation).toBe('declined');
    // A different proposal: a new pull request, on a new commit.
    const changed = await run({ content: V2 });
    expect(changed).toMatchObject({ operation: 'created', number: 2 });
    expect(fake.count(COMMITS)).toBe(1);
    expect(fake.filesOn(BRANCH)?.[PATH]).toBe(V2);
  });

  it('closed with the branch deleted: what it proposed is read from its head commit', async () => {
    await run();
    fake.closePull(1);
    fake.deleteBranch(BRANCH);
    expect((await run()).operation).toBe('declined');
    expect((await run({ content: V2 })).operation).toBe('created');
  });

  it('a merged pull request is no refusal: the same proposal, not on the default branch, opens anew', async () => {
    await run();
    fake.closePull(1, { merged: true });
    const result = await run();
    expect(result).toMatchObject({ operation: 'created', number: 2 });
  });

  it('requests team reviews by slug and turns refused reviewers into warnings', async () => {
    const result = await run({
      labels: ['iam'],
      reviewers: ['octo-org/security', 'not-a-collaborator'],
    });
    expect(result.operation).toBe('created');
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^could not request reviews from octo-org\/security, not-a-collaborator on #1: GitHub refused to request reviewers on #1 in octo-org\/infra \(POST \/repos\/octo-org\/infra\/pulls\/1\/requested_reviewers: 422 Reviews may only be requested from collaborators/,
      ),
    ]);
    expect(fake.pulls()[0]?.labels).toEqual(['iam']);

    await fake.close();
    fake = await startFakeGitHub();
    await run({ path: 'p.json', reviewers: ['octo-org/security', 'reviewer-2'] });
    expect(fake.pulls()[0]).toMatchObject({
      reviewers: ['reviewer-2'],
      teamReviewers: ['security'],
    });
  });

  it('turns a failure to label into a warning', async () => {
    fake.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', 403, 'Forbidden');
    const result = await run({ labels: ['iam'] });
    expect(result.operation).toBe('created');
    expect(result.warnings).toEqual([
      expect.stringContaining('could not add the labels iam to #1'),
    ]);
  });

  it('adds labels and reviewers only when it opens the pull request', async () => {
    await run({ labels: ['iam'], reviewers: ['reviewer-1'] });
    await run({ labels: ['iam'], reviewers: ['reviewer-1'], content: V2 });
    expect(fake.count('POST /repos/{owner}/{repo}/issues/{issue_number}/labels')).toBe(1);
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers')).toBe(
      1,
    );
  });

  it('cuts a long body to 65,536 characters with a note, and stays idempotent', async () => {
    const body = `# Policy\n\n${'- s3:GetObject was used\n'.repeat(4000)}`;
    expect((await run({ body })).operation).toBe('created');
    const stored = fake.pulls()[0]!.body;
    expect(stored.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(stored).toContain(TRUNCATED_NOTE);
    expect((await run({ body })).operation).toBe('unchanged');
  });

  it('works with branch names holding slashes and with the GITHUB_TOKEN', async () => {
    const result = await run({ branch: 'a/b/c' }, FAKE_TOKENS.githubToken);
    expect(result.operation).toBe('created');
    expect(fake.branches().has('a/b/c')).toBe(true);
    expect((await run({ branch: 'a/b/c' }, FAKE_TOKENS.githubToken)).operation).toBe('unchanged');
  });

  it('refuses to use the default branch as its own branch', async () => {
    await expect(run({ branch: 'main' })).rejects.toThrow(/is the default branch/);
  });

  it('answers a read-only token with a PermissionError naming both permissions', async () => {
    const error = await run({}, FAKE_TOKENS.readOnly).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).permissions).toEqual([
      'contents: write',
      'pull-requests: write',
    ]);
    expect((error as PermissionError).message).toContain(
      'permissions: contents: write, pull-requests: write',
    );
    expect(fake.pulls()).toEqual([]);
    expect(fake.branches().has(BRANCH)).toBe(false);
  });

  it('explains a refused pull request creation (Actions not allowed to open pull requests)', async () => {
    fake.failNext(
      CREATE_PULL,
      403,
      'GitHub Actions is not permitted to create or approve pull requests.',
    );
    const error = await run({}, FAKE_TOKENS.githubToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toMatch(/not permitted to create or approve pull requests/);
    expect((error as Error).message).toMatch(/allow GitHub Actions to create pull requests/);
  });
});

describe('mergePolicyFile', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'] }] };
  const formatted = `${JSON.stringify(doc, null, 2)}\n`;

  it('writes 2-space JSON with a trailing newline', () => {
    expect(mergePolicyFile(undefined, doc)).toBe(formatted);
    expect(mergePolicyFile(undefined, doc)).toMatch(/^\{\n {2}"Version"/);
  });

  it('replaces a different existing file whole', () => {
    expect(mergePolicyFile('{"Version":"2012-10-17","Statement":[]}', doc)).toBe(formatted);
    expect(mergePolicyFile('not json', doc)).toBe(formatted);
  });

  it('keeps an existing file that holds the same document in another layout', () => {
    const compact =
      '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow"}],"Version":"2012-10-17"}';
    expect(mergePolicyFile(compact, doc)).toBe(compact);
  });

  it('treats a different action order as a change', () => {
    const two = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['a:B', 'a:A'] }] };
    const sorted = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['a:A', 'a:B'] }],
    };
    expect(mergePolicyFile(JSON.stringify(two), sorted)).toBe(
      `${JSON.stringify(sorted, null, 2)}\n`,
    );
  });

  it('keeps CRLF line endings of an existing file', () => {
    expect(mergePolicyFile('{\r\n  "Version": "2008-10-17"\r\n}\r\n', doc)).toBe(
      formatted.replace(/\n/g, '\r\n'),
    );
  });
});
