/**
 * The two orders of the tool's output, so that the same input gives the same bytes on every
 * machine (never `localeCompare`, whose order depends on the runtime's locale data).
 */

/** Plain code-unit order; the same as S3's (UTF-8 byte) order for the ASCII keys of a trail. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Action order, as the catalogue lists actions: case-insensitive, then code units. */
export function byAction(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return byCodeUnits(a, b);
}
