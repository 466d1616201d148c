/** `--name value` pairs of a command line, with defaults; unknown names are an error a person can read. */
export function parseArgs<T extends Record<string, string | number>>(argv: string[], defaults: T): T {
  const out: Record<string, string | number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new Error(
        `unexpected argument "${arg}"; options are ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    const name = arg.slice(2);
    if (!(name in defaults))
      throw new Error(
        `unknown option --${name}; options are ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    const value = argv[(i += 1)];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (typeof defaults[name] === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of at least 0, got "${value}"`);
      out[name] = n;
    } else out[name] = value;
  }
  return out as T;
}
