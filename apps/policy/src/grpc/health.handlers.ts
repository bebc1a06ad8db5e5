import { status } from '@grpc/grpc-js';
import type { HealthCheckResponse, HealthHandlers } from '@asc/contracts/policy';
import type { PolicySnapshotService } from '../snapshot/policy-snapshot.service';

/** The services this server reports on; '' is the server as a whole (grpc.health.v1 convention). */
export const HEALTH_SERVICES = ['', 'asc.policy.v1.PolicyService', 'envoy.service.auth.v3.Authorization'];

/** grpc.health.v1.Health: SERVING once the first policy snapshot is loaded (decisions are possible). */
export function healthHandlers(snapshots: PolicySnapshotService, isShuttingDown: () => boolean): HealthHandlers {
  const statusOf = (): HealthCheckResponse => ({ status: snapshots.ready && !isShuttingDown() ? 'SERVING' : 'NOT_SERVING' });
  return {
    Check(call, callback) {
      if (!HEALTH_SERVICES.includes(call.request.service)) {
        callback({ code: status.NOT_FOUND, details: `Unknown service '${call.request.service}'.` });
        return;
      }
      callback(null, statusOf());
    },
    Watch(call) {
      if (!HEALTH_SERVICES.includes(call.request.service)) {
        call.write({ status: 'SERVICE_UNKNOWN' });
        return;
      }
      let last = statusOf().status;
      call.write({ status: last });
      const timer = setInterval(() => {
        const next = statusOf().status;
        if (next !== last) call.write({ status: (last = next) });
      }, 1000);
      const end = () => clearInterval(timer);
      call.on('cancelled', end);
      call.on('close', end);
    },
  };
}
