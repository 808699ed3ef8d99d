/**
 * `npm run bench`: generates synthetic organization trails (deterministic, in a temporary
 * folder), runs the bundled CLI on each as users run it (`node dist/cli/index.js --logs ...`,
 * a fresh process per run, Node 24 from the `node` dev dependency), and compares it with a
 * baseline on the same files in a fresh process: read + gunzip + JSON.parse of every file on
 * one thread, doing nothing else.
 *
 * Options: --sizes 200000,2000000 (records per trail), --scenarios some,every (also: pretty,
 * the trail of `some` pretty-printed, as re-exported logs are; fleet, 10 roles each in its own
 * 10 % of the files, read by one run with 10 --role flags and, in the same bench run, by one
 * with the first role alone, for the ratio of their times), --data <dir>
 * (generate there and keep it; a trail already there with the same spec is reused),
 * --node <binary>, --cli <bundle>, --runs <n> (best of n runs of each, and the median of
 * their peak RSS; default 1), --node-flags=<flags> (given to the pipeline's process only, e.g.
 * --node-flags=--max-opt=2 to see how much of the memory is V8's optimizing compiler; not the S3 run),
 * --no-wait (do not wait for an idle machine before each timed run), --no-s3 (skip the S3
 * comparison: the first trail served by moto_server, read with `--bucket` and downloaded by
 * `aws s3 cp --recursive`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { BaselineResult } from './baseline.js';
import {
  DEFAULT_SPEC,
  fleetRoleArns,
  generateTrail,
  type RoleTruth,
  type TrailSpec,
  type TrailTruth,
} from './generate.js';
import { benchS3, hasAwsCli, type S3Timing } from './s3.js';

const gzipAsync = promisify(gzip);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = process.cwd();
const CORES = availableParallelism();

interface Scenario {
  id: 'some' | 'every' | 'pretty' | 'fleet';
  label: string;
  roleFileShare: number;
  /** Files pretty-printed with this indent (TrailSpec.indent); absent, as CloudTrail writes. */
  indent?: number;
  /** Roles in the trail (TrailSpec.fleet), all read by one run and the first by one alone. */
  fleet?: number;
}

const SCENARIOS: Scenario[] = [
  { id: 'some', label: 'role in 10% of files', roleFileShare: 0.1 },
  { id: 'every', label: 'role in every file', roleFileShare: 1 },
  // The trail of `some` (same seed, same records), re-exported with `JSON.stringify(x, null, 2)`.
  { id: 'pretty', label: 'role in 10% of files, pretty-printed', roleFileShare: 0.1, indent: 2 },
  // Issue 15: 10 roles cost at most 1.3 times one role, with a peak RSS under 200 MB. Not in
  // the default run (`--scenarios fleet`): a third trail per size to generate and read by the
  // baseline, and two pipeline runs on it.
  { id: 'fleet', label: '10 roles, each in 10% of files', roleFileShare: 0.1, fleet: 10 },
];

/** Issue 15's targets for the fleet scenario. */
const FLEET_MAX_RATIO = 1.3;
const FLEET_MAX_RSS_MB = 200;

/** One timed process: wall time, its peak RSS and CPU, and CPU others used meanwhile. */
interface Timing {
  ms: number;
  peakRssMb: number;
  cpuMs: number;
  /** Share of the machine's CPU time used by other processes during the run. */
  otherLoad: number | undefined;
}

interface Measured {
  scenario: Scenario;
  truth: TrailTruth;
  baseline: Timing & { records: number; bytes: number };
  /** The run with every role of the trail (one, but in the fleet scenario). */
  pipeline: Timing;
  /** Fleet scenario: the run with the first role alone, on the same files. */
  single?: Timing;
  check: string;
  dir: string;
  spec: TrailSpec;
}

type Coverage = Record<string, number | boolean>;

/**
 * The JSON report, as far as the bench reads it: one principal's has its `coverage` at the top;
 * with several, each principal's report (with its `principal` as given and its `coverage`) is
 * an entry of `principals`.
 */
interface Report {
  coverage?: Coverage;
  principals?: { principal?: string; coverage?: Coverage }[];
}

