import type { Prisma, Organization as OrganizationRow, Tenant as TenantRow } from '../generated/prisma/client';
import { ConflictError } from '../errors';
import type { Organization, Tenant, TenantStatus } from '../types';
import { isUniqueViolation } from './prisma-errors';

type Db = Prisma.TransactionClient;

export interface NewTenant {
  slug: string;
  name: string;
  status: TenantStatus;
  allowedModels: string[];
  organizationId: string | null;
}

export class TenantRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewTenant): Promise<Tenant> {
    try {
      return toTenant(await this.db.tenant.create({ data: input }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A tenant with slug '${input.slug}' already exists.`);
      throw error;
    }
  }

  async update(id: string, patch: Partial<Pick<Tenant, 'name' | 'status' | 'allowedModels'>>): Promise<Tenant> {
    return toTenant(await this.db.tenant.update({ where: { id }, data: patch }));
  }

  async findById(id: string): Promise<Tenant | null> {
    const row = await this.db.tenant.findUnique({ where: { id } });
    return row ? toTenant(row) : null;
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    const row = await this.db.tenant.findUnique({ where: { slug } });
    return row ? toTenant(row) : null;
  }

  async list(): Promise<Tenant[]> {
    return (await this.db.tenant.findMany({ orderBy: { slug: 'asc' } })).map(toTenant);
  }
}

export class OrganizationRepository {
  constructor(private readonly db: Db) {}

  async create(input: { slug: string; name: string }): Promise<Organization> {
    try {
      return toOrganization(await this.db.organization.create({ data: input }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`An organization with slug '${input.slug}' already exists.`);
      throw error;
    }
  }

  async findById(id: string): Promise<Organization | null> {
    const row = await this.db.organization.findUnique({ where: { id } });
    return row ? toOrganization(row) : null;
  }

  async list(): Promise<Organization[]> {
    return (await this.db.organization.findMany({ orderBy: { slug: 'asc' } })).map(toOrganization);
  }
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    allowedModels: row.allowedModels,
    organizationId: row.organizationId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toOrganization(row: OrganizationRow): Organization {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
