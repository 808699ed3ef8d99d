import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ActivitySource, CoverageProblem, LogObject } from '../types.js';
import { UserError, messageOf } from '../../util/errors.js';
import { dayPrefixes, findMissingDays, placeLogFile, utcDay, windowDays } from './layout.js';
import { byCodeUnits } from '../../util/order.js';

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
): ActivitySource {
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
 *
 * Symbolic links are followed, to files and to folders (a day folder linked from elsewhere is
 * read like any other); a folder already read under another path, or a link back to a folder
 * being read (a loop), is not read again. A link that cannot be followed (its target is gone,
 * or unreadable) is a coverage problem: what it pointed to was not read.
 */
async function* walk(
  root: string,
  problems: CoverageProblem[],
  inputName: string,
): AsyncGenerator<LogObject, void, undefined> {
  const stack: { dir: string; prefix: string; entries: Dirent[]; next: number }[] = [];
  const opened = new Set<string>();
  const open = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      const real = await realpath(dir);
      if (opened.has(real)) return;
      opened.add(real);
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
    entries.sort((a, b) => byCodeUnits(a.name, b.name));
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
    let kind: 'folder' | 'file' | 'other' = entry.isDirectory()
      ? 'folder'
      : entry.isFile()
        ? 'file'
        : 'other';
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(join(top.dir, entry.name));
        kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
      } catch (error) {
        problems.push({
          kind: 'listing-failed',
          object: `${top.prefix}${entry.name}`,
          message: `a symbolic link that cannot be followed (${messageOf(error)}): what it points to was not read`,
        });
        continue;
      }
    }
    if (kind === 'folder') {
      if (!SKIPPED_FOLDERS.has(entry.name)) {
        await open(join(top.dir, entry.name), `${top.prefix}${entry.name}/`);
      }
    } else if (kind === 'file' && isLogFileName(entry.name)) {
      yield { key: `${top.prefix}${entry.name}` };
    }
  }
}

/** How many log files `walk` would give, keeping nothing of them; folders that fail count 0. */
async function countLogFiles(
  dir: string,
  going: () => boolean,
  opened = new Set<string>(),
): Promise<number> {
  let entries;
  try {
    const real = await realpath(dir);
    if (opened.has(real)) return 0;
    opened.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let count = 0;
  for (const entry of entries) {
    if (!going()) return count;
    let folder = entry.isDirectory();
    let file = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(join(dir, entry.name)).catch(() => undefined);
      folder = target?.isDirectory() ?? false;
      file = target?.isFile() ?? false;
    }
    if (folder) {
      if (!SKIPPED_FOLDERS.has(entry.name))
        count += await countLogFiles(join(dir, entry.name), going, opened);
    } else if (file && isLogFileName(entry.name)) {
      count++;
    }
  }
  return count;
}

function isLogFileName(name: string): boolean {
  return LOG_FILE.test(name) && !/CloudTrail-(Digest|Insight)/.test(name);
}

/**
 * Files per day of each account and region, and the days of the window without any. Files in
 * the trail layout count by day folder; files elsewhere (a flat folder, a tree whose folders
 * are not AWS's) by the account, region and delivery day their CloudTrail name carries, per
 * folder. Files placed by neither are counted: their days cannot be checked at all.
 */
class DayFolders {
  private readonly counts = new Map<string, number>();
  private readonly groups = new Map<
    string,
    { prefix: string; organizationId?: string; account: string; region: string }
  >();
  /** Folder → whether its files are in the trail layout (a property of the folder's path). */
  private readonly layoutFolders = new Map<string, boolean>();
  /** Files outside the layout placed by their names: `account|region` → days, first folder. */
  private readonly named = new Map<
    string,
    { folder: string; account: string; region: string; days: Map<string, number> }
  >();
  private unplaced = 0;
  private firstUnplaced: string | undefined;

  add(key: string): void {
    const dayFolder = key.slice(0, key.lastIndexOf('/') + 1);
    const layout = this.layoutFolders.get(dayFolder);
    if (layout === true) {
      this.counts.set(dayFolder, (this.counts.get(dayFolder) ?? 0) + 1);
      return;
    }
    const place = placeLogFile(key);
    if (place?.from === 'layout') {
      this.layoutFolders.set(dayFolder, true);
      this.counts.set(dayFolder, 1);
      const { prefix = '', organizationId, account, region } = place;
      this.groups.set(place.group, {
        prefix,
        ...(organizationId !== undefined ? { organizationId } : {}),
        account,
        region,
      });
      return;
    }
    this.layoutFolders.set(dayFolder, false);
    if (place === undefined) {
      this.unplaced++;
      this.firstUnplaced ??= key;
      return;
    }
    let group = this.named.get(place.group);
    if (!group) {
      group = { folder: dayFolder, account: place.account, region: place.region, days: new Map() };
      this.named.set(place.group, group);
    }
    group.days.set(place.day, (group.days.get(place.day) ?? 0) + 1);
  }

  /** Gaps: see `findMissingDays`; and the files whose days could not be checked. */
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
    const days = windowDays(window.from, window.to).filter((day) => day <= today);
    for (const group of this.named.values()) {
      if (!days.some((day) => group.days.has(day))) continue;
      for (const day of days) {
        if (group.days.has(day)) continue;
        problems.push({
          kind: 'missing-day',
          object: `${group.folder}${group.account}_CloudTrail_${group.region}_${day.replaceAll('-', '')}`,
          message: `No log file for account ${group.account} in ${group.region} delivered on ${day} (by the files' names, in a folder outside the trail layout), though other days of the window have some: that day's activity is unknown.`,
        });
      }
    }
    if (this.unplaced > 0) {
      problems.push({
        kind: 'layout-unknown',
        object: this.firstUnplaced!,
        message:
          `${this.unplaced} file${this.unplaced === 1 ? ' is' : 's are'} neither in the trail layout ` +
          '(AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/) nor named as CloudTrail names ' +
          'its files (<account>_CloudTrail_<region>_<YYYYMMDD>T<HHMM>Z_<id>.json.gz), so a missing ' +
          'day among them cannot be noticed: keep the layout or the names CloudTrail writes.',
      });
    }
    return problems.sort((a, b) => ((a.object ?? '') < (b.object ?? '') ? -1 : 1));
  }
}