/** How the bench runs things, from the command line. */
interface Setup {
  node: string;
  nodeFlags: string[];
  cli: string;
  runs: number;
  wait: boolean;
  dataRoot: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '200000,2000000' },
      scenarios: { type: 'string', default: 'some,every' },
      data: { type: 'string' },
      node: { type: 'string' },
      cli: { type: 'string', default: 'dist/cli/index.js' },
      runs: { type: 'string', default: '1' },
      'node-flags': { type: 'string', default: '' },
      'no-wait': { type: 'boolean', default: false },
      'no-s3': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.replaceAll('_', '')));
  const scenarios = values.scenarios
    .split(',')
    .map((id) => SCENARIOS.find((s) => s.id === id) ?? fail(`unknown scenario ${id}`));
  const bundledNode = join(ROOT, 'node_modules/node/bin/node');
  const node = values.node ?? (existsSync(bundledNode) ? bundledNode : process.execPath);
  const cli = resolve(ROOT, values.cli);
  const nodeFlags = values['node-flags'].split(/\s+/).filter((flag) => flag !== '');
  const wait = !values['no-wait'];
  if (!existsSync(cli)) fail(`${cli} is missing: run npm run package`);
  if (!existsSync(join(dirname(cli), 'read-worker.mjs'))) {
    console.warn(`warning: no read-worker.mjs beside ${cli}: the CLI will use one thread`);
  }
  const dataRoot = values.data ?? mkdtempSync(join(tmpdir(), 'iam-policy-drift-bench-'));
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const nodeVersion = (await output(node, ['--version'])).trim();
  console.log(
    `machine: ${CORES} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `${process.platform}; node ${nodeVersion}; load average ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`bundle: ${cli}; data: ${dataRoot}${values.data ? '' : ' (removed at the end)'}`);
  if (nodeFlags.length > 0) console.log(`pipeline node flags: ${nodeFlags.join(' ')}`);
  const setup: Setup = {
    node,
    nodeFlags,
    cli,
    runs: Math.max(1, Number(values.runs)),
    wait,
    dataRoot,
  };

  const results: Measured[] = [];
  let s3: { timing: S3Timing; check: string; label: string } | undefined;
  try {
    for (const records of sizes) {
      for (const scenario of scenarios) {
        const result = await measure(setup, scenario, records);
        results.push(result);
        console.log(summary(result));
      }
    }
    const first = results[0];
    if (!values['no-s3'] && first) s3 = await measureS3(setup, first);
  } finally {
    if (!values.data) rmSync(dataRoot, { recursive: true, force: true });
  }
  console.log(`\n${table(results)}`);
  const fleets = results.filter((r) => r.single !== undefined).map(fleetSummary);
  if (fleets.length > 0) console.log(`\n${fleets.join('\n')}`);
  const growth = memoryGrowth(results);
  if (growth !== '') console.log(`\n${growth}`);
  if (s3) console.log(`\n${s3Table(s3.timing, s3.label)}\ncheck: ${s3.check}`);
  const noisy = results.some((r) =>
    [r.pipeline, r.single, r.baseline].some((t) => (t?.otherLoad ?? 0) > 0.1),
  );
  if (noisy) console.log('\nnote: other processes used over 10% of the CPU during some runs');
  if (results.some((r) => r.check !== 'ok') || (s3 && s3.check !== 'ok')) {
    console.error('\nsome runs reported other counts than the trail holds');
    process.exitCode = 1;
  }
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** The first trail served from S3 and read with `--bucket` (its first role only). */
async function measureS3(
  setup: Setup,
  first: Measured,
): Promise<{ timing: S3Timing; check: string; label: string } | undefined> {
  if (!(await hasAwsCli())) {
    console.log('S3: skipped, the AWS CLI (aws) is not installed');
    return undefined;
  }
  const timing = await benchS3({
    node: setup.node,
    cli: setup.cli,
    trail: join(first.dir, 'trail'),
    spec: first.spec,
    truth: first.truth,
    concurrency: 16,
    beforeEachRun: () => (setup.wait ? quiet() : Promise.resolve()),
  });
  return {
    timing,
    check: verdict(check({ coverage: timing.coverage }, first.truth, [first.spec.roleArn])),
    label: `${first.scenario.label}, ${first.truth.records.toLocaleString('en-US')} records`,
  };
}

