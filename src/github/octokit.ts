/**
 * `GitHubApi` (api.ts) over `@actions/github`'s Octokit (`createGitHubApi`).
 *
 * Errors: a rate limit (primary: `x-ratelimit-remaining: 0`; secondary: `retry-after`, or a 403
 * or 429 saying so) is waited out and the call made again, as GitHub's documentation asks:
 * until `retry-after` seconds, or `x-ratelimit-reset`, or at least a minute (doubled each time)
 * when neither is given; all waits of a run together are bounded (`rateLimitWaitMs`), and a
 * limit that resets later fails the call with a `RateLimitError` saying when it resets. Other
 * 4xx answers are never retried; a read or write refused with 403 or 404 (a read-only token,
 * as a pull request from a fork gets, or a token without the permission) becomes a
 * `PermissionError` naming the `permissions:` the workflow must grant (a read whose 404 means
 * "absent", such as a file or a branch, gives undefined instead); a 422 becomes a
 * `GitHubCallError` naming the call and GitHub's reasons. Other errors are Octokit's own,
 * untouched (`status`, `response` and `name` kept).
 */
import { getOctokit } from '@actions/github';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  COMMENT_PERMISSIONS,
  GITHUB_ACTIONS_BOT,
  GitHubCallError,
  PermissionError,
  PULL_REQUEST_PERMISSIONS,
  RateLimitError,
  type GitHubApi,
  type IssueComment,
  type PullRequest,
  type RepoRef,
} from './api.js';

