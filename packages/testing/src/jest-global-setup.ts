import { beginTestRun } from './test-run';

/** The root jest config's `globalSetup`. */
export default beginTestRun;
