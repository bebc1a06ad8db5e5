import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { createHmac } from 'node:crypto';
import { AuthenticationError, PermissionDeniedError } from '@asc/errors';
import { looksLikeVirtualKey } from '@asc/secrets';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import { SnapshotService } from '../config-snapshot/snapshot.service';
import { extractVirtualKey } from './extract-key';
import type { Principal } from './principal';

/**
 * Resolves a request's virtual key to its tenant from the in-memory snapshot: one HMAC and two map lookups,
 * no I/O. Only the keyed hash is compared, so the plaintext key is neither stored nor kept after the request.
 */
@Injectable()
export class AuthService {
  private readonly pepper: Buffer;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly snapshots: SnapshotService,
  ) {
    this.pepper = Buffer.from(config.ASC_KEY_HASH_SECRET, 'utf8');
  }

  authenticate(headers: IncomingHttpHeaders): Principal {
    const secret = extractVirtualKey(headers);
    if (secret === undefined) {
      throw new AuthenticationError('Missing API key: send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.');
    }
    if (!looksLikeVirtualKey(secret)) throw new AuthenticationError('Invalid API key.');
    const snapshot = this.snapshots.current;
    const hash = createHmac('sha256', this.pepper).update(secret, 'utf8').digest('hex');
    const key = snapshot.keysByHash.get(hash);
    if (key === undefined) throw new AuthenticationError('Invalid API key.');
    if (key.revoked) throw new AuthenticationError('This API key has been revoked.');
    if (key.expiresAtMs !== null && key.expiresAtMs <= Date.now()) throw new AuthenticationError('This API key has expired.');
    const tenant = snapshot.tenants.get(key.tenantId);
    const models = snapshot.modelsByTenant.get(key.tenantId);
    if (tenant === undefined || models === undefined) throw new AuthenticationError('Invalid API key.');
    if (!tenant.active) throw new PermissionDeniedError(`Tenant '${tenant.slug}' is suspended.`);
    return { keyId: key.keyId, keyPrefix: key.prefix, tenant, models };
  }
}
