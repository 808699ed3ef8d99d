// Rebuilds dist/: the action bundle (dist/index.js) and the CLI bundle (dist/cli/index.js).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const ncc = ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build'];
execFileSync(
  process.execPath,
  [...ncc, 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet'],
  { stdio: 'inherit' },
);
execFileSync(process.execPath, [...ncc, 'src/cli/index.ts', '-o', 'dist/cli', '--quiet'], {
  stdio: 'inherit',
});
