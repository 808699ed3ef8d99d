/** GitHub's limit for a comment or pull request body, in characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** The note appended to a body that had to be cut. */
export const TRUNCATED_NOTE =
  "> [!NOTE]\n> This report was cut to fit GitHub's size limit; the full report is in the job summary.";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cuts `body` to at most `limit` characters (UTF-16 units, which never undercounts GitHub's
 * count of characters): whole lines are kept, a code fence left open by the cut is closed, and
 * `note` follows on a line of its own. A body that fits is returned unchanged.
 */
export function truncateBody(
  body: string,
  limit: number = GITHUB_BODY_LIMIT,
  note: string = TRUNCATED_NOTE,
): string {
  if (body.length <= limit) return body;
  const tail = `\n\n${note}\n`;
  // Room for the kept text plus, in the worst case, a line closing a fence of the longest kind.
  const longestFence = Math.max(3, ...[...body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)].map(fenceLen));
  const room = limit - tail.length - (longestFence + 1);
  if (room <= 0) return cutAt(`${note}\n`, limit);

  let kept = body.slice(0, room);
  const lastNewline = kept.lastIndexOf('\n');
  // Keep whole lines; a first line longer than the room is cut inside (never mid-surrogate).
  kept = lastNewline > 0 ? kept.slice(0, lastNewline) : cutAt(body, room);
  const open = openFence(kept);
  return `${kept.replace(/\s+$/, '')}${open !== undefined ? `\n${open}` : ''}${tail}`;
}

function fenceLen(match: RegExpMatchArray): number {
  return match[1]?.length ?? 3;
}

/** The fence that closes the code block left open at the end of `text`, if any. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) {
      open = undefined;
    }
  }
  return open;
}

/** The first `length` units of `text`, without splitting a surrogate pair. */
function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
