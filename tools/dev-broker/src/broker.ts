/**
 * startBroker: opens the data directory, binds the listener and wires logs, groups and handlers together.
 * The advertised address (Metadata, FindCoordinator) is the bound host and the actual port, so port 0 works.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerContext } from './broker-context';
import { GroupCoordinator } from './groups/group-coordinator';
import { OffsetStore } from './groups/offset-store';
import { LogManager } from './log/log-manager';
import { ProducerIdAllocator } from './log/producer-ids';
import { BrokerLogger, stderrLogger } from './logger';
import { BrokerServer } from './server';

export interface BrokerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Default 9092; 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** Partitions of auto-created topics and of CreateTopics with num_partitions -1; default 3. */
  defaultPartitions?: number;
  /** Create unknown topics on Metadata (when the client allows it) and Produce; default true. */
  autoCreateTopics?: boolean;
  logger?: BrokerLogger;
  /** Host to advertise when binding to a wildcard address; default: the bound host, or 127.0.0.1 for 0.0.0.0/::. */
  advertisedHost?: string;
  /** Segment file size before rolling; default 64 MiB. */
  segmentBytes?: number;
  /** fdatasync dirty segments every N ms; 0 (default) leaves flushing to the OS. */
  fsyncIntervalMs?: number;
  /** group.min.session.timeout.ms; default 6000 as in Kafka. */
  groupMinSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms; default 1800000 as in Kafka. */
  groupMaxSessionTimeoutMs?: number;
  /** group.initial.rebalance.delay.ms; default 0 (Kafka's default is 3000, which only slows development down). */
  groupInitialRebalanceDelayMs?: number;
}

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  /** "host:port", ready for a client's broker list. */
  readonly brokers: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

function clusterIdFor(dataDir: string): string {
  const path = join(dataDir, 'cluster-id');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
  writeFileSync(path, id);
  return id;
}

export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const logger = options.logger ?? stderrLogger;
  const logs = new LogManager({
    dataDir,
    segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
    fsyncIntervalMs: options.fsyncIntervalMs ?? 0,
    retentionCheckIntervalMs: 60_000,
  });
  const groups = new GroupCoordinator(new OffsetStore(dataDir), {
    minSessionTimeoutMs: options.groupMinSessionTimeoutMs ?? 6000,
    maxSessionTimeoutMs: options.groupMaxSessionTimeoutMs ?? 1_800_000,
    initialRebalanceDelayMs: options.groupInitialRebalanceDelayMs ?? 0,
    tickIntervalMs: 100,
  });
  const wildcard = host === '0.0.0.0' || host === '::';
  const broker: BrokerContext = {
    clusterId: clusterIdFor(dataDir),
    advertisedHost: options.advertisedHost ?? (wildcard ? '127.0.0.1' : host),
    advertisedPort: 0,
    logs,
    groups,
    producerIds: new ProducerIdAllocator(dataDir, logs.maxProducerId()),
    defaultPartitions: options.defaultPartitions ?? 3,
    autoCreateTopics: options.autoCreateTopics ?? true,
    logger,
  };
  const server = new BrokerServer(broker);
  let port: number;
  try {
    port = await server.listen(host, options.port ?? 9092);
  } catch (err) {
    groups.close();
    logs.close();
    throw err;
  }
  broker.advertisedPort = port;
  let closing: Promise<void> | null = null;
  return {
    host: broker.advertisedHost,
    port,
    brokers: `${broker.advertisedHost}:${port}`,
    dataDir,
    close: () => {
      closing ??= server.close().then(() => {
        groups.close();
        logs.close();
      });
      return closing;
    },
  };
}
