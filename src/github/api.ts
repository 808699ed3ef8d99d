/**
 * The GitHub edge: the few REST calls the publish stage makes, behind a small interface
 * (`GitHubApi`) so that the stage's logic is tested against any implementation, with the errors
 * every implementation gives. The implementation over Octokit is `octokit.ts`.
 */

/** The author of comments written with a workflow's `GITHUB_TOKEN`. */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

/** What the workflow must grant for comments, and for branches plus pull requests. */
export const COMMENT_PERMISSIONS = ['pull-requests: write'] as const;
export const PULL_REQUEST_PERMISSIONS = ['contents: write', 'pull-requests: write'] as const;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueComment {
  id: number;
  body: string;
  /** `user.login` of the comment's author; undefined for a deleted account. */
  author: string | undefined;
  url: string;
}

export interface PullRequest {
  number: number;
  url: string;
  title: string;
  body: string;
  /** The branch the pull request merges into. */
  base: string;
}

export interface CommitInput {
  message: string;
  tree: string;
  parents: readonly string[];
}

/** A pull request closed without being merged, or merged. */
export interface ClosedPullRequest extends PullRequest {
  merged: boolean;
  /** The head commit when it was closed: what it proposed. */
  headSha: string;
  /** ISO time it was closed. */
  closedAt: string;
}

/** The GitHub REST calls the publish stage makes; one method per call (or per listing). */
export interface GitHubApi {
  /** The token's account (`GET /user`); `github-actions[bot]` when GitHub refuses (GITHUB_TOKEN). */
  getAuthenticatedLogin(): Promise<string>;
  /** Every comment of an issue or pull request, all pages, oldest first. */
  listIssueComments(repo: RepoRef, issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(repo: RepoRef, issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;

  getDefaultBranch(repo: RepoRef): Promise<string>;
  /** The commit a branch points at (`GET /git/ref/heads/<branch>`); undefined when absent. */
  getBranchHead(repo: RepoRef, branch: string): Promise<string | undefined>;
  /** The tree of a commit. */
  getCommitTree(repo: RepoRef, commitSha: string): Promise<string>;
  /** A file's text at a ref (contents API); undefined when the file (or the ref) is absent. */
  getFileText(repo: RepoRef, path: string, ref: string): Promise<string | undefined>;
  /** Git Data API: each returns the new object's SHA. */
  createBlob(repo: RepoRef, text: string): Promise<string>;
  /** A tree on `baseTree` with these files set, or deleted where `blobSha` is null. */
  createTree(
    repo: RepoRef,
    baseTree: string,
    files: readonly { path: string; blobSha: string | null }[],
  ): Promise<string>;
  createCommit(repo: RepoRef, commit: CommitInput): Promise<string>;
  createBranch(repo: RepoRef, branch: string, sha: string): Promise<void>;
  /** Points an existing branch at `sha`, forced (the branch is the action's own). */
  forceUpdateBranch(repo: RepoRef, branch: string, sha: string): Promise<void>;

  /** The open pull request whose head is `<owner>:<branch>` of this repository, if any. */
  findOpenPullRequest(repo: RepoRef, branch: string): Promise<PullRequest | undefined>;
  /** The most recently created closed pull request from `<owner>:<branch>`, if any. */
  findClosedPullRequest(repo: RepoRef, branch: string): Promise<ClosedPullRequest | undefined>;
  createPullRequest(
    repo: RepoRef,
    pull: { head: string; base: string; title: string; body: string },
  ): Promise<PullRequest>;
  updatePullRequest(
    repo: RepoRef,
    pullNumber: number,
    update: { title: string; body: string },
  ): Promise<PullRequest>;
  addLabels(repo: RepoRef, issueNumber: number, labels: readonly string[]): Promise<void>;
  requestReviewers(
    repo: RepoRef,
    pullNumber: number,
    reviewers: { users: readonly string[]; teams: readonly string[] },
  ): Promise<void>;
}

/** A read or write GitHub refused for lack of permission; the message says what to grant. */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
  /** The HTTP status GitHub answered (403 or 404). */
  readonly status: number;
  /** The `permissions:` entries the workflow's token needs, e.g. `pull-requests: write`. */
  readonly permissions: readonly string[];

  constructor(
    message: string,
    options: { status: number; permissions: readonly string[]; cause: unknown },
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.permissions = options.permissions;
  }
}

/** A call GitHub refused with 422 (validation failed); the message names the call and why. */
export class GitHubCallError extends Error {
  override readonly name = 'GitHubCallError';
  readonly status: number;

  constructor(message: string, options: { status: number; cause: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** A call stopped by a rate limit that does not reset within the run's waiting budget. */
export class RateLimitError extends Error {
  override readonly name = 'RateLimitError';
  /** When GitHub said the limit resets (ISO time), if it said. */
  readonly resetsAt: string | undefined;

  constructor(message: string, options: { resetsAt: string | undefined; cause: unknown }) {
    super(message, { cause: options.cause });
    this.resetsAt = options.resetsAt;
  }
}
