export { type AuditConfig } from '@asc/config';
/** Injection token for the typed configuration read once at startup. */
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