function specFor(scenario: Scenario, records: number): TrailSpec {
  return {
    ...DEFAULT_SPEC,
    // The fleet's trail has the seed of `some`: its first role is in the same files.
    seed: DEFAULT_SPEC.seed + records + (scenario.id === 'every' ? 1 : 0),
    records,
    roleFileShare: scenario.roleFileShare,
    ...(scenario.indent === undefined ? {} : { indent: scenario.indent }),
    ...(scenario.fleet === undefined ? {} : { fleet: scenario.fleet }),
  };
}

/**
 * One scenario on one trail: the baseline, then the pipeline with every role of the trail; for
 * a fleet also with its first role alone on the same files, so that the ratio of the two times
 * is the cost of the other roles and nothing else.
 */
async function measure(setup: Setup, scenario: Scenario, records: number): Promise<Measured> {
  const spec = specFor(scenario, records);
  const dir = join(setup.dataRoot, `${scenario.id}-${records}`);
  const truth = await ensureTrail(dir, spec);
  const baseline = await best(setup.runs, () => runBaseline(setup.node, dir, setup.wait));
  const roles = fleetRoleArns(spec);
  const lists = roles.length > 1 ? [roles, roles.slice(0, 1)] : [roles];
  const [all, single] = await pipelineRuns(setup, dir, truth, lists);
  const wrong = [
    ...check(all!.report, truth, roles),
    ...(single ? check(single.report, truth, roles.slice(0, 1)).map((w) => `one role: ${w}`) : []),
    ...checkBaseline(truth, baseline),
  ];
  return {
    scenario,
    truth,
    baseline,
    pipeline: all!.timing,
    ...(single ? { single: single.timing } : {}),
    check: verdict(wrong),
    dir,
    spec,
  };
}

/**
 * The pipeline `runs` times with each list of roles, the lists taking turns so that a change
 * in the machine's load falls on them alike; per list, its best timing (`fastest`) and the
 * report of its last run.
 */
async function pipelineRuns(
  setup: Setup,
  dir: string,
  truth: TrailTruth,
  roleLists: string[][],
): Promise<{ timing: Timing; report: Report }[]> {
  const timings: Timing[][] = roleLists.map(() => []);
  const reports: Report[] = [];
  for (let i = 0; i < setup.runs; i++) {
    for (const [k, roles] of roleLists.entries()) {
      const run = await runPipeline(setup, dir, roles, truth);
      timings[k]!.push(run.timing);
      reports[k] = run.report;
    }
  }
  return roleLists.map((_, k) => ({ timing: fastest(timings[k]!), report: reports[k]! }));
}

/** `fastest` of `runs` runs. */
async function best<T extends { ms: number; peakRssMb: number }>(
  runs: number,
  run: () => Promise<T>,
): Promise<T> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await run());
  return fastest(results);
}

/**
 * The fastest of some runs, with the median of their peak RSS: a peak moves by several MB
 * from run to run with when the garbage collector runs, and the fastest run's is no better.
 */
function fastest<T extends { ms: number; peakRssMb: number }>(results: T[]): T {
  const quickest = results.reduce((a, b) => (b.ms < a.ms ? b : a));
  const peaks = results.map((r) => r.peakRssMb).sort((a, b) => a - b);
  const middle = peaks.length / 2;
  const median =
    peaks.length % 2 === 1 ? peaks[Math.floor(middle)]! : (peaks[middle - 1]! + peaks[middle]!) / 2;
  return { ...quickest, peakRssMb: median };
}

