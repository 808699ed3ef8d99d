import type { ReadProgress } from '../activity/read.js';

/**
 * One line of reading progress: files done of those listed, uncompressed MB, records, the
 * rate, and the time left (from the files done), once the listing is complete or while it
 * runs if the source expects a number of files (then shown as `~N`).
 */
export function formatProgress(p: ReadProgress): string {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  const rate = Math.round(p.records / seconds);
  const expected = p.listing ? p.filesExpected : p.filesTotal;
  const total = !p.listing
    ? String(p.filesTotal)
    : expected !== undefined
      ? `~${expected} (listing)`
      : `${p.filesTotal}+ (listing)`;
  const eta =
    expected !== undefined && p.filesDone > 0 && p.filesDone < expected
      ? ((expected - p.filesDone) * seconds) / p.filesDone
      : undefined;
  return (
    `files ${p.filesDone}/${total}, ${(p.bytes / 1e6).toFixed(1)} MB, ` +
    `${p.records} records, ${rate} records/s` +
    (eta !== undefined ? `, about ${Math.ceil(eta)} s left` : '')
  );
}
