import { useQuery } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { authorizationHeader } from '../../auth/session';
import { ErrorNote } from '../../components/ErrorNote';
import { graphql } from '../../gql';
import { LocationSelect } from './LocationSelect';

const ExportLocationsDocument = graphql(`
  query OpsExportLocations {
    locations {
      id
      name
    }
  }
`);

/** A `datetime-local` value (the browser's local time) as an ISO 8601 instant; '' stays absent. */
const instant = (local: string) => (local ? new Date(local).toISOString() : null);

/**
 * Downloads the stock ledger of a location (or all) over a time range as CSV or NDJSON,
 * through the gateway's `/ops/ledger-export`, streamed by the server.
 */
export function LedgerExport() {
  const locations = useQuery(ExportLocationsDocument).data?.locations ?? [];
  const [locationId, setLocationId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<'csv' | 'ndjson'>('csv');
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setStatus(null);
    setBusy(true);
    try {
      const params = new URLSearchParams({ format });
      if (locationId) params.set('locationId', locationId);
      const since = instant(from);
      const until = instant(to);
      if (since) params.set('from', since);
      if (until) params.set('to', until);
      const authorization = await authorizationHeader();
      const response = await fetch(`/ops/ledger-export?${params.toString()}`, {
        headers: authorization ? { authorization } : {},
      });
      if (!response.ok) {
        const refusal = (await response.json().catch(() => null)) as { error?: string } | null;
        setProblem(`The export was refused: ${refusal?.error ?? `HTTP ${response.status}`}.`);
        return;
      }
      const blob = await response.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `ledger-${locationId || 'all'}.${format}`;
      link.click();
      URL.revokeObjectURL(link.href);
      setStatus(`Downloaded ${link.download} (${blob.size.toLocaleString()} bytes).`);
    } catch {
      setProblem('The gateway could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="ledger-export" className="panel">
      <h2 id="ledger-export">Export the ledger</h2>
      <form onSubmit={(event) => void download(event)} className="form">
        <LocationSelect
          label="Location to export"
          value={locationId}
          locations={locations}
          onChange={setLocationId}
          all="All locations"
        />
        <label className="field">
          <span>From (empty: a year ago)</span>
          <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="field">
          <span>To (empty: now)</span>
          <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <fieldset className="field">
          <legend>Format</legend>
          <label>
            <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV
          </label>
          <label>
            <input type="radio" name="format" checked={format === 'ndjson'} onChange={() => setFormat('ndjson')} />{' '}
            NDJSON
          </label>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Exporting…' : 'Download'}
        </button>
      </form>
      <ErrorNote message={problem} />
      <p role="status">{status}</p>
    </section>
  );
}
