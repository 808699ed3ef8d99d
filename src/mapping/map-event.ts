/**
 * The "map" stage: from a CloudTrail event (eventSource, eventName) to the IAM actions it used.
 *
 * Order: the hand-kept exception table (exceptions.ts) → the operation map generated from
 * iamlive (operations that need several actions, a differently named one, or none) → an action
 * of the same name in the IAM catalogue → unmapped. Every action returned exists in the
 * catalogue. Results are memoized per (eventSource, eventName), in the `EventMap` value built once
 * with the catalogue (knowledge.ts).
 */
import { type Catalogue } from './catalogue.js';
import { EVENT_EXCEPTIONS, EVENT_SOURCE_EXCEPTIONS, findException } from './exceptions.js';
import { byAction } from '../util/order.js';

export type MappingSource = 'exception' | 'operation-map' | 'same-name';

export type EventMapping =
  | { kind: 'actions'; actions: string[]; how: MappingSource; normalizedName: string }
  | { kind: 'no-permission'; how: MappingSource; reason: string }
  | { kind: 'unmapped'; reason: string };

const AMAZONAWS = '.amazonaws.com';

/** The generated event-map data (event-map.generated.ts, and the API models' event sources). */
export interface EventMapData {
  EVENT_SOURCES_JSON: string;
  OPERATIONS_JSON: string;
  CONDITIONAL_JSON: string;
  API_MODELS_JSON: string;
}

/**
 * API-version suffixes on event names: Lambda `ListFunctions20150331`,
 * `UpdateFunctionConfiguration20150331v2`, CloudFront `GetDistribution2020_05_31`. Only
 * date-shaped suffixes (8 digits, or yyyy_mm_dd), optionally followed by v<n>; and a stripped
 * name is only used when the full name does not resolve (`RestoreDBInstanceFromS3` stays).
 */
