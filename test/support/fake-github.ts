/**
 * A fake GitHub REST API on loopback, for tests that drive real Octokit clients over HTTP
 * (`@actions/github` sends requests with undici, which nock and msw cannot intercept).
 *
 * It is as strict as GitHub where the publish stage could go wrong:
 * - unknown routes and other repositories → 404 `{"message":"Not Found"}`;
 * - no `Authorization` header → 401 `Requires authentication`; an unknown token → 401
 *   `Bad credentials`; a read-only token → 403 `Resource not accessible by integration` on
 *   every write; `GET /user` → 403 for a GITHUB_TOKEN, 200 for a personal token;
 * - JSON bodies: unparsable → 400, a missing or mistyped field or an unknown key → 422;
 * - lists paginate with `per_page` (default 30, at most 100) and `page`, with `Link` headers
 *   (`prev`, `next`, `last`, `first`) whose addresses point back at the server;
 * - pull requests: one open pull request per head and base (422 `A pull request already exists
 *   for owner:branch.`), head and base must exist and differ; the `head` filter of the list
 *   wants `owner:branch` and is ignored otherwise, as GitHub does;
 * - the Git Data API: blobs (SHA-1 as git computes it), trees with `base_tree`, commits with
 *   parents, refs (422 when a non-forced update is not a fast-forward), and the contents API
 *   answering base64 in 60-character lines;
 * - bodies of comments and pull requests at most 65,536 characters (422 beyond).
 *
 * Trees are flat maps from full path to blob (their SHAs are the fake's own, not git's).
 * Responses carry the fields GitHub documents (`@octokit/openapi-types`) that clients use.
 * State is in memory and open to the tests, and every request is logged by route.
 */
import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];

export interface FakeAccount {
  login: string;
  /** `User` for a person, `Bot` for `github-actions[bot]` and apps. */
  type: 'User' | 'Bot';
  id: number;
}

export interface FakeToken {
  account: FakeAccount;
  /** `github-token`: an installation token like GITHUB_TOKEN (`GET /user` answers 403). */
  kind: 'personal' | 'github-token';
  /** Every write answers 403, as for the GITHUB_TOKEN of a pull request from a fork. */
  readOnly?: boolean;
}

export const GITHUB_ACTIONS_ACCOUNT: FakeAccount = {
  login: 'github-actions[bot]',
  type: 'Bot',
  id: 41898282,
};
export const PAT_ACCOUNT: FakeAccount = { login: 'policy-keeper', type: 'User', id: 5_000_001 };
export const OTHER_ACCOUNT: FakeAccount = { login: 'mallory', type: 'User', id: 5_000_002 };

/** The tokens every fake knows, unless told otherwise. */
export const FAKE_TOKENS = {
  githubToken: 'ghs_fakeGithubToken',
  readOnly: 'ghs_fakeReadOnlyForkToken',
  pat: 'ghp_fakePersonalToken',
} as const;

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Files of the first commit on the default branch. Default a README. */
  files?: Record<string, string>;
  tokens?: Record<string, FakeToken>;
  /** Who may be asked for a review. Default the owner and `reviewer-1`, `reviewer-2`. */
  collaborators?: string[];
  /** Team slugs that may be asked for a review. Default `security`. */
  teams?: string[];
  /** Root of `html_url`s. Default `https://github.com`. */
  htmlUrl?: string;
}

export interface RequestRecord {
  method: string;
  /** The route, as GitHub's docs write it: `POST /repos/{owner}/{repo}/git/commits`. */
  route: string;
  /** Path and query as received. */
  path: string;
  status: number;
  token: string | undefined;
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  author: FakeAccount;
  createdAt: string;
  updatedAt: string;
}

export interface StoredPull {
  number: number;
  id: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  author: FakeAccount;
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  createdAt: string;
  updatedAt: string;
  /** The head commit when the branch is gone, or when the pull request was closed. */
  lastHeadSha: string;
  /** When it was merged (closed pull requests only). */
  mergedAt?: string;
}

export interface StoredCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  date: string;
}

export interface FakeGitHub {
  /** `http://127.0.0.1:<port>`: the `baseUrl` for Octokit. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  close(): Promise<void>;

  /** Every request received, in order. */
  readonly requests: readonly RequestRecord[];
  /** How many requests a route received, e.g. `count('POST /repos/{owner}/{repo}/pulls')`. */
  count(route: string): number;
  /** How many requests other than GET (all routes). */
  writes(): number;
  resetRequests(): void;
  /** The next `times` requests to `route` answer `status` with `message` (and `headers`). */
  failNext(
    route: string,
    status: number,
    message?: string,
    times?: number,
    headers?: Record<string, string>,
  ): void;

  comments(issueNumber?: number): StoredComment[];
  pulls(): StoredPull[];
  /** Branch name → commit SHA. */
  branches(): Map<string, string>;
  /** The files on a branch (or at a commit SHA); undefined when there is no such ref. */
  filesOn(ref: string): Record<string, string> | undefined;
  /** Commits reachable from `ref` along first parents, newest first. */
  history(ref: string): StoredCommit[];
  commit(sha: string): StoredCommit | undefined;

