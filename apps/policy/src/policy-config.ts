export type { PolicyConfig } from '@asc/config';

/** Injection token of the typed configuration (read once in main.ts). */
export const POLICY_CONFIG = Symbol('POLICY_CONFIG');
