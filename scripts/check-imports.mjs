// The shape of the house, checked by `npm run lint`: no circular imports in src/ (madge), and
// no import upward through the pipeline. Each folder of src/ is a layer; a module may import
// its own layer and the layers listed before it, never one after it. ARCHITECTURE.md explains
// the order; a new folder must be placed in it here.
import madge from 'madge';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Layers, lowest first; the files at the top of src/ are the entry layer. */
export const LAYERS = [
  'util',
  'aws',
  'github',
  'activity',
  'mapping',
  'policies',
  'evaluate',
  'generate',
  'report.ts',
  'render',
  'publish',
  'entry',
  'cli',
];

function layerOf(file) {
  const first = file.split('/')[0];
  if (first === 'report.ts') return first;
  // The settings are parsed for the entry points and read the analysis' types: one layer.
  if (!file.includes('/') || first === 'settings') return 'entry';
  return first;
}

const graph = await madge(resolve(root, 'src'), {
  fileExtensions: ['ts'],
  tsConfig: resolve(root, 'tsconfig.json'),
});
const problems = [];
for (const cycle of graph.circular()) problems.push(`circular import: ${cycle.join(' → ')}`);
const deps = graph.obj();
for (const [from, targets] of Object.entries(deps)) {
  const a = LAYERS.indexOf(layerOf(from));
  if (a < 0) problems.push(`src/${from}: its folder is not a layer of scripts/check-imports.mjs`);
  for (const to of targets) {
    const b = LAYERS.indexOf(layerOf(to));
    if (a >= 0 && b > a) {
      problems.push(`src/${from} imports src/${to}: ${layerOf(to)} comes after ${layerOf(from)}`);
    }
  }
}
if (Object.keys(deps).length === 0) problems.push('madge found no modules in src/');
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `imports: ${Object.keys(deps).length} modules, no cycle, no import upward (${LAYERS.join(' < ')})\n`,
);
