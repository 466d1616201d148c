import { ScrollRegion } from '../../components/ScrollRegion';
import { useCallback, useEffect, useState } from 'react';
import { authorizationHeader } from '../../auth/session';
// The gateway's own description of the summary: one definition for both ends.
import type { OpsSummary } from '@stockgraph/domain';
import { ErrorNote } from '../../components/ErrorNote';

const POLL_MS = 5_000;

/** Reads the gateway's operations summary (`GET /ops/summary`, ops only) now and every few seconds. */
function useOpsSummary() {
  const [summary, setSummary] = useState<OpsSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const authorization = await authorizationHeader();
    try {
      const response = await fetch('/ops/summary', { headers: authorization ? { authorization } : {} });
      if (!response.ok) {
        setProblem(
          response.status === 401 || response.status === 403
            ? 'Sign in as operations staff to see the summary.'
            : `The summary is unavailable (HTTP ${response.status}).`,
        );
        return;
      }
      setSummary((await response.json()) as OpsSummary);
      setProblem(null);
    } catch {
      setProblem('The gateway could not be reached.');
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  return { summary, problem, reload: load };
}

/** Dead letters, consumer lag, and the checkout circuit with inventory's call rate. */
export function OpsHealth() {
  const { summary, problem, reload } = useOpsSummary();
  return (
    <section aria-labelledby="health" className="panel panel--wide">
      <h2 id="health">Pipeline and checkout</h2>
      <button type="button" className="button button--secondary" onClick={() => void reload()}>
        Refresh
      </button>
      <ErrorNote message={problem} />
      {summary ? (
        <>
          <p>
            Checkout circuit: <strong data-testid="circuit">{summary.checkout.circuit}</strong>; inventory calls{' '}
            {summary.checkout.inventoryCallsPerSecond === null
              ? '—'
              : `${summary.checkout.inventoryCallsPerSecond.toFixed(1)}/s`}{' '}
            (
            {summary.checkout.inventoryCalls.map((calls) => `${calls.outcome} ${calls.total}`).join(', ') || 'none yet'}
            ).
          </p>
          {summary.services.some((service) => !service.reachable) ? (
            <p className="warning" role="status">
              Not answering:{' '}
              {summary.services
                .filter((service) => !service.reachable)
                .map((service) => `${service.service} (${service.error ?? 'no answer'})`)
                .join(', ')}
            </p>
          ) : null}
          <h3>Dead letters per service</h3>
          <ScrollRegion label="Dead letters per service">
            <table className="table" data-testid="dead-letters">
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Service</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {summary.deadLetters.map((row) => (
                  <tr key={`${row.service}-${row.topic}-${row.reason}`}>
                    <th scope="row">{row.topic}</th>
                    <td>{row.reason}</td>
                    <td>{row.service}</td>
                    <td>{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {summary.deadLetters.length === 0 ? <p>No dead letters since the services started.</p> : null}
          <h3>Consumer lag</h3>
          <ScrollRegion label="Consumer lag">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Consumer</th>
                  <th scope="col">Topic / partition</th>
                  <th scope="col">Behind</th>
                </tr>
              </thead>
              <tbody>
                {summary.consumerLag.map((row) => (
                  <tr key={`${row.service}-${row.consumer}-${row.topic}-${row.partition}`}>
                    <th scope="row">
                      {row.service}/{row.consumer}
                    </th>
                    <td>
                      {row.topic}/{row.partition}
                    </td>
                    <td>{row.lag}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="muted">As of {new Date(summary.sampledAt).toLocaleTimeString()}.</p>
        </>
      ) : null}
    </section>
  );
}