export interface GitHubApiOptions {
  /** The REST API root, e.g. `https://api.github.com` or the `GITHUB_API_URL` of a GHES. */
  baseUrl: string;
  /** Retries of a 5xx answer or a network failure, for idempotent calls only. Default 2. */
  retries?: number;
  /** Delay before the first retry, doubled for each next one. Default 1000 ms. */
  retryDelayMs?: number;
  /**
   * How long all rate-limit waits of this client may take together before a call fails.
   * Default 15 minutes.
   */
  rateLimitWaitMs?: number;
  /**
   * The first wait after a secondary rate limit that says no time (GitHub: at least a minute),
   * doubled for each next one. Default 60,000 ms.
   */
  secondaryWaitMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** Default of `GitHubApiOptions.rateLimitWaitMs`. */
export const RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

type Octokit = ReturnType<typeof getOctokit>;

/** The `GitHubApi` over `@actions/github`'s Octokit. Builds nothing at import time. */
export function createGitHubApi(token: string, options: GitHubApiOptions): GitHubApi {
  const octokit = getOctokit(token, { baseUrl: options.baseUrl.replace(/\/+$/, '') });
  addRetries(octokit, {
    retries: options.retries ?? 2,
    delayMs: options.retryDelayMs ?? 1000,
    budgetMs: options.rateLimitWaitMs ?? RATE_LIMIT_WAIT_MS,
    secondaryMs: options.secondaryWaitMs ?? 60_000,
    now: options.now ?? Date.now,
  });
  const rest = octokit.rest;

  const toComment = (data: {
    id: number;
    body?: string | undefined;
    html_url: string;
    user: { login: string } | null;
  }): IssueComment => ({
    id: data.id,
    body: data.body ?? '',
    author: data.user?.login,
    url: data.html_url,
  });
  const toPull = (data: {
    number: number;
    html_url: string;
    title: string;
    body: string | null;
    base: { ref: string };
  }): PullRequest => ({
    number: data.number,
    url: data.html_url,
    title: data.title,
    body: data.body ?? '',
    base: data.base.ref,
  });

  return {
    async getAuthenticatedLogin() {
      try {
        return (await rest.users.getAuthenticated()).data.login;
      } catch (error) {
        // A GITHUB_TOKEN (an installation token) may not read /user: 403.
        if (statusOf(error) === 403 && !isRateLimited(error)) return GITHUB_ACTIONS_BOT;
        throw error;
      }
    },

    listIssueComments: (repo, issueNumber) =>
      guard(repo, `read the comments of #${issueNumber}`, COMMENT_PERMISSIONS, async () => {
        const comments = await octokit.paginate(rest.issues.listComments, {
          ...at(repo),
          issue_number: issueNumber,
          per_page: 100,
        });
        return comments.map(toComment);
      }),

    createIssueComment: (repo, issueNumber, body) =>
      guard(repo, `comment on #${issueNumber}`, COMMENT_PERMISSIONS, async () =>
        toComment(
          (await rest.issues.createComment({ ...at(repo), issue_number: issueNumber, body })).data,
        ),
      ),

    updateIssueComment: (repo, commentId, body) =>
      guard(repo, `update comment ${commentId}`, COMMENT_PERMISSIONS, async () =>
        toComment(
          (await rest.issues.updateComment({ ...at(repo), comment_id: commentId, body })).data,
        ),
      ),

    getDefaultBranch: (repo) =>
      guard(
        repo,
        'read the repository',
        PULL_REQUEST_PERMISSIONS,
        async () => (await rest.repos.get(at(repo))).data.default_branch,
      ),

    getBranchHead: (repo, branch) =>
      guard(repo, `read the branch ${branch}`, PULL_REQUEST_PERMISSIONS, () =>
        orUndefinedOn404(
          async () =>
            (await rest.git.getRef({ ...at(repo), ref: `heads/${branch}` })).data.object.sha,
        ),
      ),

    getCommitTree: (repo, commitSha) =>
      guard(
        repo,
        `read the commit ${commitSha}`,
        PULL_REQUEST_PERMISSIONS,
        async () =>
          (await rest.git.getCommit({ ...at(repo), commit_sha: commitSha })).data.tree.sha,
      ),

    getFileText: (repo, path, ref) =>
      guard(repo, `read ${path}`, PULL_REQUEST_PERMISSIONS, () =>
        orUndefinedOn404(async () => {
          const { data } = await rest.repos.getContent({ ...at(repo), path, ref });
          if (Array.isArray(data) || data.type !== 'file') {
            throw new Error(`${path} on ${ref} in ${repo.owner}/${repo.repo} is not a file`);
          }
          if (data.encoding !== 'base64') {
            // The contents API leaves out files over 1 MB; no IAM policy is that large.
            throw new Error(
              `${path} on ${ref} in ${repo.owner}/${repo.repo} is too large to read (${data.size} bytes)`,
            );
          }
          return Buffer.from(data.content, 'base64').toString('utf8');
        }),
      ),

    createBlob: (repo, text) =>
      guard(repo, 'create a blob', PULL_REQUEST_PERMISSIONS, async () => {
        const content = Buffer.from(text, 'utf8').toString('base64');
        return (await rest.git.createBlob({ ...at(repo), content, encoding: 'base64' })).data.sha;
      }),

    createTree: (repo, baseTree, files) =>
      guard(repo, 'create a tree', PULL_REQUEST_PERMISSIONS, async () => {
        const tree = files.map((file) => ({
          path: file.path,
          mode: '100644' as const,
          type: 'blob' as const,
          sha: file.blobSha,
        }));
        return (await rest.git.createTree({ ...at(repo), base_tree: baseTree, tree })).data.sha;
      }),

    createCommit: (repo, commit) =>
      guard(repo, 'create a commit', PULL_REQUEST_PERMISSIONS, async () => {
        return (
          await rest.git.createCommit({
            ...at(repo),
            message: commit.message,
            tree: commit.tree,
            parents: [...commit.parents],
          })
        ).data.sha;
      }),

    createBranch: (repo, branch, sha) =>
      guard(repo, `create the branch ${branch}`, PULL_REQUEST_PERMISSIONS, async () => {
        await rest.git.createRef({ ...at(repo), ref: `refs/heads/${branch}`, sha });
      }),

    forceUpdateBranch: (repo, branch, sha) =>
      guard(repo, `update the branch ${branch}`, PULL_REQUEST_PERMISSIONS, async () => {
        await rest.git.updateRef({ ...at(repo), ref: `heads/${branch}`, sha, force: true });
      }),

    findOpenPullRequest: (repo, branch) =>
      guard(repo, 'list the open pull requests', PULL_REQUEST_PERMISSIONS, async () => {
        const pulls = await octokit.paginate(rest.pulls.list, {
          ...at(repo),
          head: `${repo.owner}:${branch}`,
          state: 'open',
          per_page: 100,
        });
        const match = pulls
          .filter((pull) => pull.head.ref === branch)
          .sort((a, b) => a.number - b.number)[0];
        return match && toPull(match);
      }),

    findClosedPullRequest: (repo, branch) =>
      guard(repo, 'list the closed pull requests', PULL_REQUEST_PERMISSIONS, async () => {
        // Newest first; the latest one says what was last decided about this branch.
        const { data } = await rest.pulls.list({
          ...at(repo),
          head: `${repo.owner}:${branch}`,
          state: 'closed',
          sort: 'created',
          direction: 'desc',
          per_page: 20,
        });
        const match = data.find((pull) => pull.head.ref === branch);
        return (
          match && {
            ...toPull(match),
            merged: match.merged_at !== null,
            headSha: match.head.sha,
            closedAt: match.closed_at ?? '',
          }
        );
      }),

    createPullRequest: (repo, pull) =>
      guard(
        repo,
        `open a pull request from ${pull.head}`,
        PULL_REQUEST_PERMISSIONS,
        async () =>
          toPull(
            (
              await rest.pulls.create({
                ...at(repo),
                head: pull.head,
                base: pull.base,
                title: pull.title,
                body: pull.body,
              })
            ).data,
          ),
        " If the token is the workflow's GITHUB_TOKEN, the repository (or organization) must also allow GitHub Actions to create pull requests (Settings → Actions → General).",
      ),

    updatePullRequest: (repo, pullNumber, update) =>
      guard(repo, `update pull request #${pullNumber}`, PULL_REQUEST_PERMISSIONS, async () =>
        toPull(
          (
            await rest.pulls.update({
              ...at(repo),
              pull_number: pullNumber,
              title: update.title,
              body: update.body,
            })
          ).data,
        ),
      ),

    addLabels: (repo, issueNumber, labels) =>
      guard(repo, `label #${issueNumber}`, COMMENT_PERMISSIONS, async () => {
        await rest.issues.addLabels({
          ...at(repo),
          issue_number: issueNumber,
          labels: [...labels],
        });
      }),

    requestReviewers: (repo, pullNumber, reviewers) =>
      guard(repo, `request reviewers on #${pullNumber}`, COMMENT_PERMISSIONS, async () => {
        await rest.pulls.requestReviewers({
          ...at(repo),
          pull_number: pullNumber,
          reviewers: [...reviewers.users],
          team_reviewers: [...reviewers.teams],
        });
      }),
  };
}

/**
 * Runs a call; a 403 or 404 answer (not a rate limit) becomes a `PermissionError` naming the
 * permissions the workflow must grant. (A 404 is also how GitHub hides what a token may not
 * see, so it is read as a missing permission; reads whose 404 means "absent" handle it first.)
 */
async function guard<T>(
  repo: RepoRef,
  what: string,
  permissions: readonly string[],
  call: () => Promise<T>,
  hint = '',
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    const where = `${repo.owner}/${repo.repo}`;
    if (error instanceof RateLimitError) {
      throw new RateLimitError(
        `GitHub's rate limit stopped the call to ${what} in ${where}: ${error.message}`,
        {
          resetsAt: error.resetsAt,
          cause: error,
        },
      );
    }
    if (status === 422) {
      throw new GitHubCallError(
        `GitHub refused to ${what} in ${where} (${callOf(error)}: 422 ${reasonsOf(error)})`,
        { status, cause: error },
      );
    }
    if ((status !== 403 && status !== 404) || isRateLimited(error)) throw error;
    const answer = messageFrom(error);
    const grant = permissions.join(', ');
    throw new PermissionError(
      `GitHub refused to ${what} in ${repo.owner}/${repo.repo} (${status}${answer ? `: ${answer}` : ''}). ` +
        `The token needs \`permissions: ${grant}\`: add it to the workflow or job. ` +
        'A run for a pull request from a fork gets a read-only GITHUB_TOKEN whatever the workflow asks for: ' +
        `skip publishing for forks, or publish from a separate workflow triggered by \`workflow_run\`.${hint}`,
      { status, permissions, cause: error },
    );
  }
}

