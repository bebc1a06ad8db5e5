import type { TenantEntry, TenantModels } from '../config-snapshot/snapshot';

/** Who is calling: resolved from the virtual key, once per request, from memory. */
export interface Principal {
  keyId: string;
  keyPrefix: string;
  tenant: TenantEntry;
  models: TenantModels;
}
