/** GitHub's limit for a comment or pull request body, in characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** The note appended to a body that had to be cut. */
export const TRUNCATED_NOTE =
  "> [!NOTE]\n> This report was cut to fit GitHub's size limit; the full report is in the job summary.";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cuts `body` to at most `limit` characters (UTF-16 units, which never undercounts GitHub's
 * count of characters), or bytes of UTF-8 with `unit: 'utf8'` (the job summary's limit is
 * 1 MiB): whole lines are kept, never a part of a character; a code fence left open by the cut is closed, then
 * every `<details>` block left open (so the note is not hidden in a collapsed block), and
 * `note` follows on a line of its own. A body that fits is returned unchanged.
 */
export function truncateBody(
  body: string,
  limit: number = GITHUB_BODY_LIMIT,
  note: string = TRUNCATED_NOTE,
  unit: 'utf16' | 'utf8' = 'utf16',
): string {
  const size = unit === 'utf8' ? (text: string) => Buffer.byteLength(text, 'utf8') : undefined;
  const cut = unit === 'utf8' ? cutAtByte : cutAt;
  if ((size?.(body) ?? body.length) <= limit) return body;
  const tail = `\n\n${note}\n`;
  // Room for the kept text plus, in the worst case, a line closing a fence of the longest kind
  // and a closing tag for each `<details>` of the deepest nesting in the body.
  const longestFence = Math.max(3, ...[...body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)].map(fenceLen));
  const closers = longestFence + 1 + scan(body).maxDepth * DETAILS_CLOSE.length;
  // The closers are ASCII: as many bytes as UTF-16 units.
  const room = limit - (size?.(tail) ?? tail.length) - closers;
  if (room <= 0) return cut(`${note}\n`, limit);

  let kept = cut(body, room);
  const lastNewline = kept.lastIndexOf('\n');
  // Keep whole lines; a first line longer than the room is cut inside (never mid-character).
  if (lastNewline > 0) kept = kept.slice(0, lastNewline);
  const { fence, depth } = scan(kept);
  return `${kept.replace(/\s+$/, '')}${fence !== undefined ? `\n${fence}` : ''}${DETAILS_CLOSE.repeat(depth)}${tail}`;
}

const DETAILS_CLOSE = '\n\n</details>';

function fenceLen(match: RegExpMatchArray): number {
  return match[1]?.length ?? 3;
}

/**
 * The fence that closes the code block left open at the end of `text`, if any; how many
 * `<details>` blocks are open there (outside code), and the deepest they nest anywhere.
 */
function scan(text: string): { fence: string | undefined; depth: number; maxDepth: number } {
  let open: string | undefined;
  let depth = 0;
  let maxDepth = 0;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (open === undefined) open = fence;
      else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) {
        open = undefined;
      }
      continue;
    }
    if (open !== undefined) continue;
    // Tags only where HTML is: not in inline code, not escaped (`\<details>` from a log field).
    const html = line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    for (const tag of html.matchAll(/(?<!\\)<(\/?)details\b/gi)) {
      depth = tag[1] === '/' ? Math.max(0, depth - 1) : depth + 1;
      maxDepth = Math.max(maxDepth, depth);
    }
  }
  return { fence: open, depth, maxDepth };
}

/** The longest start of `text` of at most `bytes` bytes of UTF-8, on a character boundary. */
function cutAtByte(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  let end = bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString('utf8');
}

/** The first `length` units of `text`, without splitting a surrogate pair. */
function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
