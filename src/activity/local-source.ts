import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { CoverageProblem, LogObject } from './types.js';
import type { FileBackedSource } from './read.js';
import { UserError, messageOf } from '../util/errors.js';
import { dayPrefixes, findMissingDays, parseLogKey, utcDay } from './layout.js';

const LOG_FILE = /\.(json|jsonl)(\.gz)?$/i;
const SKIPPED_FOLDERS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);

export interface LocalSourceOptions {
  /** With a window, days of it without files are reported for trees in the trail layout. */
  window?: { from: Date; to: Date };
  /** Days after this one are never reported missing. Default: now. */
  now?: Date;
}

/**
 * CloudTrail files in a local directory tree, as CloudTrail delivers them (`.json.gz`) or
 * unpacked (`.json`, `.jsonl`), found recursively; digest and insight folders are skipped.
 * When the tree keeps the trail's layout (`AWSLogs/.../CloudTrail/<region>/YYYY/MM/DD/`), a
 * day of the window with no file for an account and region that has files on other days is a
 * gap, as for S3.
 */
export function createLocalSource(
  root: string,
  inputName: string,
  options: LocalSourceOptions = {},
): FileBackedSource {
  const problems: CoverageProblem[] = [];
  let expected: number | undefined;
  // Keys are the paths below the root with `/`: on POSIX a file's path is the two joined (a
  // string concatenation per file rather than path.join's parsing, which was a fifth of what
  // the main thread allocated on a large trail).
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  const pathOf = (object: LogObject): string =>
    sep === '/' ? `${base}${object.key}` : join(root, ...object.key.split('/'));
  return {
    description: root,
    async *list(): AsyncIterable<LogObject> {
      let info;
      try {
        info = await stat(root);
      } catch {
        throw new UserError(
          `${inputName}: the directory "${root}" does not exist; give the folder that holds the CloudTrail files`,
        );
      }
      if (!info.isDirectory()) {
        throw new UserError(
          `${inputName}: "${root}" is not a directory; give the folder that holds the CloudTrail files`,
        );
      }
      // Folder by folder, each in name order: the listing costs the memory of one folder's
      // entries, not of the whole tree. The days of the window without any file are found
      // from a count per day folder.
      const days = new DayFolders();
      // The files are counted ahead, by a second walk that keeps nothing but the count, so
      // that progress can show a total and a time left while the listing is held back.
      expected = undefined;
      let counting = true;
      void countLogFiles(root, () => counting).then((count) => {
        if (counting) expected = count;
      });
      try {
        for await (const file of walk(root, problems, inputName)) {
          days.add(file.key);
          yield file;
        }
      } finally {
        counting = false;
      }
      if (options.window) {
        problems.push(...days.missing(options.window, options.now ?? new Date()));
      }
    },
    async read(object: LogObject): Promise<Uint8Array> {
      return readFile(pathOf(object));
    },
    // Worker threads read the files themselves: the main thread neither reads nor copies them.
    pathOf,
    listingProblems: () => [...problems],
    expectedObjects: () => expected,
  };
}

/**
 * The log files under `root`, depth first, each folder's entries in name order. One generator
 * with a stack of open folders, not a generator per folder: each file is handed out once,
 * not through every level of the tree.
 */
async function* walk(
  root: string,
  problems: CoverageProblem[],
  inputName: string,
): AsyncGenerator<LogObject, void, undefined> {
  const stack: { dir: string; prefix: string; entries: Dirent[]; next: number }[] = [];
  const open = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === root) {
        throw new UserError(
          `${inputName}: the directory "${root}" cannot be read (${messageOf(error)})`,
        );
      }
      problems.push({
        kind: 'listing-failed',
        object: prefix.slice(0, -1),
        message: `folder could not be read: ${messageOf(error)}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    stack.push({ dir, prefix, entries, next: 0 });
  };
  await open(root, '');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.entries.length) {
      stack.pop();
      continue;
    }
    const entry = top.entries[top.next++]!;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) {
        await open(join(top.dir, entry.name), `${top.prefix}${entry.name}/`);
      }
    } else if (isLogFile(entry)) {
      yield { key: `${top.prefix}${entry.name}` };
    }
  }
}

/** How many log files `walk` would give, keeping nothing of them; folders that fail count 0. */
async function countLogFiles(dir: string, going: () => boolean): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let count = 0;
  for (const entry of entries) {
    if (!going()) return count;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name))
        count += await countLogFiles(join(dir, entry.name), going);
    } else if (isLogFile(entry)) {
      count++;
    }
  }
  return count;
}

function isLogFile(entry: Dirent): boolean {
  return (
    entry.isFile() && LOG_FILE.test(entry.name) && !/CloudTrail-(Digest|Insight)/.test(entry.name)
  );
}

/** Files per day folder of a tree that keeps the trail layout, and the days without any. */
class DayFolders {
  private readonly counts = new Map<string, number>();
  private readonly groups = new Map<
    string,
    { prefix: string; organizationId?: string; account: string; region: string }
  >();

  add(key: string): void {
    const dayFolder = key.slice(0, key.lastIndexOf('/') + 1);
    const count = this.counts.get(dayFolder);
    if (count !== undefined) {
      this.counts.set(dayFolder, count + 1);
      return;
    }
    const parsed = parseLogKey(key);
    if (!parsed || parsed.kind !== 'log') return;
    this.counts.set(dayFolder, 1);
    const { prefix, organizationId, account, region } = parsed;
    this.groups.set(`${prefix}|${organizationId ?? ''}|${account}|${region}`, {
      prefix,
      ...(organizationId !== undefined ? { organizationId } : {}),
      account,
      region,
    });
  }

  /** Gaps: see `findMissingDays`. */
  missing(window: { from: Date; to: Date }, now: Date): CoverageProblem[] {
    const today = utcDay(now);
    const problems: CoverageProblem[] = [];
    for (const group of this.groups.values()) {
      const entries = dayPrefixes({
        ...group,
        accounts: [group.account],
        regions: [group.region],
        from: window.from,
        to: window.to,
        marginDays: 0,
      }).filter((entry) => entry.day <= today);
      for (const gap of findMissingDays(entries, this.counts)) {
        problems.push({
          kind: 'missing-day',
          object: gap.prefix,
          message: `No log file for account ${gap.account} in ${gap.region} on ${gap.day}, though other days of the window have some: that day's activity is unknown.`,
        });
      }
    }
    return problems.sort((a, b) => ((a.object ?? '') < (b.object ?? '') ? -1 : 1));
  }
}