/** Only the two fields: anything else on the object would be sent as a parameter. */
function at(repo: RepoRef): { owner: string; repo: string; [key: string]: unknown } {
  return { owner: repo.owner, repo: repo.repo };
}

async function orUndefinedOn404<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function headersOf(error: unknown): Record<string, unknown> {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  return typeof headers === 'object' && headers !== null
    ? (headers as Record<string, unknown>)
    : {};
}

/** `POST /repos/o/r/pulls`: the request of an Octokit error. */
function callOf(error: unknown): string {
  const request = (error as { request?: { method?: unknown; url?: unknown } } | null)?.request;
  const method = typeof request?.method === 'string' ? request.method : '';
  let path = typeof request?.url === 'string' ? request.url : '';
  try {
    path = new URL(path).pathname;
  } catch {
    // Not a full URL: as it is.
  }
  return `${method} ${path}`.trim() || 'the request';
}

/** GitHub's message and each of its `errors` (a message, or resource, field and code). */
function reasonsOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data as
    { message?: unknown; errors?: unknown } | null | undefined;
  const message = typeof data?.message === 'string' ? data.message : 'Unprocessable Entity';
  const errors = Array.isArray(data?.errors) ? (data.errors as unknown[]) : [];
  const details = errors.map((e) => {
    if (typeof e === 'string') return e;
    const item = (e ?? {}) as {
      message?: unknown;
      resource?: unknown;
      field?: unknown;
      code?: unknown;
    };
    if (typeof item.message === 'string') return item.message;
    return [item.resource, item.field, item.code].filter((v) => typeof v === 'string').join(' ');
  });
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}

