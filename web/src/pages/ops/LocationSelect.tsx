/** A labelled choice of one location by name; `all` adds a first option for every location (value ''). */
export function LocationSelect({
  label,
  value,
  locations,
  onChange,
  all,
}: {
  label: string;
  value: string;
  locations: ReadonlyArray<{ id: string; name: string }>;
  onChange: (locationId: string) => void;
  all?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {all !== undefined ? <option value="">{all}</option> : null}
        {locations.map((location) => (
          <option key={location.id} value={location.id}>
            {location.name}
          </option>
        ))}
      </select>
    </label>
  );
}