/** Writes the trail as gzip files, unless `dir` already holds this very trail. */
async function ensureTrail(dir: string, spec: TrailSpec): Promise<TrailTruth> {
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, 'utf8')) as {
      spec: TrailSpec;
      truth: TrailTruth;
    };
    if (JSON.stringify(saved.spec) === JSON.stringify(spec)) return saved.truth;
  }
  rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  const { files, truth } = generateTrail(spec);
  const folders = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let compressed = 0;
  for (const file of files) {
    const path = join(dir, 'trail', ...file.key.split('/'));
    const folder = dirname(path);
    const write = (async (): Promise<void> => {
      if (!folders.has(folder)) {
        folders.add(folder);
        await mkdir(folder, { recursive: true });
      }
      const body = await gzipAsync(file.text);
      compressed += body.length;
      await writeFile(path, body);
    })();
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
    if (inFlight.size >= CORES * 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await writeFile(manifest, JSON.stringify({ spec, truth, compressed }));
  console.log(
    `generated ${truth.files} files, ${truth.records} records, ${mb(truth.bytes)} MB ` +
      `(${mb(compressed)} MB gzip, ${truth.days} day(s)) in ${seconds(Date.now() - started)} s`,
  );
  return truth;
}

async function runBaseline(
  node: string,
  dir: string,
  wait: boolean,
): Promise<Timing & { records: number; bytes: number }> {
  if (wait) await quiet();
  const before = machineCpu();
  const result = JSON.parse(
    await output(node, [join(HERE, 'baseline.js'), join(dir, 'trail')]),
  ) as BaselineResult;
  const after = machineCpu();
  // The baseline times its loop only; the machine's CPU is compared with the whole process.
  return {
    ms: result.ms,
    peakRssMb: result.peakRssMb,
    cpuMs: result.cpuMs,
    otherLoad: otherLoad(before, after, result.cpuMs),
    records: result.records,
    bytes: result.bytes,
  };
}

/** The bundled CLI on the trail in `dir`, with a `--role` for each of `roles` (one read). */
async function runPipeline(
  setup: Setup,
  dir: string,
  roles: string[],
  truth: TrailTruth,
): Promise<{ timing: Timing; report: Report }> {
  const { node, nodeFlags, cli, wait } = setup;
  const reportFile = join(dir, 'report.json');
  const usageFile = join(dir, 'usage.json');
  rmSync(reportFile, { force: true });
  const args = [
    ...nodeFlags,
    '--import',
    new URL('./peak-rss.js', import.meta.url).href,
    cli,
    ...roles.flatMap((role) => ['--role', role]),
    '--logs',
    join(dir, 'trail'),
    '--from',
    truth.window.from,
    '--to',
    truth.window.to,
    '--format',
    'json',
    '--output',
    reportFile,
    '--quiet',
  ];
  if (wait) await quiet();
  const before = machineCpu();
  const started = process.hrtime.bigint();
  const code = await exec(node, args, { BENCH_USAGE_FILE: usageFile });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const after = machineCpu();
  if (code !== 0) fail(`the CLI exited with ${code} on ${dir}`);
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as {
    maxRssKb: number;
    cpuUs: number;
  };
  const cpuMs = usage.cpuUs / 1000;
  return {
    timing: {
      ms,
      peakRssMb: usage.maxRssKb / 1024,
      cpuMs,
      otherLoad: otherLoad(before, after, cpuMs),
    },
    report,
  };
}

/**
 * What the report gets wrong for each of `roles` (the ARNs the run was given): the trail's
 * files, read by every principal, and the role's own records, against the truth.
 */
function check(report: Report, truth: TrailTruth, roles: string[]): string[] {
  if (roles.length > 1 && !Array.isArray(report.principals)) {
    // Rather than every role's counts off: a CLI without fleets keeps one of the --role flags.
    return [`one principal's report for ${roles.length} --role flags (a CLI without fleets?)`];
  }
  const wrong: string[] = [];
  for (const [i, arn] of roles.entries()) {
    const own: RoleTruth | TrailTruth = truth.roles?.find((t) => t.roleArn === arn) ?? truth;
    const who = roles.length > 1 ? `${arn.split('/').pop()}: ` : '';
    const coverage = coverageOf(report, arn, i);
    if (!coverage) {
      wrong.push(`${who}not in the report`);
      continue;
    }
    const expected: Record<string, number> = {
      filesRead: truth.files,
      filesFailed: 0,
      bytesRead: truth.bytes,
      recordsRead: truth.records,
      recordsMatched: own.recordsMatched,
      duplicateRecords: own.duplicateRecords,
      recordsOutsideWindow: own.recordsOutsideWindow,
      recordsNotApiCalls: own.recordsNotApiCalls,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (coverage[key] !== value) wrong.push(`${who}${key} ${String(coverage[key])} ≠ ${value}`);
    }
  }
  return wrong;
}

/**
 * A principal's coverage: with several principals, its entry of `principals` (found by the
 * ARN it was given as, else by its place); with one, the report's own.
 */
function coverageOf(report: Report, arn: string, index: number): Coverage | undefined {
  if (!Array.isArray(report.principals)) return report.coverage;
  const entry = report.principals.find((p) => p.principal === arn) ?? report.principals[index];
  return entry?.coverage;
}

function checkBaseline(truth: TrailTruth, baseline: { records: number; bytes: number }): string[] {
  const wrong: string[] = [];
  if (baseline.records !== truth.records) wrong.push(`baseline read ${baseline.records} records`);
  if (baseline.bytes !== truth.bytes) wrong.push(`baseline read ${baseline.bytes} bytes`);
  return wrong;
}

function verdict(wrong: string[]): string {
  return wrong.length === 0 ? 'ok' : wrong.join(', ');
}

// --- the machine's CPU, from /proc/stat (Linux); elsewhere not measured ---------------------

interface CpuSample {
  busyMs: number;
  totalMs: number;
}

function machineCpu(): CpuSample | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const ticks = fields.map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    // USER_HZ is 100 on Linux: a tick is 10 ms.
    return { busyMs: (total - idle) * 10, totalMs: total * 10 };
  } catch {
    return undefined;
  }
}

