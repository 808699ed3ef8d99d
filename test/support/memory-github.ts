/**
 * `GitHubApi` in memory: one repository with branches, commits, trees, blobs, pull requests and
 * comments, kept as plain maps, for tests of the publish logic (what it writes, and when it
 * writes nothing). The HTTP edge itself (`src/github/octokit.ts`) is tested against the strict
 * fake GitHub of `fake-github.ts`.
 */
import {
  COMMENT_PERMISSIONS,
  PermissionError,
  PULL_REQUEST_PERMISSIONS,
  type ClosedPullRequest,
  type CommitInput,
  type GitHubApi,
  type IssueComment,
  type PullRequest,
  type RepoRef,
} from '../../src/github/api.js';

interface StoredPull extends PullRequest {
  head: string;
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
  closedAt: string;
}

export interface MemoryGitHubOptions {
  /** The token's account. Default `github-actions[bot]`. */
  login?: string;
  /** Files on the default branch (`main`) at the start. */
  files?: Record<string, string>;
  /** Every write refused with 403, as for a read-only token. */
  readOnly?: boolean;
}

export class MemoryGitHub implements GitHubApi {
  readonly owner = 'octo';
  readonly repo = 'infra';
  readonly defaultBranch = 'main';
  /** Each call made, by method name, in order. */
  readonly calls: string[] = [];
  readonly branches = new Map<string, string>();
  readonly pulls: StoredPull[] = [];
  readonly comments = new Map<number, IssueComment[]>();
  readonly labels = new Map<number, string[]>();
  readonly reviewers = new Map<number, { users: string[]; teams: string[] }>();
  private readonly commits = new Map<string, CommitInput>();
  private readonly trees = new Map<string, ReadonlyMap<string, string>>();
  private readonly blobs = new Map<string, string>();
  private sequence = 0;
  private readonly login: string;
  private readonly readOnly: boolean;

  constructor(options: MemoryGitHubOptions = {}) {
    this.login = options.login ?? 'github-actions[bot]';
    this.readOnly = options.readOnly ?? false;
    const tree = this.newSha();
    const files = new Map<string, string>();
    for (const [path, text] of Object.entries(options.files ?? {})) {
      const blob = this.newSha();
      this.blobs.set(blob, text);
      files.set(path, blob);
    }
    this.trees.set(tree, files);
    const commit = this.newSha();
    this.commits.set(commit, { message: 'initial', tree, parents: [] });
    this.branches.set(this.defaultBranch, commit);
  }

  /** The files of a branch (or commit), path → text. */
  filesOn(ref: string): Record<string, string> {
    const commit = this.branches.get(ref) ?? ref;
    const tree = this.trees.get(this.commits.get(commit)?.tree ?? '') ?? new Map<string, string>();
    return Object.fromEntries([...tree].map(([path, blob]) => [path, this.blobs.get(blob) ?? '']));
  }