  /** Seeds: an issue (its number is shared with pull requests, as on GitHub). */
  createIssue(title?: string): number;
  addComment(issueNumber: number, body: string, author: FakeAccount): StoredComment;
  /** Commits files straight to a branch (creating it from the default branch if needed). */
  pushFiles(branch: string, files: Record<string, string | null>, message?: string): string;
  /** Deletes a branch, as "Delete branch" does after a pull request is closed. */
  deleteBranch(branch: string): void;
  /** Closes a pull request (merged: as if merged); its head commit stays what it was. */
  closePull(number: number, options?: { merged?: boolean }): void;
}

interface Tree {
  sha: string;
  entries: Map<string, { mode: string; sha: string }>;
}

interface Issue {
  number: number;
  title: string;
}

interface Context {
  method: string;
  url: URL;
  params: Record<string, string>;
  body: Record<string, unknown>;
  token: FakeToken;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: Context) => Reply;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

const DOCS = 'https://docs.github.com/rest';
const BODY_LIMIT = 65_536;

function fail(status: number, message: string, extra: Record<string, unknown> = {}): never {
  throw new HttpError(status, { message, documentation_url: DOCS, ...extra, status: `${status}` });
}

function notFound(): never {
  return fail(404, 'Not Found');
}

function validationFailed(
  errors: { resource: string; code: string; field?: string; message?: string }[],
): never {
  return fail(422, 'Validation Failed', { errors });
}

type FieldType = 'string' | 'boolean' | 'integer' | 'string[]' | 'object' | 'object[]';

/** Checks a JSON body the way GitHub's schema validation answers. */
function validate(
  body: Record<string, unknown>,
  fields: Record<string, { type: FieldType; required?: boolean; oneOf?: readonly string[] }>,
): void {
  for (const key of Object.keys(body)) {
    if (!(key in fields)) fail(422, `Invalid request.\n\n"${key}" is not a permitted key.`);
  }
  for (const [name, field] of Object.entries(fields)) {
    const value = body[name];
    if (value === undefined) {
      if (field.required) fail(422, `Invalid request.\n\n"${name}" wasn't supplied.`);
      continue;
    }
    const ok =
      field.type === 'string'
        ? typeof value === 'string'
        : field.type === 'object'
          ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : field.type === 'boolean'
            ? typeof value === 'boolean'
            : field.type === 'integer'
              ? Number.isInteger(value)
              : field.type === 'string[]'
                ? Array.isArray(value) && value.every((item) => typeof item === 'string')
                : Array.isArray(value) &&
                  value.every((item) => typeof item === 'object' && item !== null);
    if (!ok) {
      fail(
        422,
        `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not ${field.type.replace('[]', ' array')}.`,
      );
    }
    if (field.oneOf && !field.oneOf.includes(value as string)) {
      fail(
        422,
        `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not included in the list.`,
      );
    }
  }
}

