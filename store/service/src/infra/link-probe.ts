/**
 * Whether the centre answers now: its gateway's `/health/live`, within `timeoutMs`. A link
 * that refuses fails at once; one that swallows packets fails at the deadline.
 */
export async function centreAnswers(healthUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
