import type { FleetReport, Report } from '../report.js';

/** The JSON report: 2-space indentation, keys in a fixed order, lists sorted by the stages. */
export function renderJson(report: Report | FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