const VERSION_SUFFIX = /^([A-Za-z][A-Za-z0-9]*?[A-Za-z])(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;

export function stripVersionSuffix(eventName: string): string | undefined {
  return VERSION_SUFFIX.exec(eventName)?.[1];
}

/** An operation of the exception table or the operation map, with the actions it needs. */
export interface TableEntry {
  /** `exception s3:ListObjects`, `operation-map s3:GetBucketAccelerateConfiguration`. */
  source: string;
  /** The IAM prefix whose events carry the operation. */
  prefix: string;
  /** The event name (the operation). */
  operation: string;
  actions: readonly string[];
}

/** prefix → operation → actions, as the generated data writes it. */
type RawTable = Record<string, Record<string, string[]>>;

/** From CloudTrail events to IAM actions: the exception table, the operation map, the catalogue. */
export class EventMap {
  private eventSources: Map<string, string> | undefined;
  /** prefix → lowercased operation → actions ([] = needs no permission), validated. */
  private operations: Map<string, Map<string, readonly string[]>> | undefined;
  /** prefix → lowercased operation → actions it needs only with some parameters, validated. */
  private conditional: Map<string, Map<string, readonly string[]>> | undefined;
  private parsedOperations: RawTable | undefined;
  private readonly memo = new Map<string, EventMapping>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly data: EventMapData,
  ) {}

  private eventSourceTable(): Map<string, string> {
    if (this.eventSources === undefined) {
      const table = new Map<string, string>();
      const generated = JSON.parse(this.data.EVENT_SOURCES_JSON) as Record<string, string>;
      for (const [source, prefix] of Object.entries(generated)) {
        table.set(source.toLowerCase(), prefix);
      }
      for (const [source, prefix] of Object.entries(EVENT_SOURCE_EXCEPTIONS)) {
        table.set(source.toLowerCase(), prefix);
      }
      // Services iam-dataset's table lacks: the event sources derived from their API models.
      const models = JSON.parse(this.data.API_MODELS_JSON) as Record<
        string,
        [string, string, string[]]
      >;
      for (const [prefix, [, , sources]] of Object.entries(models)) {
        for (const source of sources) {
          if (!table.has(source.toLowerCase())) table.set(source.toLowerCase(), prefix);
        }
      }
      this.eventSources = table;
    }
    return this.eventSources;
  }

  /**
   * The IAM prefix of a CloudTrail eventSource: from the exception and iam-dataset tables, the
   * sources derived from the API models (api-models.generated.ts), else the host before
   * `.amazonaws.com` when that is a catalogue prefix.
   */
  serviceForEventSource(eventSource: string): string | undefined {
    const source = eventSource.trim().toLowerCase();
    if (source === '') return undefined;
    const known = this.eventSourceTable().get(source);
    if (known !== undefined && this.catalogue.hasService(known)) return known;
    if (source.endsWith(AMAZONAWS)) {
      const host = source.slice(0, -AMAZONAWS.length);
      if (this.catalogue.hasService(host)) return host;
    }
    return undefined;
  }

  /** The generated operation map as committed (parsed once: the table and tableActions read it). */
  private rawOperations(): RawTable {
    this.parsedOperations ??= JSON.parse(this.data.OPERATIONS_JSON) as RawTable;
    return this.parsedOperations;
  }

  private operationTable(): Map<string, Map<string, readonly string[]>> {
    // Validate again at run time: the committed map may predate a catalogue update.
    this.operations ??= this.validatedTable(this.rawOperations(), true);
    return this.operations;
  }

  private conditionalTable(): Map<string, Map<string, readonly string[]>> {
    this.conditional ??= this.validatedTable(
      JSON.parse(this.data.CONDITIONAL_JSON) as RawTable,
      false,
    );
    return this.conditional;
  }

  /** prefix → lowercased operation → valid actions; `keepEmpty`: an empty list means "no permission". */
  private validatedTable(
    generated: RawTable,
    keepEmpty: boolean,
  ): Map<string, Map<string, readonly string[]>> {
    const out = new Map<string, Map<string, readonly string[]>>();
    for (const [prefix, ops] of Object.entries(generated)) {
      const table = new Map<string, readonly string[]>();
      for (const [op, actions] of Object.entries(ops)) {
        const valid = this.validActions(actions);
        if ((keepEmpty && actions.length === 0) || valid.length > 0)
          table.set(op.toLowerCase(), valid);
      }
      out.set(prefix, table);
    }
    return out;
  }

  /** Canonical, deduplicated, sorted; drops what the catalogue does not know. */
  private validActions(actions: readonly string[]): string[] {
    const out = new Set<string>();
    for (const action of actions) {
      const canonical = this.catalogue.canonicalAction(action);
      if (canonical !== undefined) out.add(canonical);
    }
    return [...out].sort(byAction);
  }

  private resolve(prefix: string, name: string): EventMapping | undefined {
    const exception = findException(prefix, name);
    if (exception !== undefined) {
      if ('noPermission' in exception) {
        return { kind: 'no-permission', how: 'exception', reason: exception.why };
      }
      const actions = this.validActions(exception.actions);
      if (actions.length > 0) {
        return { kind: 'actions', actions, how: 'exception', normalizedName: name };
      }
    }
    const operation = this.operationTable().get(prefix)?.get(name.toLowerCase());
    if (operation !== undefined) {
      if (operation.length === 0) {
        return {
          kind: 'no-permission',
          how: 'operation-map',
          reason: `${prefix}:${name} needs no permission (iamlive permissionless list)`,
        };
      }
      return {
        kind: 'actions',
        actions: [...operation],
        how: 'operation-map',
        normalizedName: name,
      };
    }
    const same = this.catalogue.canonicalAction(`${prefix}:${name}`);
    if (same !== undefined) {
      return { kind: 'actions', actions: [same], how: 'same-name', normalizedName: name };
    }
    return undefined;
  }

  private map(eventSource: string, eventName: string): EventMapping {
    const name = eventName.trim();
    if (name === '') return { kind: 'unmapped', reason: 'the event has no eventName' };
    const prefix = this.serviceForEventSource(eventSource);
    if (prefix === undefined) {
      return {
        kind: 'unmapped',
        reason: `event source ${JSON.stringify(eventSource)} is not a known IAM service`,
      };
    }
    const direct = this.resolve(prefix, name);
    if (direct !== undefined) return direct;
    const stripped = stripVersionSuffix(name);
    if (stripped !== undefined) {
      const versioned = this.resolve(prefix, stripped);
      if (versioned !== undefined) return versioned;
    }
    return {
      kind: 'unmapped',
      reason: `no IAM action found for ${prefix}:${name}` + (stripped ? ` (or ${stripped})` : ''),
    };
  }

  /** The IAM actions an event used, or why it needs none, or why it could not be mapped. */
  mapEvent(eventSource: string, eventName: string): EventMapping {
    const key = `${eventSource}\u0000${eventName}`;
    let mapping = this.memo.get(key);
    if (mapping === undefined) {
      mapping = this.map(eventSource, eventName);
      this.memo.set(key, mapping);
    }
    // A copy, so that callers cannot change the memoized answer.
    return mapping.kind === 'actions'
      ? { ...mapping, actions: [...mapping.actions] }
      : { ...mapping };
  }

  /**
   * Actions an event may have needed, depending on parameters the trail does not show (iamlive's
   * conditional entries: DynamoDB `TransactWriteItems` → `PutItem`, `UpdateItem`, `DeleteItem`,
   * `ConditionCheckItem`; S3 `CopyObject` → `GetObjectTagging`; SQS `CreateQueue` → `TagQueue`;
   * `ExecuteStatement` → `PartiQL*`). Neither used nor unused on the event's word; [] when none.
   */
  possibleActions(eventSource: string, eventName: string): string[] {
    const prefix = this.serviceForEventSource(eventSource);
    if (prefix === undefined) return [];
    const table = this.conditionalTable().get(prefix);
    if (table === undefined) return [];
    const name = eventName.trim();
    const stripped = stripVersionSuffix(name);
    const found =
      table.get(name.toLowerCase()) ?? (stripped ? table.get(stripped.toLowerCase()) : undefined);
    return found === undefined ? [] : [...found];
  }

  /** Every action the exception table and the operation map can emit, per operation. */
  tableActions(): TableEntry[] {
    const out: TableEntry[] = [];
    for (const [prefix, events] of Object.entries(EVENT_EXCEPTIONS)) {
      for (const [name, exception] of Object.entries(events)) {
        if (!('noPermission' in exception)) {
          out.push({
            source: `exception ${prefix}:${name}`,
            prefix,
            operation: name,
            actions: exception.actions,
          });
        }
      }
    }
    for (const [prefix, ops] of Object.entries(this.rawOperations())) {
      for (const [op, actions] of Object.entries(ops)) {
        out.push({ source: `operation-map ${prefix}:${op}`, prefix, operation: op, actions });
      }
    }
    return out;
  }
}
