import { spawnSync } from 'node:child_process';
import { ROOT } from './node24.js';

describe('the bundled example', () => {
  it('is what scripts/make-example.mjs generates', () => {
    const run = spawnSync(process.execPath, ['scripts/make-example.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
