import type { ReadProgress } from '../activity/read.js';

/**
 * One line of reading progress: files done of those listed, uncompressed MB, records, the
 * rate, and the time left once the listing is complete (estimated from the files done).
 */
export function formatProgress(p: ReadProgress): string {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  const rate = Math.round(p.records / seconds);
  const total = p.listing ? `${p.filesTotal}+ (listing)` : String(p.filesTotal);
  const eta =
    !p.listing && p.filesDone > 0 && p.filesDone < p.filesTotal
      ? ((p.filesTotal - p.filesDone) * seconds) / p.filesDone
      : undefined;
  return (
    `files ${p.filesDone}/${total}, ${(p.bytes / 1e6).toFixed(1)} MB, ` +
    `${p.records} records, ${rate} records/s` +
    (eta !== undefined ? `, about ${Math.ceil(eta)} s left` : '')
  );
}
