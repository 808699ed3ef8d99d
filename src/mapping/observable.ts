import { canonicalAction } from './catalogue.js';
import { tableActions } from './map-event.js';
import { mappingData } from './data.js';
import { NOT_LOGGED_ACTIONS } from './not-logged.js';

let observable: Set<string> | undefined;

/**
 * Whether a trail can show the use of this action: some API operation needs it (from the
 * operation map or the exception table). Permission-only actions (`iam:PassRole`) and actions
 * newer than the operation map are not, nor are actions whose calls CloudTrail does not record
 * as management events (not-logged.ts: logs:PutLogEvents, xray:PutTraceSegments, ...): their
 * absence from the logs proves nothing.
 */
export function isObservable(action: string): boolean {
  if (observable === undefined) {
    observable = new Set();
    const byPrefix = JSON.parse(mappingData().OBSERVABLE_JSON) as Record<string, string>;
    for (const [prefix, names] of Object.entries(byPrefix)) {
      for (const name of names.split(',')) observable.add(`${prefix}:${name}`.toLowerCase());
    }
    for (const { actions } of tableActions()) {
      for (const a of actions) observable.add(a.toLowerCase());
    }
    // Never logged as an event of its own, whatever the tables say.
    observable.delete('iam:passrole');
    for (const action of NOT_LOGGED_ACTIONS) observable.delete(action.toLowerCase());
  }
  const canonical = canonicalAction(action);
  return canonical !== undefined && observable.has(canonical.toLowerCase());
}