  /** Closes a pull request (merged or not), as a reviewer would. */
  close(number: number, merged = false): void {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`no pull request #${number}`);
    pull.state = 'closed';
    pull.merged = merged;
    pull.headSha = this.branches.get(pull.head) ?? pull.headSha;
    pull.closedAt = new Date(Date.UTC(2026, 10, 1, 0, 0, this.sequence)).toISOString();
    if (merged) this.branches.set(this.defaultBranch, pull.headSha);
  }

  /** The calls that change the repository. */
  writes(): string[] {
    return this.calls.filter((c) => /^(create|update|force|add|request)/.test(c));
  }

  private newSha(): string {
    this.sequence++;
    return this.sequence.toString(16).padStart(40, '0');
  }

  private write(name: string, permissions: readonly string[]): void {
    this.calls.push(name);
    if (this.readOnly) {
      throw new PermissionError(`${name} refused: grant ${permissions.join(', ')}`, {
        status: 403,
        permissions,
        cause: undefined,
      });
    }
  }

  private url(path: string): string {
    return `https://github.com/${this.owner}/${this.repo}/${path}`;
  }

  getAuthenticatedLogin(): Promise<string> {
    this.calls.push('getAuthenticatedLogin');
    return Promise.resolve(this.login);
  }

  listIssueComments(_repo: RepoRef, issue: number): Promise<IssueComment[]> {
    this.calls.push('listIssueComments');
    return Promise.resolve([...(this.comments.get(issue) ?? [])]);
  }

  createIssueComment(_repo: RepoRef, issue: number, body: string): Promise<IssueComment> {
    this.write('createIssueComment', COMMENT_PERMISSIONS);
    const id = ++this.sequence;
    const comment = {
      id,
      body,
      author: this.login,
      url: this.url(`issues/${issue}#issuecomment-${id}`),
    };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return Promise.resolve({ ...comment });
  }

  updateIssueComment(_repo: RepoRef, id: number, body: string): Promise<IssueComment> {
    this.write('updateIssueComment', COMMENT_PERMISSIONS);
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === id);
      if (comment) {
        comment.body = body;
        return Promise.resolve({ ...comment });
      }
    }
    return Promise.reject(new Error(`no comment ${id}`));
  }

  getDefaultBranch(): Promise<string> {
    this.calls.push('getDefaultBranch');
    return Promise.resolve(this.defaultBranch);
  }

  getBranchHead(_repo: RepoRef, branch: string): Promise<string | undefined> {
    this.calls.push('getBranchHead');
    return Promise.resolve(this.branches.get(branch));
  }

  getCommitTree(_repo: RepoRef, sha: string): Promise<string> {
    this.calls.push('getCommitTree');
    const commit = this.commits.get(sha);
    return commit ? Promise.resolve(commit.tree) : Promise.reject(new Error(`no commit ${sha}`));
  }

  getFileText(_repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
    this.calls.push('getFileText');
    return Promise.resolve(this.filesOn(ref)[path]);
  }

  createBlob(_repo: RepoRef, text: string): Promise<string> {
    this.write('createBlob', PULL_REQUEST_PERMISSIONS);
    const sha = this.newSha();
    this.blobs.set(sha, text);
    return Promise.resolve(sha);
  }

  createTree(
    _repo: RepoRef,
    baseTree: string,
    files: readonly { path: string; blobSha: string | null }[],
  ): Promise<string> {
    this.write('createTree', PULL_REQUEST_PERMISSIONS);
    const tree = new Map(this.trees.get(baseTree) ?? []);
    for (const { path, blobSha } of files) {
      if (blobSha === null) tree.delete(path);
      else tree.set(path, blobSha);
    }
    const sha = this.newSha();
    this.trees.set(sha, tree);
    return Promise.resolve(sha);
  }

  createCommit(_repo: RepoRef, commit: CommitInput): Promise<string> {
    this.write('createCommit', PULL_REQUEST_PERMISSIONS);
    const sha = this.newSha();
    this.commits.set(sha, { ...commit, parents: [...commit.parents] });
    return Promise.resolve(sha);
  }

  createBranch(_repo: RepoRef, branch: string, sha: string): Promise<void> {
    this.write('createBranch', PULL_REQUEST_PERMISSIONS);
    if (this.branches.has(branch)) return Promise.reject(new Error(`${branch} exists`));
    this.branches.set(branch, sha);
    return Promise.resolve();
  }

  forceUpdateBranch(_repo: RepoRef, branch: string, sha: string): Promise<void> {
    this.write('forceUpdateBranch', PULL_REQUEST_PERMISSIONS);
    this.branches.set(branch, sha);
    return Promise.resolve();
  }

  findOpenPullRequest(_repo: RepoRef, branch: string): Promise<PullRequest | undefined> {
    this.calls.push('findOpenPullRequest');
    const pull = this.pulls.find((p) => p.head === branch && p.state === 'open');
    return Promise.resolve(pull && publicPull(pull));
  }

  findClosedPullRequest(_repo: RepoRef, branch: string): Promise<ClosedPullRequest | undefined> {
    this.calls.push('findClosedPullRequest');
    const closed = this.pulls.filter((p) => p.head === branch && p.state === 'closed');
    const last = closed[closed.length - 1];
    return Promise.resolve(
      last && {
        ...publicPull(last),
        merged: last.merged,
        headSha: last.headSha,
        closedAt: last.closedAt,
      },
    );
  }

  createPullRequest(
    _repo: RepoRef,
    pull: { head: string; base: string; title: string; body: string },
  ): Promise<PullRequest> {
    this.write('createPullRequest', PULL_REQUEST_PERMISSIONS);
    const number = this.pulls.length + 1;
    const stored: StoredPull = {
      number,
      url: this.url(`pull/${number}`),
      title: pull.title,
      body: pull.body,
      base: pull.base,
      head: pull.head,
      state: 'open',
      merged: false,
      headSha: this.branches.get(pull.head) ?? '',
      closedAt: '',
    };
    this.pulls.push(stored);
    return Promise.resolve(publicPull(stored));
  }

  updatePullRequest(
    _repo: RepoRef,
    number: number,
    update: { title: string; body: string },
  ): Promise<PullRequest> {
    this.write('updatePullRequest', PULL_REQUEST_PERMISSIONS);
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) return Promise.reject(new Error(`no pull request #${number}`));
    pull.title = update.title;
    pull.body = update.body;
    return Promise.resolve(publicPull(pull));
  }

  addLabels(_repo: RepoRef, issue: number, labels: readonly string[]): Promise<void> {
    this.write('addLabels', PULL_REQUEST_PERMISSIONS);
    this.labels.set(issue, [...(this.labels.get(issue) ?? []), ...labels]);
    return Promise.resolve();
  }

  requestReviewers(
    _repo: RepoRef,
    number: number,
    reviewers: { users: readonly string[]; teams: readonly string[] },
  ): Promise<void> {
    this.write('requestReviewers', PULL_REQUEST_PERMISSIONS);
    this.reviewers.set(number, { users: [...reviewers.users], teams: [...reviewers.teams] });
    return Promise.resolve();
  }
}

function publicPull(pull: StoredPull): PullRequest {
  return {
    number: pull.number,
    url: pull.url,
    title: pull.title,
    body: pull.body,
    base: pull.base,
  };
}
