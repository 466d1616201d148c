import { TestEnvironment } from 'jest-environment-node';
import { StackPool } from './stack-pool';
import { SHARED_STACKS } from './shared-stacks';

/**
 * e2e's jest environment: Node's, plus the worker's stack pool. jest builds an environment per
 * test file but loads this module once per worker, so the one pool below outlives every file
 * and hands each the stacks the files before it started.
 */
const pool = new StackPool();

export default class SharedStacksEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    this.global[SHARED_STACKS] = pool;
  }
}
