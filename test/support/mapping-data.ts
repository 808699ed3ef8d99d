/**
 * Jest setup (setupFilesAfterEnv): the IAM catalogue and event map load asynchronously (see
 * src/mapping/data.ts); the pipeline awaits them, and so does every test file, here.
 */
import { loadMappingData } from '../../src/mapping/data.js';

await loadMappingData();
