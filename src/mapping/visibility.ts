/**
 * How a trail shows the use of each action of the IAM catalogue, from the data generated at build
 * time (the API models and event sources of api-models.generated.ts, the operation map of
 * event-map.generated.ts) and the hand-kept tables (not-logged.ts, data-events.ts, exceptions.ts):
 *
 * - `management-event`: an API operation CloudTrail logs under an event name (named like the
 *   action in the service's API model, or mapped to it by the operation map or the exceptions);
 * - `data-event`: logged only as a data event of its service, in its direction;
 * - `never-logged`: an API CloudTrail leaves out (not-logged.ts), or a service CloudTrail does not
 *   record at all (no public API model and no event source: AWS's rule for preview services and
 *   services without a public API, or named in NOT_SUPPORTED_SERVICES);
 * - `permission-only`: no API of its own; checked inside another call of its service (every
 *   action of a modelled service that no operation is named after or maps to), or of another
 *   service (CROSS_SERVICE, such as `iam:PassRole`);
 * - `unknown`: the service logs under an event source but no API model lists its operations.
 *
 * Pure lookups over the loaded data, in a `Visibility` value built once with the catalogue and
 * the event map (knowledge.ts); results are cached per action in the instance.
 */
import type { Catalogue } from './catalogue.js';
import { dataEventActions, dataEventDirection, type DataEventDirection } from './data-events.js';
import { EVENT_SOURCE_EXCEPTIONS } from './exceptions.js';
import type { EventMap } from './map-event.js';
import { NEVER_LOGGED, NOT_SUPPORTED_SERVICES, type NeverLoggedGroup } from './not-logged.js';

export type VisibilityKind =
  'management-event' | 'data-event' | 'never-logged' | 'permission-only' | 'unknown';

export interface ActionVisibility {
  action: string;
  kind: VisibilityKind;
  /** Why, in a sentence, with the source of the fact. */
  detail: string;
  /** management-event: where and under which names CloudTrail logs it. */
  eventSource?: string;
  eventNames?: string[];
  /** data-event: the direction a trail's data-event selectors must include. */
  direction?: DataEventDirection;
  /** never-logged: `api` (one API of a logged service), `service` (the whole service). */
  scope?: 'api' | 'service';
  /** permission-only: checked in calls of other services (iam:PassRole). */
  crossService?: boolean;
}

export interface ServiceSupport {
  service: string;
  support: 'supported' | 'partly' | 'not-supported';
  /** The CloudTrail eventSource values of the service (supported and partly). */
  eventSources: string[];
  /** Never-logged actions of the service (partly). */
  neverLogged: string[];
  /** The API models the facts came from (`b:` botocore, `v:` aws-sdk v2). */
  models: string[];
  /** Why it is not supported. */
  reason?: string;
}

/**
 * Permission-only actions checked in calls of other services, so that a call of their own
 * service is not needed to use them.
 */
export const CROSS_SERVICE: readonly { action: string; source: string; why: string }[] = [
  {
    action: 'iam:PassRole',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    why: 'checked when a call of another service hands it a role (RunInstances with an instance profile, CreateFunction, CreateStack with a role, ...)',
  },
  ...['codestar-connections', 'codeconnections'].flatMap((prefix) =>
    ['PassConnection', 'UseConnection'].map((name) => ({
      action: `${prefix}:${name}`,
      source:
        'https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html#permissions-reference-connections',
      why: 'checked when another service (CodePipeline, CodeBuild, ...) is handed or uses a connection',
    })),
  ),
];

type RawModels = Record<string, [models: string, operations: string, eventSources: string[]]>;

const CROSS = new Map(CROSS_SERVICE.map((c) => [c.action.toLowerCase(), c]));

/** What decides an action's class, gathered once: the class and what explains it. */
interface Facts {
  kind: VisibilityKind;
  support: ServiceSupport;
  /** The never-logged group naming it. */
  group?: NeverLoggedGroup;
  cross?: (typeof CROSS_SERVICE)[number];
  /** Its character in api-models.generated.ts (b, v, a, p, d or -). */
  bit: string;
  /** The operations the tables say need it. */
  ops?: ReadonlySet<string>;
}

export type VisibilityCounts = Record<VisibilityKind, number> & { total: number };

/** The generated data visibility reads (api-models.generated.ts, event-map.generated.ts). */
export interface VisibilityData {
  API_MODELS_SOURCES: string;
  API_MODELS_JSON: string;
  OBSERVABLE_JSON: string;
}

