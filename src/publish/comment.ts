import type { GitHubApi, RepoRef } from '../github/api.js';
import { GITHUB_BODY_LIMIT, truncateBody } from './truncate.js';
import { withLf } from '../util/text.js';

export interface StickyCommentInput extends RepoRef {
  issueNumber: number;
  /** What the comment is about, e.g. the role ARN: one comment per key. */
  key: string;
  /** The rendered report (Markdown). */
  body: string;
  /**
   * The login whose comments may be updated. Default: the token's account (`GET /user`), or
   * `github-actions[bot]` when GitHub refuses to say, as it does for a GITHUB_TOKEN. Set it
   * for a GitHub App installation token, whose comments are written by `<app-slug>[bot]`.
   */
  author?: string;
}

export interface StickyCommentResult {
  operation: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
  /** Set when the comment was written by another account than the one matched (see `author`). */
  warning?: string;
}

/** The hidden marker that identifies the comment for `key`. */
export function commentMarker(key: string): string {
  return `<!-- iam-policy-drift: ${escapeMarkerKey(key)} -->`;
}

/**
 * Percent-encodes everything in a key but the characters of an ARN (`A-Za-z0-9:/_.+=@,-`), so
 * no key can close the comment (`-->`), span lines, or collide with another key.
 */
export function escapeMarkerKey(key: string): string {
  return [...key]
    .map((char) =>
      /^[A-Za-z0-9:/_.+=@,-]$/.test(char)
        ? char
        : [...Buffer.from(char, 'utf8')]
            .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
            .join(''),
    )
    .join('');
}

/**
 * Creates or updates the one comment for `key` on an issue or pull request: the comment is the
 * first one, on any page, written by the token's own account and starting with the key's marker.
 * Comments by anyone else are never touched, whatever they hold. An unchanged body is not
 * written again. The body (marker included) is cut to GitHub's 65,536 characters with a note.
 */
export async function upsertStickyComment(
  api: GitHubApi,
  input: StickyCommentInput,
): Promise<StickyCommentResult> {
  const repo = { owner: input.owner, repo: input.repo };
  const marker = commentMarker(input.key);
  const body = truncateBody(`${marker}\n${input.body}`, GITHUB_BODY_LIMIT);
  const [author, comments] = await Promise.all([
    input.author ?? api.getAuthenticatedLogin(),
    api.listIssueComments(repo, input.issueNumber),
  ]);
  const mine = comments.find(
    (comment) => comment.author === author && startsWithMarker(comment.body, marker),
  );
  if (mine === undefined) {
    const created = await api.createIssueComment(repo, input.issueNumber, body);
    if (input.author === undefined && created.author !== undefined && created.author !== author) {
      // A GitHub App's installation token: `GET /user` is refused as for a GITHUB_TOKEN, so the
      // comments of `github-actions[bot]` were searched, but the app's bot wrote this one.
      return {
        operation: 'created',
        id: created.id,
        url: created.url,
        warning:
          `the comment was written by ${created.author}, but comments by ${author} were searched ` +
          `(GitHub does not say which account an app's installation token belongs to): set the ` +
          `input \`comment-author: ${created.author}\`, or every run writes a new comment`,
      };
    }
    return { operation: 'created', id: created.id, url: created.url };
  }
  if (withLf(mine.body) === withLf(body)) {
    return { operation: 'unchanged', id: mine.id, url: mine.url };
  }
  const updated = await api.updateIssueComment(repo, mine.id, body);
  return { operation: 'updated', id: updated.id, url: updated.url };
}

/**
 * Whether a comment is the one for `marker`: its body starts with the marker on a line of its
 * own, as `upsertStickyComment` writes it. A marker anywhere else (quoted, or inside a policy
 * rendered in the report, such as a Condition value naming another role's marker) does not
 * count, and no key's marker is a prefix of another's (the key is percent-encoded, so it holds
 * no space, and the marker ends with ` -->`).
 */
export function startsWithMarker(body: string, marker: string): boolean {
  return body.startsWith(`${marker}\n`) || body.startsWith(`${marker}\r\n`) || body === marker;
}
