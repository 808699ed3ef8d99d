/**
 * The generated IAM catalogue and event map, loaded on demand: they are 1.5 MB of string
 * literals that take tens of milliseconds to compile, so the pipeline starts loading them as it
 * starts reading the logs and waits for them only when it maps what it read (`analyze.ts`).
 * Everything that reads them (catalogue.ts, map-event.ts, observable.ts) runs after that.
 */
type MappingData = typeof import('./generated/catalogue.generated.js') &
  typeof import('./generated/event-map.generated.js');

let data: MappingData | undefined;
let loading: Promise<void> | undefined;

export function loadMappingData(): Promise<void> {
  loading ??= Promise.all([
    import('./generated/catalogue.generated.js'),
    import('./generated/event-map.generated.js'),
  ]).then(([catalogue, eventMap]) => {
    data = { ...catalogue, ...eventMap };
  });
  return loading;
}

export function mappingData(): MappingData {
  if (!data) {
    throw new Error('the IAM catalogue is not loaded yet: await loadMappingData() first');
  }
  return data;
}
