import { z } from 'zod';
import { parseCallerLimits } from '../server/caller-budget';

/** Raised at start-up with one line per bad setting, so an operator can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads settings from the environment through a zod object whose keys are the variable
 * names. Every problem is reported with the variable, its value and what was expected.
 */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: Env): z.output<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(pick(env, Object.keys(shape)));
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = env[name];
      return `${name}${value === undefined ? '' : `=${JSON.stringify(value)}`}: ${issue.message}`;
    }),
  );
}

function pick(env: Env, keys: string[]): Env {
  const out: Env = {};
  for (const key of keys) out[key] = env[key] === '' ? undefined : env[key];
  return out;
}

/** Parsers for environment variables; each fails with a message that says what is allowed. */
export const envVar = {
  int(fallback: number, min: number, max: number) {
    return z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
          return z.NEVER;
        }
        return n;
      });
  },
  /** A TCP port; 0 asks the OS for any free one. */
  port(fallback: number) {
    return envVar.int(fallback, 0, 65535);
  },
  bool(fallback: boolean) {
    return z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        if (/^(true|1|yes)$/i.test(raw)) return true;
        if (/^(false|0|no)$/i.test(raw)) return false;
        ctx.addIssue({ code: 'custom', message: 'must be true or false' });
        return z.NEVER;
      });
  },
  oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
    return z
      .string()
      .optional()
      .transform((raw, ctx): T[number] => {
        if (raw === undefined) return fallback;
        if ((values as readonly string[]).includes(raw)) return raw;
        ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
        return z.NEVER;
      });
  },
  httpUrl(fallback: string) {
    return z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const value = raw ?? fallback;
        try {
          const url = new URL(value);
          if (url.protocol === 'http:' || url.protocol === 'https:') return value;
        } catch {
          // fall through to the issue below
        }
        ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL such as http://127.0.0.1:4002/graphql' });
        return z.NEVER;
      });
  },
  /** An optional http(s) URL: unset or empty means none. */
  optionalHttpUrl() {
    return z
      .string()
      .optional()
      .refine((raw) => raw === undefined || /^https?:\/\/[^/\s]+/.test(raw), {
        message: 'must be an http(s) URL such as http://127.0.0.1:9411',
      });
  },
  text(fallback: string) {
    return z
      .string()
      .optional()
      .transform((raw) => raw ?? fallback);
  },
  optionalText() {
    return z.string().optional();
  },
  /** An optional `redis://` or `rediss://` URL; unset means each instance keeps its own state. */
  optionalRedisUrl() {
    return z
      .string()
      .optional()
      .refine((raw) => raw === undefined || /^rediss?:\/\//.test(raw), {
        message: 'must be redis://[user:password@]host:port[/db]',
      });
  },
  /** An optional secret: unset or empty means none; otherwise at least `minLength` characters, so a guessable one is refused at start-up. */
  optionalSecret(minLength: number) {
    return z
      .string()
      .optional()
      .refine((raw) => raw === undefined || raw.length >= minLength, {
        message: `must be at least ${minLength} characters`,
      });
  },
  /** Per-caller budgets, `name:limit[,name:limit…]` (see parseCallerLimits); one issue per bad entry. */
  callerLimits(fallback: string) {
    return z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const { limits, problems } = parseCallerLimits(raw ?? fallback);
        for (const message of problems) ctx.addIssue({ code: 'custom', message });
        return problems.length > 0 ? z.NEVER : limits;
      });
  },
};
