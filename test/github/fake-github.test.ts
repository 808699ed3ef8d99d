/** The fake answers like GitHub where it matters: these tests hold it to that, over plain HTTP. */
import { FAKE_TOKENS, type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub();
});

afterEach(async () => {
  await fake.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = FAKE_TOKENS.githubToken,
): Promise<{ status: number; json: unknown; link: string | null }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `token ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
    link: response.headers.get('link'),
  };
}

const R = () => `/repos/${fake.owner}/${fake.repo}`;

describe('fake GitHub', () => {
  it('wants credentials', async () => {
    expect(await call('GET', R(), undefined, null)).toMatchObject({
      status: 401,
      json: { message: 'Requires authentication' },
    });
    expect(await call('GET', R(), undefined, 'nope')).toMatchObject({
      status: 401,
      json: { message: 'Bad credentials' },
    });
  });

  it('answers 404 for unknown routes and other repositories', async () => {
    expect(await call('GET', `${R()}/nothing-here`)).toMatchObject({
      status: 404,
      json: { message: 'Not Found' },
    });
    expect(await call('DELETE', R())).toMatchObject({ status: 404 });
    expect(await call('GET', '/repos/someone/else')).toMatchObject({ status: 404 });
  });

  it('answers GET /user 403 for a GITHUB_TOKEN and 200 for a PAT', async () => {
    expect(await call('GET', '/user')).toMatchObject({
      status: 403,
      json: { message: 'Resource not accessible by integration' },
    });
    expect(await call('GET', '/user', undefined, FAKE_TOKENS.pat)).toMatchObject({
      status: 200,
      json: { login: 'policy-keeper', type: 'User' },
    });
  });

  it('refuses writes with a read-only token', async () => {
    const issue = fake.createIssue();
    expect(
      await call('POST', `${R()}/issues/${issue}/comments`, { body: 'x' }, FAKE_TOKENS.readOnly),
    ).toMatchObject({ status: 403, json: { message: 'Resource not accessible by integration' } });
  });

  it('validates JSON bodies', async () => {
    const issue = fake.createIssue();
    expect(await call('POST', `${R()}/issues/${issue}/comments`, '{not json')).toMatchObject({
      status: 400,
    });
    expect(await call('POST', `${R()}/issues/${issue}/comments`, {})).toMatchObject({
      status: 422,
      json: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' },
    });
    expect(await call('POST', `${R()}/issues/${issue}/comments`, { body: 1 })).toMatchObject({
      status: 422,
    });
    expect(
      await call('POST', `${R()}/issues/${issue}/comments`, { body: 'x', owner: 'o' }),
    ).toMatchObject({
      status: 422,
      json: { message: expect.stringContaining('"owner" is not a permitted key') as string },
    });
    expect(await call('POST', `${R()}/git/refs`, { ref: 'refs/heads/x' })).toMatchObject({
      status: 422,
    });
    expect(await call('POST', `${R()}/pulls`, { title: 't', base: 'main' })).toMatchObject({
      status: 422,
      json: { message: 'Invalid request.\n\n"head" wasn\'t supplied.' },
    });
  });

  it('paginates with per_page (default 30, at most 100) and Link headers', async () => {
    const issue = fake.createIssue();
    for (let i = 0; i < 250; i++) {
      fake.addComment(issue, `c${i}`, { login: 'u', type: 'User', id: 1 });
    }
    const first = await call('GET', `${R()}/issues/${issue}/comments`);
    expect(first.json).toHaveLength(30);
    expect(first.link).toBe(
      `<${fake.url}${R()}/issues/${issue}/comments?page=2>; rel="next", <${fake.url}${R()}/issues/${issue}/comments?page=9>; rel="last"`,
    );
    const big = await call('GET', `${R()}/issues/${issue}/comments?per_page=500&page=3`);
    expect(big.json).toHaveLength(50);
    expect((big.json as { body: string }[])[0]?.body).toBe('c200');
    expect(big.link).toContain('rel="prev"');
    expect(big.link).toContain('rel="first"');
    expect(big.link).not.toContain('rel="next"');
    const comment = (big.json as Record<string, unknown>[])[0];
    expect(comment).toMatchObject({
      id: expect.any(Number) as number,
      node_id: expect.any(String) as string,
      html_url: expect.stringContaining('#issuecomment-') as string,
      user: { login: 'u', type: 'User' },
    });
  });

  it('allows one open pull request per head, and filters the list by owner:branch only', async () => {
    fake.pushFiles('feature', { 'a.txt': 'a' });
    const create = { title: 't', head: 'feature', base: 'main' };
    expect(await call('POST', `${R()}/pulls`, create)).toMatchObject({
      status: 201,
      json: { number: 1, head: { ref: 'feature' }, base: { ref: 'main' }, state: 'open' },
    });
    expect(await call('POST', `${R()}/pulls`, create)).toMatchObject({
      status: 422,
      json: {
        message: 'Validation Failed',
        errors: [{ message: `A pull request already exists for ${fake.owner}:feature.` }],
      },
    });
    fake.pushFiles('other', { 'b.txt': 'b' });
    await call('POST', `${R()}/pulls`, { ...create, head: 'other' });
    const byOwner = await call('GET', `${R()}/pulls?head=${fake.owner}:feature&state=open`);
    expect(byOwner.json).toHaveLength(1);
    // Without the owner GitHub ignores the filter.
    const bare = await call('GET', `${R()}/pulls?head=feature`);
    expect(bare.json).toHaveLength(2);
    expect(await call('GET', `${R()}/pulls?state=closed`)).toMatchObject({ json: [] });
  });

  it('refuses a pull request without commits or with a missing branch', async () => {
    fake.pushFiles('same', {});
    const sameAsMain = fake.branches().get('same');
    expect(sameAsMain).toBeDefined();
    // `same` holds a commit main lacks: fine. A branch at main's head is not.
    await call('POST', `${R()}/git/refs`, {
      ref: 'refs/heads/at-main',
      sha: fake.branches().get('main'),
    });
    expect(
      await call('POST', `${R()}/pulls`, { title: 't', head: 'at-main', base: 'main' }),
    ).toMatchObject({
      status: 422,
      json: { errors: [{ message: 'No commits between main and at-main' }] },
    });
    expect(
      await call('POST', `${R()}/pulls`, { title: 't', head: 'absent', base: 'main' }),
    ).toMatchObject({ status: 422, json: { errors: [{ field: 'head', code: 'invalid' }] } });
  });

  it('keeps git refs honest: no duplicate, no non-fast-forward update unless forced', async () => {
    const main = fake.branches().get('main')!;
    const ahead = fake.pushFiles('topic', { 'x.txt': 'x' });
    expect(
      await call('POST', `${R()}/git/refs`, { ref: 'refs/heads/topic', sha: main }),
    ).toMatchObject({ status: 422, json: { message: 'Reference already exists' } });
    expect(await call('PATCH', `${R()}/git/refs/heads/topic`, { sha: main })).toMatchObject({
      status: 422,
      json: { message: 'Update is not a fast forward' },
    });
    expect(
      await call('PATCH', `${R()}/git/refs/heads%2Ftopic`, { sha: main, force: true }),
    ).toMatchObject({ status: 200, json: { ref: 'refs/heads/topic', object: { sha: main } } });
    expect(await call('PATCH', `${R()}/git/refs/heads/topic`, { sha: ahead })).toMatchObject({
      status: 200,
    });
    expect(await call('PATCH', `${R()}/git/refs/heads/nope`, { sha: main })).toMatchObject({
      status: 422,
    });
    expect(await call('GET', `${R()}/git/ref/heads/nope`)).toMatchObject({ status: 404 });
  });

  it('serves file contents as base64 in 60-character lines', async () => {
    const text = 'x'.repeat(100);
    fake.pushFiles('main', { 'dir/f.txt': text });
    const { json } = await call('GET', `${R()}/contents/dir%2Ff.txt?ref=main`);
    const file = json as { type: string; encoding: string; content: string; path: string };
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: 'dir/f.txt' });
    expect(file.content.split('\n')[0]).toHaveLength(60);
    expect(Buffer.from(file.content, 'base64').toString()).toBe(text);
    expect(await call('GET', `${R()}/contents/dir`)).toMatchObject({
      json: [{ type: 'file', name: 'f.txt' }],
    });
    expect(await call('GET', `${R()}/contents/dir/f.txt?ref=nope`)).toMatchObject({ status: 404 });
  });

  it('counts requests by route', async () => {
    await call('GET', R());
    await call('GET', R());
    await call('GET', `${R()}/git/ref/heads/main`);
    expect(fake.count('GET /repos/{owner}/{repo}')).toBe(2);
    expect(fake.count('GET /repos/{owner}/{repo}/git/ref/{ref+}')).toBe(1);
    expect(fake.writes()).toBe(0);
  });
});