/** A primary (`x-ratelimit-remaining: 0`) or secondary (`retry-after`) rate limit. */
function isRateLimited(error: unknown): boolean {
  const headers = headersOf(error);
  const status = statusOf(error);
  return (
    status === 429 ||
    String(headers['x-ratelimit-remaining']) === '0' ||
    headers['retry-after'] !== undefined ||
    (status === 403 && /rate limit/i.test(messageFrom(error)))
  );
}

function messageFrom(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

/** Git objects are content-addressed: creating one twice is harmless. */
const IDEMPOTENT_POSTS = /\/git\/(blobs|trees|commits)$/;

interface RetryOptions {
  retries: number;
  delayMs: number;
  budgetMs: number;
  secondaryMs: number;
  now: () => number;
}

/**
 * How long GitHub asks to wait before the call again (`retry-after` seconds, or until
 * `x-ratelimit-reset`), and when the limit resets; `waitMs` undefined when it says neither.
 */
export function rateLimitWait(
  headers: Record<string, unknown>,
  now: number,
): { waitMs: number | undefined; resetsAt: number | undefined } {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    return { waitMs: retryAfter * 1000, resetsAt: now + retryAfter * 1000 };
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset) && reset > 0) {
    // The reset is in whole seconds: one more second, so the call comes after it.
    const resetsAt = reset * 1000;
    return { waitMs: Math.max(0, resetsAt - now) + 1000, resetsAt };
  }
  return { waitMs: undefined, resetsAt: undefined };
}

/**
 * Waits out rate limits (any call: GitHub did not act on a rate-limited request) within the
 * budget, and retries 5xx answers and network failures of idempotent calls with a doubling
 * delay. Other 4xx answers are never retried, nor are writes that could happen twice (new
 * comments, pull requests, refs).
 */
function addRetries(octokit: Octokit, options: RetryOptions): void {
  let waited = 0;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const method = String(requestOptions.method).toUpperCase();
    const idempotent = method !== 'POST' || IDEMPOTENT_POSTS.test(String(requestOptions.url));
    let secondary = 0;
    for (let attempt = 0; ;) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const status = statusOf(error);
        if (status !== undefined && status < 500 && isRateLimited(error)) {
          const now = options.now();
          const asked = rateLimitWait(headersOf(error), now);
          const waitMs = asked.waitMs ?? options.secondaryMs * 2 ** secondary++;
          const left = options.budgetMs - waited;
          if (waitMs > left || secondary > 5) {
            const at = asked.resetsAt ?? now + waitMs;
            const resetsAt = new Date(at).toISOString();
            throw new RateLimitError(
              `GitHub answered ${status} (${messageFrom(error) || 'rate limited'}); the limit resets at ${resetsAt}, in ${Math.ceil(waitMs / 1000)} s, and this run waits at most ${Math.round(left / 1000)} s more (${Math.round(options.budgetMs / 1000)} s in all). Run again after ${resetsAt}, or publish with a token of its own rate limit.`,
              { resetsAt, cause: error },
            );
          }
          waited += waitMs;
          await sleep(waitMs);
          continue;
        }
        const retryable = status === undefined || status >= 500;
        if (!idempotent || !retryable || attempt >= options.retries) throw error;
        await sleep(options.delayMs * 2 ** attempt);
        attempt++;
      }
    }
  });
}
