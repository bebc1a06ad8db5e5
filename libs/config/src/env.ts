import { z } from 'zod';

/**
 * Environment parsing shared by every service: read once at startup into a typed object, and when anything is
 * wrong stop with the full list of bad variables (not just the first one).
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(problems);
}

/** Common coercions: env vars are strings or absent. */
export const envInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `expected an integer, got '${v}'` });
        return z.NEVER;
      }
      return n;
    });

export const envBool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
      ctx.addIssue({ code: 'custom', message: `expected a boolean, got '${v}'` });
      return z.NEVER;
    });

export const envList = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

/** A secret of at least `minBytes` bytes once base64-decoded (or that many characters of text). */
export const envSecret = (minLength: number) =>
  z.string({ error: 'is required' }).min(minLength, { error: `must be at least ${minLength} characters` });
