import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLocalSource } from '../../src/activity/sources/local.js';
import { parseRoleRef } from '../../src/activity/principal.js';
import { readActivity } from '../../src/activity/read.js';
import { mapUsage } from '../../src/mapping/action-usage.js';
import type { Report } from '../../src/report.js';
import { DEFAULT_SPEC, generateTrail } from '../../bench/generate.js';
import { ROOT, runBundle } from '../e2e/node24.js';
import { knowledge } from '../support/iam.js';

/**
 * The bundled CLI reads a trail of a few hundred files with its worker threads (the worker is
 * bundled beside it, `dist/cli/read-worker.mjs`) and the fast paths, and reports what parsing
 * every file whole on one thread finds.
 */
describe('the bundled CLI with its reader threads', () => {
  it('has its worker beside it', () => {
    expect(existsSync(join(ROOT, 'dist/cli/read-worker.mjs'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/read-worker.mjs'))).toBe(true);
  });

  it.each([0.1, 1])(
    'reports on a generated trail (role in %p of the files) what the reference reader finds',
    async (share) => {
      const spec = {
        ...DEFAULT_SPEC,
        seed: 3,
        records: 12_000,
        recordsPerFile: 40,
        roleFileShare: share,
      };
      const dir = mkdtempSync(join(tmpdir(), 'ipd-bundle-'));
      const { files, truth } = generateTrail(spec);
      for (const file of files) {
        const path = join(dir, ...file.key.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, gzipSync(file.text));
      }
      const run = runBundle('dist/cli/index.js', [
        '--role',
        spec.roleArn,
        '--logs',
        dir,
        '--from',
        truth.window.from,
        '--to',
        truth.window.to,
        '--format',
        'json',
        '--quiet',
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Report;

      const window = { from: new Date(truth.window.from), to: new Date(truth.window.to) };
      const expected = await readActivity(createLocalSource(dir, 'logs', { window }), {
        principal: parseRoleRef(spec.roleArn, 'role'),
        window,
        concurrency: 8,
        fastPaths: false,
        workers: 0,
      });
      expect(report.coverage).toMatchObject({ ...expected.counts, complete: true });
      expect(report.coverage).toMatchObject({
        filesRead: truth.files,
        recordsRead: truth.records,
        recordsMatched: truth.recordsMatched,
      });
      expect(report.issuers).toEqual(expected.issuers);
      expect(report.usage).toEqual(mapUsage(knowledge, expected.events).usage);
    },
  );
});
