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
 * CommonMark would render it; bidirectional controls are shown by name (see `showBidi`).
 */
export function oneLine(text: string): string {
  return showBidi(text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(/\0/g, '\uFFFD'));
}

/**
 * Bidirectional controls (the embeddings, overrides and isolates U+202A–U+202E and
 * U+2066–U+2069, and the marks U+200E, U+200F, U+061C) written as `[U+202E]`: in a log field
 * or a policy they would reorder what a reviewer reads (an ARN or an action shown other than
 * it is, the "Trojan Source" trick).
 */
export function showBidi(text: string): string {
  return text.replace(
    BIDI,
    (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** A fenced code block whose fence is longer than any run of backticks in the content. */
export function fence(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${showBidi(content)}\n${ticks}`;
}
