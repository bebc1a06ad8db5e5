import { z } from 'zod';

/** Shared field schemas for event contracts. Changing one changes every contract that uses it: add, never edit. */
export const eventIdSchema = z.uuidv7().describe('UUIDv7, time-ordered; consumers de-duplicate on it');
export const timestampSchema = z.iso.datetime().describe('RFC 3339 UTC timestamp, e.g. 2025-01-01T00:00:00.000Z');
export const tenantIdSchema = z.string().min(1).max(128).describe('Tenant id; the partition key');
/** W3C trace-id: 32 lower-case hex digits, not all zero. */
export const traceIdSchema = z.string().regex(/^(?!0{32})[0-9a-f]{32}$/, 'expected a W3C trace-id');
/** Exact decimal amount, never a float: `12`, `0.000375`, `-1.5`. */
export const decimalStringSchema = z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'expected a decimal string');
export const tokenCountSchema = z.int().nonnegative();

/** Tenant id used for platform-level changes that belong to no tenant (audit of global admin actions). */
export const PLATFORM_TENANT_ID = '_platform';
