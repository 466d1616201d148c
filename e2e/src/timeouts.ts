/**
 * Time limits of e2e tests and hooks, sized for a loaded machine (both cores busy with
 * other work). A limit only ends a hung test; it never judges speed (tests never time
 * things), so it is generous. Every e2e test and hook names one explicitly: jest's own
 * default is 5 s, and a `testTimeout` in a project's config is ignored when jest runs
 * several projects (jestjs/jest#9759), which is how `npm test` runs them.
 */
export const TIMEOUT = {
  /** Starting a stack: four processes, migrations, consumer groups joining. */
  startStack: 180_000,
  /** Stopping one: each process drains and exits. */
  stopStack: 60_000,
  /** A scenario of a few requests and waits. */
  test: 60_000,
  /** A scenario that restarts services, drives hundreds of requests, or drives a browser (each page step may wait UI_WAIT_MS). */
  longTest: 180_000,
} as const;