function otherLoad(
  before: CpuSample | undefined,
  after: CpuSample | undefined,
  ownCpuMs: number,
): number | undefined {
  if (!before || !after || after.totalMs === before.totalMs) return undefined;
  const busy = after.busyMs - before.busyMs;
  return Math.max(0, (busy - ownCpuMs) / (after.totalMs - before.totalMs));
}

/** Waits (up to two minutes) until other processes use under 5% of the CPU for a second. */
async function quiet(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const before = machineCpu();
    await new Promise((done) => setTimeout(done, 1000));
    const after = machineCpu();
    const load = otherLoad(before, after, 0);
    if (load === undefined || load < 0.05) return;
    if (Date.now() > deadline) {
      console.log(`  (the machine stays busy: ${(load * 100).toFixed(0)}% CPU used by others)`);
      return;
    }
  }
}

// --- processes ------------------------------------------------------------------------------

function exec(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('error', reject);
    child.on('exit', (code) => done(code ?? 1));
  });
}

function output(command: string, args: string[]): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? done(text) : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

// --- output ---------------------------------------------------------------------------------

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function perSecond(n: number, ms: number): number {
  return n / (ms / 1000);
}

function load(timing: Timing): string {
  return timing.otherLoad === undefined ? 'n/a' : `${(timing.otherLoad * 100).toFixed(0)}%`;
}

function summary(r: Measured): string {
  const single = r.single
    ? `, one role ${seconds(r.single.ms)} s (×${(r.pipeline.ms / r.single.ms).toFixed(2)})`
    : '';
  return (
    `${r.scenario.label}, ${r.truth.records} records: pipeline ${seconds(r.pipeline.ms)} s${single}, ` +
    `baseline ${seconds(r.baseline.ms)} s: ×${(r.baseline.ms / r.pipeline.ms).toFixed(2)} the ` +
    `baseline's speed; peak RSS ${r.pipeline.peakRssMb.toFixed(0)} MB; check: ${r.check}`
  );
}

/** A fleet run against issue 15's targets, measured against one role on the same files. */
function fleetSummary(r: Measured): string {
  const single = r.single!;
  const roles = r.truth.roles?.length ?? 1;
  const ratio = r.pipeline.ms / single.ms;
  const met = ratio <= FLEET_MAX_RATIO && r.pipeline.peakRssMb < FLEET_MAX_RSS_MB;
  // A run that misses calls may well be fast: its time says nothing of the target.
  const judged = r.check !== 'ok' ? 'not judged, the counts are wrong' : met ? 'met' : 'not met';
  return (
    `${r.scenario.label}, ${r.truth.records.toLocaleString('en-US')} records: ` +
    `${roles} roles ${seconds(r.pipeline.ms)} s, one role ${seconds(single.ms)} s: ` +
    `×${ratio.toFixed(2)}; peak RSS ${r.pipeline.peakRssMb.toFixed(0)} MB ` +
    `(one role ${single.peakRssMb.toFixed(0)} MB); target: ≤ ${FLEET_MAX_RATIO}× one role, ` +
    `peak RSS < ${FLEET_MAX_RSS_MB} MB: ${judged}`
  );
}

