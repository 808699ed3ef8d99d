import type { GitHubApi, RepoRef } from '../github/api.js';
import { messageOf } from '../util/errors.js';
import { GITHUB_BODY_LIMIT, truncateBody } from './truncate.js';
import { withLf } from '../util/text.js';

export interface PolicyPullRequestInput extends RepoRef {
  /** The policy file's path in the repository, e.g. `iam/orders-api.json`. */
  path: string;
  /** The whole file as it should be (see `mergePolicyFile`). */
  content: string;
  /** The action's own branch, the same on every run, e.g. `iam-policy-drift/orders-api`. */
  branch: string;
  title: string;
  body: string;
  /** Added when the pull request is opened. */
  labels?: readonly string[];
  /** Requested when the pull request is opened: logins, or `org/team` for teams. */
  reviewers?: readonly string[];
  commitMessage: string;
  /** Further files written in the same commit (the other parts of a split proposal). */
  extraFiles?: readonly { path: string; content: string }[];
  /**
   * Files deleted in the same commit where the default branch has them: the further parts of
   * an earlier proposal that was split into more policies than this one.
   */
  deleteFiles?: readonly string[];
}

export interface PolicyPullRequestResult {
  /**
   * `none`: the default branch already holds the content and no pull request is open.
   * `created`: a pull request was opened. `updated`: the branch got a new commit or the pull
   * request a new title or body. `unchanged`: the open pull request already proposes this.
   * `declined`: no pull request is open, and the last one from the branch, which proposed
   * exactly this, was closed without merging: it is not opened again.
   */
  operation: 'created' | 'updated' | 'unchanged' | 'none' | 'declined';
  number?: number;
  url?: string;
  /** Labels or reviewers that could not be set, and other things worth a warning. */
  warnings: string[];
}

/**
 * Proposes `content` at `path` in a pull request from `branch` to the default branch, so that
 * any number of runs leave one branch, one commit on it per distinct content, and one pull
 * request:
 * - the default branch already holds the content → nothing to propose;
 * - the branch already holds it → no commit; otherwise one commit on the default branch's head
 *   (blob, tree on the head's tree, commit), and the branch is created or force-moved to it;
 * - the open pull request from `<owner>:<branch>` is updated when its title or body differ,
 *   or opened when there is none;
 * - unless a person said no: when none is open and the last pull request from the branch was
 *   closed without merging with the same files, nothing is written (a new proposal, with other
 *   files, opens a new pull request).
 */
export async function upsertPolicyPullRequest(
  api: GitHubApi,
  input: PolicyPullRequestInput,
): Promise<PolicyPullRequestResult> {
  const repo = { owner: input.owner, repo: input.repo };
  const warnings: string[] = [];
  const body = truncateBody(input.body, GITHUB_BODY_LIMIT);
  const base = await api.getDefaultBranch(repo);
  if (input.branch === base) {
    throw new Error(
      `the pull request branch (${input.branch}) is the default branch of ${input.owner}/${input.repo}; choose another branch`,
    );
  }
  const baseHead = await api.getBranchHead(repo, base);
  if (baseHead === undefined) {
    throw new Error(`the default branch ${base} of ${input.owner}/${input.repo} has no commit`);
  }
  // Read at the commit, not the branch name: what is compared is what the commit builds on.
  const files = filesOf(input);
  // Only what the default branch has can be deleted: read once, for both questions below.
  const [staleOnBase, sameOnBase, open] = await Promise.all([
    presentFiles(api, repo, input.deleteFiles ?? [], baseHead),
    sameFiles(api, repo, files, baseHead),
    api.findOpenPullRequest(repo, input.branch),
  ]);
  const onBase = sameOnBase && staleOnBase.length === 0;

  if (onBase) {
    if (open === undefined) return { operation: 'none', warnings };
    warnings.push(
      `${input.path} on ${base} already holds the proposed policy: pull request #${open.number} (${open.url}) proposes nothing new and can be closed`,
    );
    return { operation: 'unchanged', number: open.number, url: open.url, warnings };
  }

  if (open === undefined) {
    const closed = await api.findClosedPullRequest(repo, input.branch);
    if (
      closed !== undefined &&
      !closed.merged &&
      (await sameFiles(api, repo, files, closed.headSha, staleOnBase))
    ) {
      warnings.push(
        `pull request #${closed.number} (${closed.url}) proposed this same policy and was closed without merging${closed.closedAt ? ` on ${closed.closedAt.slice(0, 10)}` : ''}: it is not opened again. A new pull request is opened when the proposal changes; reopen #${closed.number} to take this one up.`,
      );
      return { operation: 'declined', number: closed.number, url: closed.url, warnings };
    }
  }

  const committed = await commitIfChanged(api, repo, input, baseHead, staleOnBase);

  if (open !== undefined) {
    if (open.title === input.title && withLf(open.body) === withLf(body)) {
      return {
        operation: committed ? 'updated' : 'unchanged',
        number: open.number,
        url: open.url,
        warnings,
      };
    }
    const updated = await api.updatePullRequest(repo, open.number, { title: input.title, body });
    return { operation: 'updated', number: updated.number, url: updated.url, warnings };
  }

  const created = await api.createPullRequest(repo, {
    head: input.branch,
    base,
    title: input.title,
    body,
  });
  await decorate(api, repo, created.number, input, warnings);
  return { operation: 'created', number: created.number, url: created.url, warnings };
}

