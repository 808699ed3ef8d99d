/**
 * Text from logs, ARNs, policies and inputs, made inert in markdown: no formatting, no HTML,
 * no links, no @mentions, no table breaks.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u200b')
    .replace(/\r?\n/g, ' ');
}

/** Inline code: backticks inside are replaced so the span cannot be closed early. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ').replace(/\|/g, '¦')}\``;
}

/** A fenced code block whose fence is longer than any run of backticks in the content. */
export function fence(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${content}\n${ticks}`;
}