/** How a trail shows each catalogue action, as a value (see the header). */
export class Visibility {
  private rawModels: RawModels | undefined;
  private neverLogged: Map<string, NeverLoggedGroup> | undefined;
  /** Lowercased action → the operations that need it (see `operationTable`). */
  private mappedBy: Map<string, Set<string>> | undefined;
  private readonly supportCache = new Map<string, ServiceSupport>();
  private readonly cache = new Map<string, ActionVisibility | null>();
  private countsByKind: VisibilityCounts | undefined;
  private readonly dataEvents: ReadonlySet<string>;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly events: EventMap,
    private readonly data: VisibilityData,
  ) {
    this.dataEvents = dataEventActions(catalogue);
  }

  /** The generated data's sources, e.g. 'aws-sdk 2.1693.0 (...); botocore 1.43.11 (...)'. */
  get source(): string {
    return this.data.API_MODELS_SOURCES;
  }

  private models(): RawModels {
    this.rawModels ??= JSON.parse(this.data.API_MODELS_JSON) as RawModels;
    return this.rawModels;
  }

  private neverLoggedTable(): Map<string, NeverLoggedGroup> {
    if (this.neverLogged === undefined) {
      const table = new Map<string, NeverLoggedGroup>();
      for (const group of NEVER_LOGGED) {
        for (const pattern of group.actions) {
          for (const action of this.catalogue.expandActionPattern(pattern)) {
            table.set(action.toLowerCase(), group);
          }
        }
      }
      this.neverLogged = table;
    }
    return this.neverLogged;
  }

  /**
   * Lowercased action → the operations that need it, from the exception table and the operation
   * map (an operation of another service named with its prefix: `drs:StartRecovery`), and the
   * operations the operation map stores only as trivial (prefix:Operation → itself).
   */
  private operationTable(): Map<string, Set<string>> {
    if (this.mappedBy === undefined) {
      const table = new Map<string, Set<string>>();
      const add = (action: string, op: string): void => {
        const key = action.toLowerCase();
        let ops = table.get(key);
        if (!ops) table.set(key, (ops = new Set()));
        ops.add(op);
      };
      for (const { prefix, operation, actions } of this.events.tableActions()) {
        for (const a of actions) {
          add(a, a.toLowerCase().startsWith(`${prefix}:`) ? operation : `${prefix}:${operation}`);
        }
      }
      const observable = JSON.parse(this.data.OBSERVABLE_JSON) as Record<string, string>;
      for (const [prefix, names] of Object.entries(observable)) {
        for (const name of names.split(',')) {
          if (!table.has(`${prefix}:${name}`.toLowerCase())) add(`${prefix}:${name}`, name);
        }
      }
      this.mappedBy = table;
    }
    return this.mappedBy;
  }

  /** The CloudTrail event sources of a service: the generated table and the exceptions. */
  eventSourcesOf(prefix: string): string[] {
    const key = prefix.toLowerCase();
    const sources = new Set(this.models()[key]?.[2] ?? []);
    for (const [source, p] of Object.entries(EVENT_SOURCE_EXCEPTIONS)) {
      if (p === key) sources.add(source);
    }
    return [...sources].sort();
  }

  /** Whether CloudTrail records the service, and under which event sources. */
  serviceSupport(prefix: string): ServiceSupport {
    const found = this.cachedSupport(prefix.toLowerCase());
    return { ...found, eventSources: [...found.eventSources], neverLogged: [...found.neverLogged] };
  }

  /** The cached answer itself: read-only. */
  private cachedSupport(service: string): ServiceSupport {
    let found = this.supportCache.get(service);
    if (found === undefined) {
      found = this.supportOf(service);
      this.supportCache.set(service, found);
    }
    return found;
  }

  private supportOf(service: string): ServiceSupport {
    const entry = this.models()[service];
    const explicit = NOT_SUPPORTED_SERVICES[service];
    const never = this.catalogue
      .serviceActions(service)
      .filter((a) => this.neverLoggedTable().has(a.toLowerCase()));
    const base = {
      service,
      neverLogged: never,
      models: entry ? entry[0].split(' ').filter(Boolean) : [],
    };
    if (explicit !== undefined) {
      return { ...base, support: 'not-supported', eventSources: [], reason: explicit };
    }
    if (entry === undefined) {
      return {
        ...base,
        support: 'not-supported',
        eventSources: [],
        reason:
          'no public API model (aws-sdk, botocore) and no known CloudTrail event source: CloudTrail does not support services in preview or without a public API',
      };
    }
    return {
      ...base,
      support: never.length > 0 ? 'partly' : 'supported',
      eventSources: this.eventSourcesOf(service),
    };
  }

  /** How a trail shows the use of a catalogue action; undefined for an action not in it. */
  actionVisibility(action: string): ActionVisibility | undefined {
    const key = action.toLowerCase();
    let found = this.cache.get(key);
    if (found === undefined) {
      const canonical = this.catalogue.canonicalAction(action);
      found = canonical === undefined ? null : this.classifyAction(canonical);
      this.cache.set(key, found);
    }
    return found ?? undefined;
  }

  private factsOf(action: string): Facts {
    const key = action.toLowerCase();
    const prefix = key.slice(0, key.indexOf(':'));
    const support = this.cachedSupport(prefix);
    const group = this.neverLoggedTable().get(key);
    if (group !== undefined) return { kind: 'never-logged', support, group, bit: '-' };
    if (support.support === 'not-supported') return { kind: 'never-logged', support, bit: '-' };
    if (this.dataEvents.has(key)) return { kind: 'data-event', support, bit: '-' };
    const cross = CROSS.get(key);
    if (cross !== undefined) return { kind: 'permission-only', support, cross, bit: '-' };
    const bit = this.operationCode(prefix, action);
    if (bit === 'd') return { kind: 'never-logged', support, bit };
    const ops = this.operationTable().get(key);
    if (bit === 'b' || bit === 'v' || bit === 'a' || ops !== undefined) {
      return { kind: 'management-event', support, bit, ...(ops ? { ops } : {}) };
    }
    const kind = bit === 'p' || support.models.length > 0 ? 'permission-only' : 'unknown';
    return { kind, support, bit };
  }

  /** The class with its explanation (and event source and names, direction, scope). */
  private classifyAction(action: string): ActionVisibility {
    const facts = this.factsOf(action);
    const { support, bit } = facts;
    const prefix = support.service;
    switch (facts.kind) {
      case 'never-logged':
        if (facts.group !== undefined) {
          return {
            action,
            kind: 'never-logged',
            scope: 'api',
            detail: `not recorded by CloudTrail: ${facts.group.why} (${facts.group.source})`,
          };
        }
        return bit === 'd'
          ? {
              action,
              kind: 'never-logged',
              scope: 'api',
              detail: `an operation of ${prefix}'s data-plane endpoint only (botocore's runtime or data model): CloudTrail logs it as a data event of the resource types a trail selects, or not at all`,
            }
          : {
              action,
              kind: 'never-logged',
              scope: 'service',
              detail: `the service is not recorded by CloudTrail: ${support.reason ?? ''}`,
            };
      case 'data-event': {
        const direction = dataEventDirection(this.catalogue, action);
        return {
          action,
          kind: 'data-event',
          direction,
          detail: `logged only as a ${prefix} data event (${direction}), which a trail records only when its selectors ask for it`,
        };
      }
      case 'management-event':
        return managementEvent(action, facts);
      case 'permission-only':
        return {
          action,
          kind: 'permission-only',
          crossService: facts.cross !== undefined,
          detail:
            facts.cross !== undefined
              ? `no API of its own: ${facts.cross.why} (${facts.cross.source})`
              : bit === 'p'
                ? `no API operation of that name: the Service Authorization Reference documents it as a permission checked inside other ${prefix} calls`
                : `no operation of its own in the API models (${support.models.join(', ')}): a permission checked inside other ${prefix} calls, or an API too new or too private for the models`,
        };
      case 'unknown':
        return {
          action,
          kind: 'unknown',
          detail: `${prefix} is logged under ${support.eventSources.join(', ')}, but no API model lists its operations: whether this is an API call of its own cannot be told`,
        };
    }
  }

  /** The character of api-models.generated.ts for the action (b, v, a, p, d or -). */
  private operationCode(prefix: string, action: string): string {
    const entry = this.models()[prefix];
    const position = this.catalogue.actionPosition(action);
    return entry !== undefined && position >= 0 ? (entry[1][position] ?? '-') : '-';
  }

  /** How many catalogue actions fall in each class. */
  counts(): VisibilityCounts {
    if (this.countsByKind === undefined) {
      const c: VisibilityCounts = {
        total: 0,
        'management-event': 0,
        'data-event': 0,
        'never-logged': 0,
        'permission-only': 0,
        unknown: 0,
      };
      for (const action of this.catalogue.allActions()) {
        c.total++;
        c[this.factsOf(action).kind]++;
      }
      this.countsByKind = c;
    }
    return this.countsByKind;
  }

  /** Every catalogue service with its support (for the report and the tests). */
  allServiceSupport(): ServiceSupport[] {
    return this.catalogue.allServices().map((p) => this.serviceSupport(p));
  }
}

function managementEvent(action: string, { support, bit, ops }: Facts): ActionVisibility {
  const name = action.slice(support.service.length + 1);
  const named = bit === 'b' || bit === 'v' || bit === 'a';
  const all = [...new Set([...(named ? [name] : []), ...(ops ?? [])])];
  const own = all.filter((n) => !n.includes(':')).sort();
  const others = all.filter((n) => n.includes(':')).sort();
  const from =
    bit === 'b'
      ? 'an operation of botocore’s model'
      : bit === 'v'
        ? 'an operation of aws-sdk v2’s model'
        : bit === 'a'
          ? 'the Service Authorization Reference links it to the API operation of that name'
          : 'the operation map';
  const eventSource = support.eventSources[0];
  const detail =
    own.length > 0
      ? `logged as the management event${own.length === 1 ? '' : 's'} ${own.join(', ')} of ${eventSource ?? support.service} (${from})${others.length > 0 ? `, and needed by ${others.join(', ')}` : ''}`
      : `needed by the management event${others.length === 1 ? '' : 's'} ${others.join(', ')} (the operation map)`;
  return {
    action,
    kind: 'management-event',
    ...(eventSource !== undefined ? { eventSource } : {}),
    eventNames: [...own, ...others],
    detail,
  };
}
