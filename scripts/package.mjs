// Rebuilds dist/: the action bundle (dist/index.js), the CLI bundle (dist/cli/index.js), and
// beside each the reader's worker thread (read-worker.mjs), which the bundles start with
// `new Worker(new URL('./read-worker.mjs', import.meta.url))`. Everything is built in a
// staging folder first, so a failed build leaves dist/ as it was.
import { execFileSync } from 'node:child_process';
import { copyFileSync, renameSync, rmSync } from 'node:fs';

const stage = '.dist-build';
rmSync(stage, { recursive: true, force: true });
const ncc = (entry, out, ...flags) =>
  execFileSync(
    process.execPath,
    ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', out, '--quiet', ...flags],
    { stdio: 'inherit' },
  );
try {
  ncc('src/index.ts', stage, '--license', 'licenses.txt');
  ncc('src/cli/index.ts', `${stage}/cli`);
  ncc('src/activity/scan/worker.ts', `${stage}/read-worker`);
  copyFileSync(`${stage}/read-worker/index.js`, `${stage}/read-worker.mjs`);
  copyFileSync(`${stage}/read-worker/index.js`, `${stage}/cli/read-worker.mjs`);
  rmSync(`${stage}/read-worker`, { recursive: true });
} catch (error) {
  rmSync(stage, { recursive: true, force: true });
  throw error;
}
rmSync('dist', { recursive: true, force: true });
renameSync(stage, 'dist');
