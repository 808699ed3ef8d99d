import { run } from './main.js';
import { keepYoungGenerationSmall } from './util/heap.js';

keepYoungGenerationSmall();
await run();
