import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
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
      for await (const file of walk(root, root, problems, inputName)) {
        days.add(file.key);
        yield file;
      }
      if (options.window) {
        problems.push(...days.missing(options.window, options.now ?? new Date()));
      }
    },
    async read(object: LogObject): Promise<Uint8Array> {
      return readFile(join(root, ...object.key.split('/')));
    },
    // Worker threads read the files themselves: the main thread neither reads nor copies them.
    pathOf: (object: LogObject): string => join(root, ...object.key.split('/')),
    listingProblems: () => [...problems],
  };
}

async function* walk(
  root: string,
  dir: string,
  problems: CoverageProblem[],
  inputName: string,
): AsyncGenerator<LogObject, void, undefined> {
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
      object: relative(root, dir).split(sep).join('/'),
      message: `folder could not be read: ${messageOf(error)}`,
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* walk(root, path, problems, inputName);
    } else if (
      entry.isFile() &&
      LOG_FILE.test(entry.name) &&
      !/CloudTrail-(Digest|Insight)/.test(entry.name)
    ) {
      yield { key: relative(root, path).split(sep).join('/') };
    }
  }
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