/** Peak RSS of each scenario's largest trail against its smallest. */
function memoryGrowth(results: Measured[]): string {
  const lines: string[] = [];
  for (const id of new Set(results.map((r) => r.scenario.id))) {
    const runs = results
      .filter((r) => r.scenario.id === id)
      .sort((a, b) => a.truth.records - b.truth.records);
    const small = runs[0];
    const large = runs.at(-1);
    if (!small || !large || small === large) continue;
    const change = (large.pipeline.peakRssMb / small.pipeline.peakRssMb - 1) * 100;
    lines.push(
      `peak RSS, ${small.scenario.label}: ${small.pipeline.peakRssMb.toFixed(0)} MB at ` +
        `${small.truth.records.toLocaleString('en-US')} records, ` +
        `${large.pipeline.peakRssMb.toFixed(0)} MB at ${large.truth.records.toLocaleString('en-US')} ` +
        `(${change >= 0 ? '+' : ''}${change.toFixed(0)} %)`,
    );
  }
  return lines.join('\n');
}

function s3Table(r: S3Timing, label: string): string {
  return [
    `S3 (moto_server on loopback; ${label}; ${r.files.toLocaleString('en-US')} objects, ${mb(r.gzipBytes)} MB gzip):`,
    '| run | wall s | objects/s |',
    '| --- | ---: | ---: |',
    `| aws s3 cp --recursive (download only) | ${seconds(r.awsCliMs)} | ${Math.round(perSecond(r.files, r.awsCliMs)).toLocaleString('en-US')} |`,
    `| pipeline --bucket (list, download, analyse) | ${seconds(r.pipelineMs)} | ${Math.round(perSecond(r.files, r.pipelineMs)).toLocaleString('en-US')} |`,
    `| pipeline ÷ aws s3 cp | ×${(r.pipelineMs / r.awsCliMs).toFixed(2)} | |`,
  ].join('\n');
}

function table(results: Measured[]): string {
  const lines = [
    "| scenario | records | files | MB | run | wall s | records/s | MB/s | peak RSS MB | CPU s | others' CPU |",
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const { baseline: b, pipeline: p, single } = r;
    const lead = `| ${r.scenario.label} | ${r.truth.records.toLocaleString('en-US')} | ${r.truth.files.toLocaleString('en-US')} | ${mb(r.truth.bytes)} |`;
    const row = (name: string, t: Timing): string =>
      `${lead} ${name} | ${seconds(t.ms)} | ${Math.round(perSecond(r.truth.records, t.ms)).toLocaleString('en-US')} | ${perSecond(r.truth.bytes / 1e6, t.ms).toFixed(0)} | ${t.peakRssMb.toFixed(0)} | ${seconds(t.cpuMs)} | ${load(t)} |`;
    // `a` as a multiple of `b`: its time, speed, peak RSS and CPU.
    const ratio = (name: string, a: Timing, b: Timing): string => {
      const speed = (b.ms / a.ms).toFixed(2);
      return `${lead} ${name} | ×${(a.ms / b.ms).toFixed(2)} | ×${speed} | ×${speed} | ×${(a.peakRssMb / b.peakRssMb).toFixed(2)} | ×${(a.cpuMs / b.cpuMs).toFixed(2)} | |`;
    };
    const roles = r.truth.roles?.length ?? 1;
    if (single) {
      lines.push(row(`pipeline, ${roles} roles (bundled CLI)`, p));
      lines.push(row('pipeline, 1 role (bundled CLI)', single));
    } else {
      lines.push(row('pipeline (bundled CLI)', p));
    }
    lines.push(row('baseline (gunzip + JSON.parse)', b));
    lines.push(ratio('pipeline ÷ baseline', p, b));
    if (single) lines.push(ratio(`${roles} roles ÷ 1 role`, p, single));
  }
  return lines.join('\n');
}

await main();
