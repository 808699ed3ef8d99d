/**
 * What the tool knows about IAM, as one value: the catalogue (services, actions, resource types),
 * the event map (CloudTrail events → actions) and the visibility of each action in a trail, built
 * from the generated data (generated/*.generated.ts) and the hand-kept tables (exceptions.ts,
 * not-logged.ts, data-events.ts).
 *
 * Loaded once, at the edge (`createEdges`), and handed to mapping, classification, evaluation and
 * the proposal; nothing reads IAM data from a module-level cache. The generated modules are
 * 1.5 MB of string literals that take tens of milliseconds to compile, so the edge starts loading
 * them while the logs are read and `analyze` awaits them before it maps what it read. Each part
 * parses its JSON on first use and caches its indexes in the instance.
 */
import { Catalogue } from './catalogue.js';
import { EventMap } from './map-event.js';
import { Visibility } from './visibility.js';

export interface IamKnowledge {
  catalogue: Catalogue;
  events: EventMap;
  visibility: Visibility;
}

/** The generated data, as the three generated modules export it. */
export type GeneratedData = typeof import('./generated/catalogue.generated.js') &
  typeof import('./generated/event-map.generated.js') &
  typeof import('./generated/api-models.generated.js');

/** The knowledge built from generated data (already imported). */
export function iamKnowledge(data: GeneratedData): IamKnowledge {
  const catalogue = new Catalogue(data);
  const events = new EventMap(catalogue, data);
  return { catalogue, events, visibility: new Visibility(catalogue, events, data) };
}

/** Imports the generated modules and builds the knowledge from them. */
export async function loadIamKnowledge(): Promise<IamKnowledge> {
  const [catalogue, eventMap, apiModels] = await Promise.all([
    import('./generated/catalogue.generated.js'),
    import('./generated/event-map.generated.js'),
    import('./generated/api-models.generated.js'),
  ]);
  return iamKnowledge({ ...catalogue, ...eventMap, ...apiModels });
}
