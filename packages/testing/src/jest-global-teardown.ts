import { endTestRun } from './test-run';

/** The root jest config's `globalTeardown`. */
export default endTestRun;
