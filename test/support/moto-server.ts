/** Starting a moto server of one's own (see `moto-global-setup.ts`, where the code lives). */
export {
  type MotoServer,
  type StartMotoOptions,
  resetMotoServer,
  setMotoAuthFreeRequests,
  startMoto,
} from './moto-global-setup.js';
