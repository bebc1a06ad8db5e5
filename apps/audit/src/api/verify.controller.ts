import { Controller, Get, Param } from '@nestjs/common';
import { AuditReader } from '../chain/audit-reader';
import { ChainVerifierService } from '../chain/chain-verifier.service';
import { CheckpointSigner } from '../chain/checkpoint-signer';
import { CurrentPrincipal, Public } from '../auth/audit-auth.guard';
import type { Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';

/** Chain verification, the signed checkpoints, and the public key anyone can check them with. */
@Controller('audit/v1')
export class VerifyController {
  constructor(
    private readonly verifier: ChainVerifierService,
    private readonly reader: AuditReader,
    private readonly signer: CheckpointSigner,
    private readonly access: TenantAccess,
  ) {}

  /** 200 with `intact: false` and `firstBreak` when tampering is found: the check itself succeeded. */
  @Get('tenants/:tenant/verify')
  verify(@CurrentPrincipal() principal: Principal, @Param('tenant') tenant: string) {
    return this.verifier.verify(this.access.resolve(principal, tenant));
  }

  @Get('tenants/:tenant/checkpoints')
  async checkpoints(@CurrentPrincipal() principal: Principal, @Param('tenant') tenant: string) {
    const tenantId = this.access.resolve(principal, tenant);
    return { tenantId, checkpoints: await this.reader.checkpoints(tenantId) };
  }

  @Public()
  @Get('public-key')
  publicKey() {
    const key = this.signer.publicKey;
    return {
      algorithm: 'Ed25519',
      keyId: key.keyId,
      publicKeyPem: key.pem,
      publicKeyBase64: key.rawBase64,
      trusted: [...this.signer.trustedKeys.values()].map((k) => ({ keyId: k.keyId, publicKeyBase64: k.rawBase64 })),
    };
  }
}
