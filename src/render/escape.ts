/**
 * Text from logs, ARNs, policies and inputs, made inert in markdown: no formatting, no HTML,
 * no links, no @mentions, no table breaks. A zero-width space breaks what GitHub would turn
 * into a link on its own: `@user`, `#123` and `owner/repo#123`, `GH-123`, and the bare
 * `https://...` and `www.` addresses of GitHub's autolink extension.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b')
    .replace(/#/g, '#\u200b')
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\b(www)\./gi, '$1\u200b.')
    .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-');
}

/** Inline code: backticks inside are replaced so the span cannot be closed early. */
export function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, 'ˋ').replace(/\|/g, '¦')}\``;
}

/**
 * Every line break Markdown (CR, LF, CRLF) or a browser (NEL, U+2028, U+2029) may honour
 * becomes a space, so text cannot end a table row or a paragraph; NUL becomes U+FFFD, as
 * CommonMark would render it.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(/\0/g, '\uFFFD');
}

/** A fenced code block whose fence is longer than any run of backticks in the content. */
export function fence(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${content}\n${ticks}`;
}