/** The policy file and any further files (a proposal split into several policies). */
function filesOf(input: PolicyPullRequestInput): { path: string; content: string }[] {
  return [{ path: input.path, content: input.content }, ...(input.extraFiles ?? [])];
}

/** Whether every file already holds its content at `ref`, and none of `deleted` is there. */
async function sameFiles(
  api: GitHubApi,
  repo: RepoRef,
  files: readonly { path: string; content: string }[],
  ref: string,
  deleted: readonly string[] = [],
): Promise<boolean> {
  const [texts, present] = await Promise.all([
    Promise.all(files.map((file) => api.getFileText(repo, file.path, ref))),
    presentFiles(api, repo, deleted, ref),
  ]);
  return files.every((file, i) => texts[i] === file.content) && present.length === 0;
}

/** Those of `paths` that exist at `ref`. */
async function presentFiles(
  api: GitHubApi,
  repo: RepoRef,
  paths: readonly string[],
  ref: string,
): Promise<string[]> {
  const texts = await Promise.all(paths.map((path) => api.getFileText(repo, path, ref)));
  return paths.filter((_, i) => texts[i] !== undefined);
}

/**
 * One commit on `baseHead` with the files and without `deleted` (files `baseHead` has), unless
 * the branch already holds exactly that.
 */
async function commitIfChanged(
  api: GitHubApi,
  repo: RepoRef,
  input: PolicyPullRequestInput,
  baseHead: string,
  deleted: readonly string[],
): Promise<boolean> {
  const files = filesOf(input);
  const branchHead = await api.getBranchHead(repo, input.branch);
  if (branchHead !== undefined && (await sameFiles(api, repo, files, branchHead, deleted))) {
    return false;
  }
  const [blobs, baseTree] = await Promise.all([
    Promise.all(files.map((file) => api.createBlob(repo, file.content))),
    api.getCommitTree(repo, baseHead),
  ]);
  const tree = await api.createTree(repo, baseTree, [
    ...files.map((file, i) => ({ path: file.path, blobSha: blobs[i]! })),
    ...deleted.map((path) => ({ path, blobSha: null })),
  ]);
  const commit = await api.createCommit(repo, {
    message: input.commitMessage,
    tree,
    parents: [baseHead],
  });
  if (branchHead === undefined) await api.createBranch(repo, input.branch, commit);
  else await api.forceUpdateBranch(repo, input.branch, commit);
  return true;
}

/** Labels and reviewers of a new pull request: a failure is a warning, not a failed run. */
async function decorate(
  api: GitHubApi,
  repo: RepoRef,
  pullNumber: number,
  input: PolicyPullRequestInput,
  warnings: string[],
): Promise<void> {
  const labels = [...new Set(input.labels ?? [])].filter((label) => label.trim() !== '');
  if (labels.length > 0) {
    try {
      await api.addLabels(repo, pullNumber, labels);
    } catch (error) {
      warnings.push(
        `could not add the labels ${labels.join(', ')} to #${pullNumber}: ${messageOf(error)}`,
      );
    }
  }
  const reviewers = [...new Set(input.reviewers ?? [])].filter((name) => name.trim() !== '');
  if (reviewers.length > 0) {
    const teams = reviewers.filter((name) => name.includes('/'));
    const users = reviewers.filter((name) => !name.includes('/'));
    try {
      await api.requestReviewers(repo, pullNumber, {
        users,
        // `org/team` → the team's slug, as the API wants it.
        teams: teams.map((name) => name.slice(name.indexOf('/') + 1)),
      });
    } catch (error) {
      warnings.push(
        `could not request reviews from ${reviewers.join(', ')} on #${pullNumber}: ${messageOf(error)}`,
      );
    }
  }
}

/**
 * The policy file's new text: the document as 2-space JSON with a trailing newline (CRLF when
 * the existing file uses CRLF). The repository is the source of truth, so an existing file is
 * replaced whole; one that already holds the same document (in any formatting or key order)
 * is kept as it is, so formatting alone never makes a pull request.
 */
export function mergePolicyFile(existingText: string | undefined, newDocument: object): string {
  const text = `${JSON.stringify(newDocument, null, 2)}\n`;
  if (existingText === undefined) return text;
  try {
    if (sameJson(JSON.parse(existingText) as unknown, JSON.parse(text) as unknown)) {
      return existingText;
    }
  } catch {
    // Not JSON: replaced.
  }
  return existingText.includes('\r\n') ? text.replace(/\n/g, '\r\n') : text;
}

/** Deep equality of JSON values; object key order does not count, array order does. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  return (
    ak.length === bk.length &&
    ak.every((key) => Object.hasOwn(bo, key) && sameJson(ao[key], bo[key]))
  );
}