function sha1(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`fake:${id}`).toString('base64url')}`;
}

/** Characters as GitHub counts them (code points). */
function characters(text: string): number {
  return Array.from(text).length;
}

/** Starts a fake on a free loopback port. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const owner = options.owner ?? 'octo-org';
  const repoName = options.repo ?? 'infra';
  const defaultBranch = options.defaultBranch ?? 'main';
  const htmlRoot = (options.htmlUrl ?? 'https://github.com').replace(/\/+$/, '');
  const repoHtml = `${htmlRoot}/${owner}/${repoName}`;
  const tokens: Record<string, FakeToken> = options.tokens ?? {
    [FAKE_TOKENS.githubToken]: { account: GITHUB_ACTIONS_ACCOUNT, kind: 'github-token' },
    [FAKE_TOKENS.readOnly]: {
      account: GITHUB_ACTIONS_ACCOUNT,
      kind: 'github-token',
      readOnly: true,
    },
    [FAKE_TOKENS.pat]: { account: PAT_ACCOUNT, kind: 'personal' },
  };
  const collaborators = new Set(
    (options.collaborators ?? [owner, 'reviewer-1', 'reviewer-2', PAT_ACCOUNT.login]).map((name) =>
      name.toLowerCase(),
    ),
  );
  const teams = new Set((options.teams ?? ['security']).map((team) => team.toLowerCase()));

  let base = '';
  let nextId = 1_000;
  let nextNumber = 1;
  let clock = Date.UTC(2026, 10, 1);
  const now = (): string => new Date((clock += 1000)).toISOString();

  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, Tree>();
  const commits = new Map<string, StoredCommit>();
  const refs = new Map<string, string>();
  const issues = new Map<number, Issue>();
  const comments: StoredComment[] = [];
  const pulls: StoredPull[] = [];
  const requests: RequestRecord[] = [];
  const failures: {
    route: string;
    status: number;
    message: string;
    times: number;
    headers: Record<string, string>;
  }[] = [];

  // ---- git objects ----
  const putBlob = (content: Buffer): string => {
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
    blobs.set(sha, content);
    return sha;
  };
  const putTree = (entries: Map<string, { mode: string; sha: string }>): string => {
    const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const sha = sha1(`tree\0${sorted.map(([p, e]) => `${e.mode} ${e.sha}\t${p}`).join('\n')}`);
    trees.set(sha, { sha, entries: new Map(sorted) });
    return sha;
  };
  const putCommit = (tree: string, parents: string[], message: string): StoredCommit => {
    const date = now();
    const sha = sha1(`commit\0${tree}\0${parents.join(',')}\0${date}\0${nextId++}\0${message}`);
    const commit = { sha, tree, parents, message, date };
    commits.set(sha, commit);
    return commit;
  };
  const resolve = (ref: string): string | undefined =>
    refs.get(`refs/heads/${ref}`) ??
    refs.get(`refs/tags/${ref}`) ??
    (commits.has(ref) ? ref : undefined);
  const isAncestor = (ancestor: string, of: string): boolean => {
    const seen = new Set<string>();
    const queue = [of];
    while (queue.length > 0) {
      const sha = queue.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(commits.get(sha)?.parents ?? []));
    }
    return false;
  };
  const filesAt = (commitSha: string): Record<string, string> => {
    const tree = trees.get(commits.get(commitSha)?.tree ?? '');
    const files: Record<string, string> = {};
    for (const [path, entry] of tree?.entries ?? []) {
      files[path] = (blobs.get(entry.sha) ?? Buffer.alloc(0)).toString('utf8');
    }
    return files;
  };
  const commitFiles = (
    parent: string | undefined,
    files: Record<string, string | null>,
    message: string,
  ): StoredCommit => {
    const entries = new Map(
      parent !== undefined ? trees.get(commits.get(parent)!.tree)!.entries : [],
    );
    for (const [path, text] of Object.entries(files)) {
      if (text === null) entries.delete(path);
      else entries.set(path, { mode: '100644', sha: putBlob(Buffer.from(text, 'utf8')) });
    }
    return putCommit(putTree(entries), parent !== undefined ? [parent] : [], message);
  };

  refs.set(
    `refs/heads/${defaultBranch}`,
    commitFiles(undefined, options.files ?? { 'README.md': `# ${repoName}\n` }, 'Initial commit')
      .sha,
  );

  // ---- response shapes ----
  const apiRepo = (): string => `${base}/repos/${owner}/${repoName}`;
  const user = (account: FakeAccount): Schemas['simple-user'] => {
    const url = `${base}/users/${encodeURIComponent(account.login)}`;
    return {
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type === 'Bot' ? 'BOT' : 'U', account.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
      gravatar_id: '',
      url,
      html_url: `${htmlRoot}/${account.type === 'Bot' ? 'apps/' : ''}${account.login.replace('[bot]', '')}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: account.type,
      user_view_type: 'public',
      site_admin: false,
    };
  };
  const ownerAccount: FakeAccount = { login: owner, type: 'User', id: 4_000_001 };
  const repository = () => ({
    id: 7_000_001,
    node_id: nodeId('R', 7_000_001),
    name: repoName,
    full_name: `${owner}/${repoName}`,
    owner: user(ownerAccount),
    private: true,
    visibility: 'private',
    fork: false,
    html_url: repoHtml,
    url: apiRepo(),
    default_branch: defaultBranch,
    archived: false,
    disabled: false,
  });
  const commentJson = (c: StoredComment): Schemas['issue-comment'] => {
    const isPull = pulls.some((p) => p.number === c.issueNumber);
    return {
      id: c.id,
      node_id: nodeId('IC', c.id),
      url: `${apiRepo()}/issues/comments/${c.id}`,
      html_url: `${repoHtml}/${isPull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: user(c.author),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${apiRepo()}/issues/${c.issueNumber}`,
      author_association: c.author.login === owner ? 'OWNER' : 'NONE',
    };
  };
  // A closed pull request keeps the head it had when closed, as on GitHub.
  const headSha = (p: StoredPull): string =>
    (p.state === 'open' ? refs.get(`refs/heads/${p.head}`) : undefined) ?? p.lastHeadSha;
  const branchJson = (branch: string, sha: string) => ({
    label: `${owner}:${branch}`,
    ref: branch,
    sha,
    user: user(ownerAccount),
    repo: repository(),
  });
  const labelJson = (name: string) => {
    const id = 9_000_000 + [...name].reduce((sum, ch) => sum + (ch.codePointAt(0) ?? 0), 0);
    return {
      id,
      node_id: nodeId('LA', id),
      url: `${apiRepo()}/labels/${encodeURIComponent(name)}`,
      name,
      description: null,
      color: 'ededed',
      default: false,
    };
  };
  const pullJson = (p: StoredPull) => ({
    url: `${apiRepo()}/pulls/${p.number}`,
    id: p.id,
    node_id: nodeId('PR', p.id),
    html_url: `${repoHtml}/pull/${p.number}`,
    diff_url: `${repoHtml}/pull/${p.number}.diff`,
    patch_url: `${repoHtml}/pull/${p.number}.patch`,
    issue_url: `${apiRepo()}/issues/${p.number}`,
    commits_url: `${apiRepo()}/pulls/${p.number}/commits`,
    comments_url: `${apiRepo()}/issues/${p.number}/comments`,
    statuses_url: `${apiRepo()}/statuses/${headSha(p)}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: user(p.author),
    body: p.body === '' ? null : p.body,
    labels: p.labels.map(labelJson),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.state === 'closed' ? p.updatedAt : null,
    merged_at: p.mergedAt ?? null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: p.reviewers.map((login) =>
      user({ login, type: 'User', id: 6_000_000 + characters(login) }),
    ),
    requested_teams: p.teamReviewers.map((slug) => ({ name: slug, slug, id: 8_000_001 })),
    head: branchJson(p.head, headSha(p)),
    base: branchJson(p.base, refs.get(`refs/heads/${p.base}`) ?? ''),
    author_association: p.author.login === owner ? 'OWNER' : 'NONE',
    auto_merge: null,
    draft: p.draft,
    merged: p.mergedAt !== undefined,
  });
  const refJson = (ref: string, sha: string): Schemas['git-ref'] => ({
    ref,
    node_id: nodeId('REF', ref),
    url: `${apiRepo()}/git/${ref}`,
    object: { type: 'commit', sha, url: `${apiRepo()}/git/commits/${sha}` },
  });
  const commitJson = (c: StoredCommit): Schemas['git-commit'] => {
    const person = { name: 'Fake Committer', email: 'fake@example.com', date: c.date };
    return {
      sha: c.sha,
      node_id: nodeId('C', c.sha),
      url: `${apiRepo()}/git/commits/${c.sha}`,
      html_url: `${repoHtml}/commit/${c.sha}`,
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.tree, url: `${apiRepo()}/git/trees/${c.tree}` },
      parents: c.parents.map((sha) => ({
        sha,
        url: `${apiRepo()}/git/commits/${sha}`,
        html_url: `${repoHtml}/commit/${sha}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  };
  const treeJson = (t: Tree): Schemas['git-tree'] => ({
    sha: t.sha,
    url: `${apiRepo()}/git/trees/${t.sha}`,
    truncated: false,
    tree: [...t.entries].map(([path, e]) => ({
      path,
      mode: e.mode,
      type: 'blob',
      sha: e.sha,
      size: blobs.get(e.sha)?.length ?? 0,
      url: `${apiRepo()}/git/blobs/${e.sha}`,
    })),
  });

  // ---- pagination ----
  const page = <T>(ctx: Context, items: readonly T[]): Reply => {
    const perPageRaw = ctx.url.searchParams.get('per_page');
    const pageRaw = ctx.url.searchParams.get('page');
    const perPageNumber = perPageRaw !== null && /^\d+$/.test(perPageRaw) ? Number(perPageRaw) : 30;
    const perPage = Math.min(100, Math.max(1, perPageNumber));
    const current = pageRaw !== null && /^\d+$/.test(pageRaw) ? Math.max(1, Number(pageRaw)) : 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const url = new URL(ctx.url.pathname + ctx.url.search, base);
      url.searchParams.set('page', String(n));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (current > 1) links.push(link(current - 1, 'prev'));
    if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'));
    if (current > 1) links.push(link(1, 'first'));
    return {
      status: 200,
      body: items.slice((current - 1) * perPage, current * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  };

  // ---- handlers ----
  const issueOrPull = (value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || !issues.has(n)) notFound();
    return n;
  };
  const pullByNumber = (value: string | undefined): StoredPull => {
    const found = pulls.find((p) => p.number === Number(value));
    return found ?? notFound();
  };
  const checkBody = (resource: string, body: string): void => {
    if (characters(body) > BODY_LIMIT) {
      validationFailed([
        {
          resource,
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
        },
      ]);
    }
  };

  const routes: [string, string, Handler][] = [
    [
      'GET',
      '/user',
      (ctx) => {
        if (ctx.token.kind === 'github-token') fail(403, 'Resource not accessible by integration');
        return { status: 200, body: { ...user(ctx.token.account), name: null, email: null } };
      },
    ],
    ['GET', '/repos/{owner}/{repo}', () => ({ status: 200, body: repository() })],
    [
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      (ctx) => {
        const n = issueOrPull(ctx.params.issue_number);
        return page(ctx, comments.filter((c) => c.issueNumber === n).map(commentJson));
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      (ctx) => {
        const n = issueOrPull(ctx.params.issue_number);
        validate(ctx.body, { body: { type: 'string', required: true } });
        const body = ctx.body.body as string;
        if (body.trim() === '') {
          validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
        }
        checkBody('IssueComment', body);
        const stored = addComment(n, body, ctx.token.account);
        return { status: 201, body: commentJson(stored) };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      (ctx) => {
        const c = comments.find((x) => x.id === Number(ctx.params.comment_id)) ?? notFound();
        return { status: 200, body: commentJson(c) };
      },
    ],
    [
      'PATCH',
      '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      (ctx) => {
        const c = comments.find((x) => x.id === Number(ctx.params.comment_id)) ?? notFound();
        validate(ctx.body, { body: { type: 'string', required: true } });
        const body = ctx.body.body as string;
        checkBody('IssueComment', body);
        c.body = body;
        c.updatedAt = now();
        return { status: 200, body: commentJson(c) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      (ctx) => {
        const n = issueOrPull(ctx.params.issue_number);
        validate(ctx.body, { labels: { type: 'string[]', required: true } });
        const pull = pulls.find((p) => p.number === n);
        const names = ctx.body.labels as string[];
        if (names.some((name) => name.trim() === '')) {
          validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }]);
        }
        if (pull) for (const name of names) if (!pull.labels.includes(name)) pull.labels.push(name);
        return { status: 200, body: (pull?.labels ?? names).map(labelJson) };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/git/ref/{ref+}',
      (ctx) => {
        const ref = `refs/${ctx.params.ref}`;
        const sha = refs.get(ref) ?? notFound();
        return { status: 200, body: refJson(ref, sha) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/git/refs',
      (ctx) => {
        validate(ctx.body, {
          ref: { type: 'string', required: true },
          sha: { type: 'string', required: true },
          key: { type: 'string' },
        });
        const ref = ctx.body.ref as string;
        const sha = ctx.body.sha as string;
        if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
          fail(422, `Reference name must start with 'refs/' and have at least two slashes.`);
        }
        if (!commits.has(sha)) fail(422, 'Object does not exist');
        if (refs.has(ref)) fail(422, 'Reference already exists');
        refs.set(ref, sha);
        return {
          status: 201,
          body: refJson(ref, sha),
          headers: { location: `${apiRepo()}/git/${ref}` },
        };
      },
    ],
    [
      'PATCH',
      '/repos/{owner}/{repo}/git/refs/{ref+}',
      (ctx) => {
        validate(ctx.body, {
          sha: { type: 'string', required: true },
          force: { type: 'boolean' },
        });
        const ref = `refs/${ctx.params.ref}`;
        const sha = ctx.body.sha as string;
        const current = refs.get(ref) ?? fail(422, 'Reference does not exist');
        if (!commits.has(sha)) fail(422, 'Object does not exist');
        if (ctx.body.force !== true && !isAncestor(current, sha)) {
          fail(422, 'Update is not a fast forward');
        }
        refs.set(ref, sha);
        return { status: 200, body: refJson(ref, sha) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/git/blobs',
      (ctx) => {
        validate(ctx.body, {
          content: { type: 'string', required: true },
          encoding: { type: 'string', oneOf: ['utf-8', 'base64'] },
        });
        const content = ctx.body.content as string;
        if (ctx.body.encoding === 'base64' && !/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(content)) {
          fail(422, 'Invalid request.\n\ncontent is not valid Base64');
        }
        const bytes =
          ctx.body.encoding === 'base64'
            ? Buffer.from(content, 'base64')
            : Buffer.from(content, 'utf8');
        const sha = putBlob(bytes);
        const body: Schemas['short-blob'] = { sha, url: `${apiRepo()}/git/blobs/${sha}` };
        return { status: 201, body, headers: { location: body.url } };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/git/blobs/{file_sha}',
      (ctx) => {
        const sha = ctx.params.file_sha ?? '';
        const bytes = blobs.get(sha) ?? notFound();
        const body: Schemas['blob'] = {
          sha,
          node_id: nodeId('B', sha),
          size: bytes.length,
          url: `${apiRepo()}/git/blobs/${sha}`,
          content: bytes.toString('base64').replace(/.{60}/g, '$&\n'),
          encoding: 'base64',
        };
        return { status: 200, body };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/git/trees',
      (ctx) => {
        validate(ctx.body, {
          tree: { type: 'object[]', required: true },
          base_tree: { type: 'string' },
        });
        const baseTreeSha = ctx.body.base_tree as string | undefined;
        const entries = new Map<string, { mode: string; sha: string }>();
        if (baseTreeSha !== undefined) {
          const baseTree = trees.get(baseTreeSha);
          if (!baseTree) fail(422, 'Invalid tree info');
          for (const [path, entry] of baseTree.entries) entries.set(path, entry);
        }
        type Item = Record<'path' | 'mode' | 'type' | 'sha' | 'content', unknown>;
        for (const item of ctx.body.tree as Partial<Item>[]) {
          if (typeof item.path !== 'string' || item.path === '' || item.path.startsWith('/')) {
            fail(422, 'Invalid tree info', { errors: ['tree.path is invalid'] });
          }
          if (item.mode !== '100644' && item.mode !== '100755') {
            fail(
              422,
              `Invalid request.\n\nFor 'properties/mode', ${JSON.stringify(item.mode)} is not one the fake supports (100644, 100755).`,
            );
          }
          if (item.type !== 'blob') {
            fail(422, 'Invalid tree info', { errors: ['tree.type must be blob in the fake'] });
          }
          if (item.sha !== undefined && item.content !== undefined) {
            fail(422, 'Invalid tree info', { errors: ['sha and content are exclusive'] });
          }
          if (item.sha === null) {
            entries.delete(item.path);
          } else if (typeof item.content === 'string') {
            entries.set(item.path, { mode: item.mode, sha: putBlob(Buffer.from(item.content)) });
          } else if (typeof item.sha === 'string' && blobs.has(item.sha)) {
            entries.set(item.path, { mode: item.mode, sha: item.sha });
          } else {
            fail(422, 'Invalid tree info', {
              errors: [`tree.sha ${JSON.stringify(item.sha)} is not a blob`],
            });
          }
        }
        const sha = putTree(entries);
        return {
          status: 201,
          body: treeJson(trees.get(sha)!),
          headers: { location: `${apiRepo()}/git/trees/${sha}` },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/git/trees/{tree_sha}',
      (ctx) => ({
        status: 200,
        body: treeJson(trees.get(ctx.params.tree_sha ?? '') ?? notFound()),
      }),
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/git/commits',
      (ctx) => {
        validate(ctx.body, {
          message: { type: 'string', required: true },
          tree: { type: 'string', required: true },
          parents: { type: 'string[]' },
          author: { type: 'object' },
          committer: { type: 'object' },
          signature: { type: 'string' },
        });
        const tree = ctx.body.tree as string;
        const parents = (ctx.body.parents as string[] | undefined) ?? [];
        if (!trees.has(tree)) fail(422, 'Tree SHA does not exist');
        if (parents.some((p) => !commits.has(p))) {
          fail(422, 'Parent SHA does not exist or is not a commit object');
        }
        const commit = putCommit(tree, parents, ctx.body.message as string);
        return {
          status: 201,
          body: commitJson(commit),
          headers: { location: `${apiRepo()}/git/commits/${commit.sha}` },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/git/commits/{commit_sha}',
      (ctx) => ({
        status: 200,
        body: commitJson(commits.get(ctx.params.commit_sha ?? '') ?? notFound()),
      }),
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/contents/{path+}',
      (ctx) => {
        const refName = ctx.url.searchParams.get('ref') ?? defaultBranch;
        const sha = resolve(refName) ?? fail(404, `No commit found for the ref ${refName}`);
        const path = (ctx.params.path ?? '').replace(/\/+$/, '');
        const tree = trees.get(commits.get(sha)!.tree)!;
        const entry = tree.entries.get(path);
        const contentUrl = (p: string): string =>
          `${apiRepo()}/contents/${p.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(refName)}`;
        if (entry) {
          const bytes = blobs.get(entry.sha)!;
          const html = `${repoHtml}/blob/${refName}/${path}`;
          const self = contentUrl(path);
          const body: Schemas['content-file'] = {
            type: 'file',
            encoding: 'base64',
            size: bytes.length,
            name: path.slice(path.lastIndexOf('/') + 1),
            path,
            content: `${bytes.toString('base64').replace(/.{60}/g, '$&\n')}\n`,
            sha: entry.sha,
            url: self,
            git_url: `${apiRepo()}/git/blobs/${entry.sha}`,
            html_url: html,
            download_url: `https://raw.githubusercontent.com/${owner}/${repoName}/${refName}/${path}`,
            _links: { self, git: `${apiRepo()}/git/blobs/${entry.sha}`, html },
          };
          return { status: 200, body };
        }
        const prefix = `${path}/`;
        const children = new Map<string, 'file' | 'dir'>();
        for (const p of tree.entries.keys()) {
          if (!p.startsWith(prefix)) continue;
          const rest = p.slice(prefix.length);
          const slash = rest.indexOf('/');
          children.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir');
        }
        if (children.size === 0) notFound();
        return {
          status: 200,
          body: [...children].map(([name, type]) => ({
            type,
            name,
            path: `${prefix}${name}`,
            url: contentUrl(`${prefix}${name}`),
          })),
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/pulls',
      (ctx) => {
        const q = ctx.url.searchParams;
        const state = q.get('state') ?? 'open';
        if (!['open', 'closed', 'all'].includes(state)) {
          fail(422, `Invalid request.\n\nFor 'state', "${state}" is not included in the list.`);
        }
        const head = q.get('head');
        const baseBranch = q.get('base');
        const direction = q.get('direction') ?? 'desc';
        let list = pulls.filter((p) => state === 'all' || p.state === state);
        // GitHub wants `user:ref-name`; a head without the owner is silently ignored.
        if (head !== null && head.includes(':')) {
          const [headOwner, ...branch] = head.split(':');
          list = list.filter(
            (p) => headOwner?.toLowerCase() === owner.toLowerCase() && p.head === branch.join(':'),
          );
        }
        if (baseBranch !== null) list = list.filter((p) => p.base === baseBranch);
        list.sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
        return page(ctx, list.map(pullJson));
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/pulls',
      (ctx) => {
        validate(ctx.body, {
          title: { type: 'string', required: true },
          head: { type: 'string', required: true },
          head_repo: { type: 'string' },
          base: { type: 'string', required: true },
          body: { type: 'string' },
          maintainer_can_modify: { type: 'boolean' },
          draft: { type: 'boolean' },
          issue: { type: 'integer' },
        });
        const rawHead = ctx.body.head as string;
        const baseBranch = ctx.body.base as string;
        const [headOwner, headBranch] = rawHead.includes(':')
          ? [rawHead.slice(0, rawHead.indexOf(':')), rawHead.slice(rawHead.indexOf(':') + 1)]
          : [owner, rawHead];
        const head = refs.get(`refs/heads/${headBranch}`);
        if (headOwner.toLowerCase() !== owner.toLowerCase() || head === undefined) {
          validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'head' }]);
        }
        const baseSha = refs.get(`refs/heads/${baseBranch}`);
        if (baseSha === undefined) {
          validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }]);
        }
        const body = (ctx.body.body as string | undefined) ?? '';
        checkBody('PullRequest', body);
        if ((ctx.body.title as string).trim() === '') {
          validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
        }
        if (
          pulls.some((p) => p.state === 'open' && p.head === headBranch && p.base === baseBranch)
        ) {
          validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${owner}:${headBranch}.`,
            },
          ]);
        }
        if (isAncestor(head, baseSha)) {
          validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `No commits between ${baseBranch} and ${headBranch}`,
            },
          ]);
        }
        const number = nextNumber++;
        issues.set(number, { number, title: ctx.body.title as string });
        const at = now();
        const pull: StoredPull = {
          number,
          id: nextId++,
          title: ctx.body.title as string,
          body,
          head: headBranch,
          base: baseBranch,
          state: 'open',
          draft: ctx.body.draft === true,
          author: ctx.token.account,
          labels: [],
          reviewers: [],
          teamReviewers: [],
          createdAt: at,
          updatedAt: at,
          lastHeadSha: head,
        };
        pulls.push(pull);
        return {
          status: 201,
          body: pullJson(pull),
          headers: { location: `${apiRepo()}/pulls/${number}` },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      (ctx) => ({
        status: 200,
        body: pullJson(pullByNumber(ctx.params.pull_number)),
      }),
    ],
    [
      'PATCH',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      (ctx) => {
        const pull = pullByNumber(ctx.params.pull_number);
        validate(ctx.body, {
          title: { type: 'string' },
          body: { type: 'string' },
          state: { type: 'string', oneOf: ['open', 'closed'] },
          base: { type: 'string' },
          maintainer_can_modify: { type: 'boolean' },
        });
        if (typeof ctx.body.body === 'string') checkBody('PullRequest', ctx.body.body);
        if (typeof ctx.body.base === 'string' && !refs.has(`refs/heads/${ctx.body.base}`)) {
          validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }]);
        }
        if (typeof ctx.body.title === 'string') pull.title = ctx.body.title;
        if (typeof ctx.body.body === 'string') pull.body = ctx.body.body;
        if (typeof ctx.body.base === 'string') pull.base = ctx.body.base;
        if (ctx.body.state === 'closed' && pull.state === 'open') pull.lastHeadSha = headSha(pull);
        if (ctx.body.state === 'open' || ctx.body.state === 'closed') pull.state = ctx.body.state;
        pull.updatedAt = now();
        return { status: 200, body: pullJson(pull) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
      (ctx) => {
        const pull = pullByNumber(ctx.params.pull_number);
        validate(ctx.body, {
          reviewers: { type: 'string[]' },
          team_reviewers: { type: 'string[]' },
        });
        const users = (ctx.body.reviewers as string[] | undefined) ?? [];
        const teamSlugs = (ctx.body.team_reviewers as string[] | undefined) ?? [];
        if (users.some((u) => u.toLowerCase() === pull.author.login.toLowerCase())) {
          fail(422, 'Review cannot be requested from pull request author.');
        }
        if (
          users.some((u) => !collaborators.has(u.toLowerCase())) ||
          teamSlugs.some((t) => !teams.has(t.toLowerCase()))
        ) {
          fail(
            422,
            `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${owner}/${repoName} repository.`,
          );
        }
        for (const u of users) if (!pull.reviewers.includes(u)) pull.reviewers.push(u);
        for (const t of teamSlugs) if (!pull.teamReviewers.includes(t)) pull.teamReviewers.push(t);
        return { status: 201, body: pullJson(pull) };
      },
    ],
  ];

  const compiled = routes.map(([method, template, handler]) => {
    const parts = template.split('/').slice(1);
    return { method, template, route: `${method} ${template}`, parts, handler };
  });

  const match = (
    method: string,
    pathname: string,
  ): { route: string; handler: Handler; params: Record<string, string> } | undefined => {
    const segments = pathname.split('/').slice(1);
    for (const r of compiled) {
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.parts.length && ok; i++) {
        const part = r.parts[i]!;
        const segment = segments[i];
        if (segment === undefined || segment === '') ok = false;
        else if (part.endsWith('+}')) {
          params[part.slice(1, -2)] = decodeURIComponent(segments.slice(i).join('/'));
          if (i !== r.parts.length - 1) ok = false;
          else return { route: r.route, handler: r.handler, params };
        } else if (part.startsWith('{')) params[part.slice(1, -1)] = decodeURIComponent(segment);
        else if (part !== segment) ok = false;
      }
      if (ok && segments.length === r.parts.length) {
        return { route: r.route, handler: r.handler, params };
      }
    }
    return undefined;
  };

  // ---- seeds ----
  function addComment(issueNumber: number, body: string, author: FakeAccount): StoredComment {
    if (!issues.has(issueNumber)) throw new Error(`fake GitHub: no issue #${issueNumber}`);
    const at = now();
    const stored = { id: nextId++, issueNumber, body, author, createdAt: at, updatedAt: at };
    comments.push(stored);
    return stored;
  }

  // ---- server ----
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res: ServerResponse, reply: Reply): void => {
    const headers: Record<string, string> = {
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `FAKE:${requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res
      .writeHead(reply.status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
      })
      .end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', base);
    const record: RequestRecord = {
      method,
      route: `${method} ${url.pathname}`,
      path: url.pathname + url.search,
      status: 0,
      token: undefined,
    };
    requests.push(record);
    let reply: Reply;
    try {
      const raw = await readBody(req);
      const found = match(method, url.pathname);
      if (found) record.route = found.route;
      const auth = req.headers.authorization;
      const tokenText = /^(?:token|bearer)\s+(\S+)$/i.exec(auth ?? '')?.[1];
      record.token = tokenText;
      if (tokenText === undefined) fail(401, 'Requires authentication');
      const token = tokens[tokenText] ?? fail(401, 'Bad credentials');
      if (!found) notFound();
      if (
        found.params.owner !== undefined &&
        (found.params.owner.toLowerCase() !== owner.toLowerCase() ||
          found.params.repo?.toLowerCase() !== repoName.toLowerCase())
      ) {
        notFound();
      }
      const injected = failures.find((f) => f.route === found.route && f.times > 0);
      if (injected) {
        injected.times--;
        throw new HttpError(
          injected.status,
          { message: injected.message, documentation_url: DOCS, status: `${injected.status}` },
          injected.headers,
        );
      }
      if (method !== 'GET' && token.readOnly) fail(403, 'Resource not accessible by integration');
      let body: Record<string, unknown> = {};
      if (method !== 'GET' && raw.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          fail(400, 'Problems parsing JSON');
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          fail(400, 'Body should be a JSON object');
        }
        body = parsed as Record<string, unknown>;
      }
      reply = found.handler({ method, url, params: found.params, body, token });
    } catch (error) {
      reply =
        error instanceof HttpError
          ? { status: error.status, body: error.body, headers: error.headers }
          : { status: 500, body: { message: `fake GitHub: ${String(error)}` } };
    }
    record.status = reply.status;
    send(res, reply);
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    owner,
    repo: repoName,
    defaultBranch,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
    requests,
    count: (route) => requests.filter((r) => r.route === route).length,
    writes: () => requests.filter((r) => r.method !== 'GET').length,
    resetRequests: () => {
      requests.length = 0;
    },
    failNext: (route, status, message = 'Server Error', times = 1, headers = {}) => {
      failures.push({ route, status, message, times, headers });
    },
    comments: (issueNumber) =>
      comments
        .filter((c) => issueNumber === undefined || c.issueNumber === issueNumber)
        .map((c) => ({ ...c })),
    pulls: () => pulls.map((p) => ({ ...p, labels: [...p.labels], reviewers: [...p.reviewers] })),
    branches: () =>
      new Map(
        [...refs]
          .filter(([ref]) => ref.startsWith('refs/heads/'))
          .map(([ref, sha]) => [ref.slice('refs/heads/'.length), sha]),
      ),
    filesOn: (ref) => {
      const sha = resolve(ref);
      return sha === undefined ? undefined : filesAt(sha);
    },
    history: (ref) => {
      const list: StoredCommit[] = [];
      let sha = resolve(ref);
      while (sha !== undefined) {
        const c = commits.get(sha);
        if (!c) break;
        list.push(c);
        sha = c.parents[0];
      }
      return list;
    },
    commit: (sha) => commits.get(sha),
    createIssue: (title = 'An issue') => {
      const number = nextNumber++;
      issues.set(number, { number, title });
      return number;
    },
    addComment,
    pushFiles: (branch, files, message = 'Commit from a test') => {
      const ref = `refs/heads/${branch}`;
      const parent = refs.get(ref) ?? refs.get(`refs/heads/${defaultBranch}`);
      const commit = commitFiles(parent, files, message);
      refs.set(ref, commit.sha);
      return commit.sha;
    },
    deleteBranch: (branch) => {
      if (!refs.delete(`refs/heads/${branch}`)) throw new Error(`fake GitHub: no branch ${branch}`);
    },
    closePull: (number, options = {}) => {
      const pull = pulls.find((p) => p.number === number);
      if (!pull) throw new Error(`fake GitHub: no pull request #${number}`);
      if (pull.state === 'open') pull.lastHeadSha = headSha(pull);
      pull.state = 'closed';
      pull.updatedAt = now();
      if (options.merged) pull.mergedAt = pull.updatedAt;
    },
  };
}
