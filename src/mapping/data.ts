/**
 * The generated IAM catalogue, event map and API-model facts, loaded on demand: they are 1.5 MB of string
 * literals that take tens of milliseconds to compile, so the pipeline starts loading them as it
 * starts reading the logs and waits for them only when it maps what it read (`analyze.ts`).
 * Everything that reads them (catalogue.ts, map-event.ts, visibility.ts) runs after that.
 */
type MappingData = typeof import('./generated/catalogue.generated.js') &
  typeof import('./generated/event-map.generated.js') &
  typeof import('./generated/api-models.generated.js');

let data: MappingData | undefined;
let loading: Promise<void> | undefined;

export function loadMappingData(): Promise<void> {
  loading ??= Promise.all([
    import('./generated/catalogue.generated.js'),
    import('./generated/event-map.generated.js'),
    import('./generated/api-models.generated.js'),
  ]).then(([catalogue, eventMap, apiModels]) => {
    data = { ...catalogue, ...eventMap, ...apiModels };
  });
  return loading;
}

export function mappingData(): MappingData {
  if (!data) {
    throw new Error('the IAM catalogue is not loaded yet: await loadMappingData() first');
  }
  return data;
}
