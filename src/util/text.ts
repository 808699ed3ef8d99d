/** Text as GitHub may give it back: CRLF line endings (for a body or file sent with LF) as LF. */
export function withLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
