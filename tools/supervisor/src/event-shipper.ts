import { join } from 'node:path';
import { ServiceProcess } from './child-process';

/**
 * The gateway's event spool shipper (libs/kafka/dist/shipper-main.js) as a child of `npm start`, on the gateway's
 * ASC_SPOOL_DIR: the gateway then only spools its events (ASC_EVENT_SHIPPER=external) and Kafka encoding runs in
 * this process, as the sidecar does in Kubernetes. `ASC_EVENT_SHIPPER=in-process` in the environment opts out.
 * Start it before the gateway: children stop in reverse order, so it outlives the gateway and ships what the
 * gateway wrote last (bounded drain, under the supervisor's 10 s SIGKILL).
 */
export function startEventShipper(args: {
  root: string;
  spoolDir: string;
  /** Environment with KAFKA_BROKERS (and any other KAFKA_* settings). */
  env: NodeJS.ProcessEnv;
  children: ServiceProcess[];
  services: string[];
  onUnexpectedExit: (name: string, code: number | null) => void;
}): 'external' | 'in-process' {
  if (args.env.ASC_EVENT_SHIPPER === 'in-process') return 'in-process';
  const shipper = new ServiceProcess(
    'shipper',
    join(args.root, 'libs/kafka/dist/shipper-main.js'),
    { ...args.env, KAFKA_CLIENT_ID: 'asc-gateway-shipper' },
    args.onUnexpectedExit,
    ['--spool-dir', args.spoolDir, '--drain-timeout-ms', '8000', '--stats-interval-ms', '300000'],
  );
  args.children.push(shipper);
  shipper.start();
  args.services.push(`event spool shipper (${args.spoolDir})`);
  return 'external';
}
