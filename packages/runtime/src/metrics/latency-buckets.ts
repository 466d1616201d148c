/**
 * Bucket bounds, in seconds, of every latency histogram: fine from half a millisecond (a
 * local hop) and on to a minute, so a stall under load reads as its size instead of "past
 * the top bucket". 0.1 and 0.2 are there because seed 002 targets sync under 100 ms and
 * alerts past 200 ms.
 */
export const LATENCY_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
