/**
 * Preloaded (`node --import`) into the process under test: when it exits, writes its peak
 * resident set size in kilobytes (worker threads included: they share the process) and the
 * CPU time it used in microseconds, as JSON, to `$BENCH_USAGE_FILE`.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_USAGE_FILE;
if (target !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }),
    );
  });
}
