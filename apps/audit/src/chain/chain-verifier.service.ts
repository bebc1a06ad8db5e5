import { Injectable } from '@nestjs/common';
import { verifyChain, type ChainBreak, type VerifyReport } from '@asc/audit-chain';
import type { AuditRecordedV1 } from '@asc/contracts/events';
import { AuditReader, type VerifiableRow } from './audit-reader';
import { CheckpointSigner } from './checkpoint-signer';
import { columnMismatch } from './record-columns';

export interface TenantVerifyReport extends VerifyReport {
  checkedAt: string;
  keyIds: string[];
}

/**
 * Verifies a tenant's stored chain with @asc/audit-chain, in one consistent snapshot, plus what only the database
 * knows: the indexed columns must agree with each record, and the chain must end exactly at the head the writer
 * recorded (rows beyond it were inserted behind the writer's back; a head beyond the last row means rows removed).
 */
@Injectable()
export class ChainVerifierService {
  constructor(
    private readonly reader: AuditReader,
    private readonly signer: CheckpointSigner,
  ) {}

  verify(tenantId: string): Promise<TenantVerifyReport> {
    return this.reader.inSnapshot(async (db) => {
      const head = await this.reader.head(tenantId, db);
      const checkpoints = await this.reader.checkpoints(tenantId, db);
      const headSeq = head?.seq ?? 0;
      let beyondHead: VerifiableRow | undefined;
      const source = this.reader.chainRows(tenantId, db);
      async function* upToHead(): AsyncGenerator<VerifiableRow> {
        for await (const row of source) {
          if (row.seq > headSeq) {
            beyondHead = row;
            return;
          }
          yield row;
        }
      }
      const report = await verifyChain({
        tenantId,
        rows: upToHead(),
        checkpoints,
        trustedKeys: this.signer.trustedKeys,
        checkRow: (row, record) => columnMismatch((row as VerifiableRow).columns, record as unknown as AuditRecordedV1),
      });
      const extra = report.intact ? headProblem(report, headSeq, head?.hash, beyondHead) : null;
      return {
        ...report,
        ...(extra ? { intact: false, firstBreak: extra } : {}),
        checkedAt: new Date().toISOString(),
        keyIds: [...this.signer.trustedKeys.keys()],
      };
    });
  }
}

function headProblem(report: VerifyReport, headSeq: number, headHash: string | undefined, beyond: VerifiableRow | undefined): ChainBreak | null {
  if (beyond) return { kind: 'inserted', seq: beyond.seq, id: beyond.id, reason: `record beyond the chain head (seq ${headSeq}) written outside the chain writer` };
  if (report.headSeq < headSeq) {
    return { kind: 'deleted', seq: report.headSeq + 1, id: null, reason: `the chain head is at seq ${headSeq} but the records end at seq ${report.headSeq}` };
  }
  if (headHash !== undefined && headSeq > 0 && headHash !== report.headHash) {
    const from = (report.checkpoints.lastVerifiedSeq ?? 0) + 1;
    return { kind: 'rewritten', seq: from, id: null, reason: `records ${from}..${headSeq} no longer hash to the head the writer recorded` };
  }
  return null;
}
