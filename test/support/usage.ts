import type { ActionUsage } from '../../src/mapping/action-usage.js';

/** One action's usage as the mapping stage gives it, for tests of the later stages. */
export function usage(action: string, count = 1, denied = 0, dataEvent = false): ActionUsage {
  return {
    action,
    count,
    denied,
    firstSeen: '2026-10-01T00:00:00Z',
    lastSeen: '2026-10-02T00:00:00Z',
    regions: [],
    accounts: [],
    events: [],
    how: ['same-name'],
    dataEvent,
    sampleEventIds: [],
  };
}
