/**
 * What request handlers share: the advertised address, the logs, the group coordinator and broker settings.
 * One per running broker; handlers run on the event loop one request at a time per connection.
 */
import { GroupCoordinator } from './groups/group-coordinator';
import { LogManager, Topic } from './log/log-manager';
import { ProducerIdAllocator } from './log/producer-ids';
import { BrokerLogger } from './logger';
import { RequestHeader } from './protocol/request-header';
import { Decoder } from './protocol/decoder';
import { Encoder } from './protocol/encoder';
import { topicNameProblem } from './log/topic-config';

export const NODE_ID = 0;

export interface BrokerContext {
  readonly clusterId: string;
  /** Advertised in Metadata and FindCoordinator; set once the listener is bound. */
  advertisedHost: string;
  advertisedPort: number;
  readonly logs: LogManager;
  readonly groups: GroupCoordinator;
  readonly producerIds: ProducerIdAllocator;
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  readonly logger: BrokerLogger;
}

export interface RequestContext {
  readonly header: RequestHeader;
  readonly clientHost: string;
  /** Registers a callback for when the client connection closes (to cancel long polls). */
  onClose(cb: () => void): () => void;
}

/** An encoded response body, null for "send nothing" (produce with acks=0). */
export type HandlerResult = Encoder | null | Promise<Encoder | null>;

export type ApiHandler = (broker: BrokerContext, request: RequestContext, body: Decoder) => HandlerResult;

/** The topic, auto-creating it when allowed; undefined if it does not exist (or its name is illegal). */
export function topicOrAutoCreate(broker: BrokerContext, name: string, allow: boolean): Topic | undefined {
  const existing = broker.logs.topics.get(name);
  if (existing || !allow || !broker.autoCreateTopics || topicNameProblem(name) !== null) return existing;
  broker.logger.info(`auto-creating topic ${name} with ${broker.defaultPartitions} partitions`);
  return broker.logs.create(name, broker.defaultPartitions, {});
}
