import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The reader's worker thread, runnable by Node from the current sources: `scan/worker.ts` and
 * the modules it imports, transpiled to JavaScript in a temporary folder. (The bundles carry
 * their own, built by `npm run package`; the tests run from the TypeScript sources.)
 */
export function buildWorkerScript(): URL {
  const out = mkdtempSync(join(tmpdir(), 'ipd-worker-'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const entry = join(ROOT, 'src/activity/scan/worker.ts');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
      fileName: file,
    }).outputText;
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
    // Follow the relative imports left in the output (type-only imports are gone).
    for (const match of js.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      queue.push(resolve(dirname(file), `${match[1]!}.ts`));
    }
  }
  return pathToFileURL(join(out, 'src/activity/scan/worker.js'));
}
