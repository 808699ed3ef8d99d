/** Jest global teardown: stops the moto servers of the global setup. */
import type { MotoServer } from './moto-global-setup.js';

declare global {
  var __MOTO_SERVERS__: MotoServer[] | undefined;
}

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__MOTO_SERVERS__ ?? [];
  globalThis.__MOTO_SERVERS__ = undefined;
  await Promise.all(servers.map((server) => server.stop()));
}
