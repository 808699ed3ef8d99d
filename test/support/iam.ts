/**
 * The IAM knowledge for tests: loaded once per test file, as the edge loads it for a run
 * (`loadIamKnowledge`), and handed to the stages the tests call.
 */
import { loadIamKnowledge } from '../../src/mapping/knowledge.js';

export const knowledge = await loadIamKnowledge();
export const catalogue = knowledge.catalogue;
