/** Who is calling the audit API, and so which tenants' trails it may read. */
export type Principal =
  | { type: 'admin' }
  | { type: 'tenant'; tenantId: string; keyId: string }
  | { type: 'auditor'; auditorId: string; tenantIds: ReadonlySet<string> };

export function mayRead(principal: Principal, tenantId: string): boolean {
  switch (principal.type) {
    case 'admin':
      return true;
    case 'tenant':
      return principal.tenantId === tenantId;
    case 'auditor':
      return principal.tenantIds.has(tenantId);
  }
}
