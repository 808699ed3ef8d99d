import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ActivitySource, CoverageProblem, LogObject } from './types.js';
import { UserError, messageOf } from '../util/errors.js';

const LOG_FILE = /\.(json|jsonl)(\.gz)?$/i;
const SKIPPED_FOLDERS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);

/**
 * CloudTrail files in a local directory tree, as CloudTrail delivers them (`.json.gz`) or
 * unpacked (`.json`, `.jsonl`), found recursively; digest and insight folders are skipped.
 */
export function createLocalSource(root: string, inputName: string): ActivitySource {
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
      const files: LogObject[] = [];
      await walk(root, root, files, problems, inputName);
      files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      yield* files;
    },
    async read(object: LogObject): Promise<Uint8Array> {
      return readFile(join(root, ...object.key.split('/')));
    },
    listingProblems: () => [...problems],
  };
}

async function walk(
  root: string,
  dir: string,
  files: LogObject[],
  problems: CoverageProblem[],
  inputName: string,
): Promise<void> {
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
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(root, path, files, problems, inputName);
    } else if (
      entry.isFile() &&
      LOG_FILE.test(entry.name) &&
      !/CloudTrail-(Digest|Insight)/.test(entry.name)
    ) {
      files.push({ key: relative(root, path).split(sep).join('/') });
    }
  }
}
