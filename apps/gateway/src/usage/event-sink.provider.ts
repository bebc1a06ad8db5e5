import type { Provider } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ReliableProducer, kafkaConfigFromEnv } from '@asc/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import { EVENT_SINK, MemoryEventSink, type EventSink } from './event-sink';
import { KafkaEventSink } from './kafka-event-sink';

/**
 * ASC_EVENT_SHIPPER=external: the gateway only validates and spools; the spool shipper process (a sidecar, or a
 * child of `npm start`) on the same ASC_SPOOL_DIR sends to Kafka, so kafkajs never runs on the gateway's CPU.
 * `in-process` (default): the producer's own sender loop ships from this process.
 */
export const eventSinkProvider: Provider<EventSink> = {
  provide: EVENT_SINK,
  inject: [GATEWAY_CONFIG],
  useFactory: async (config: GatewayConfig): Promise<EventSink> => {
    if (!config.ASC_EVENTS_ENABLED || config.KAFKA_BROKERS.length === 0) return new MemoryEventSink();
    const common = {
      spool: { dir: config.ASC_SPOOL_DIR, maxBytes: config.ASC_SPOOL_MAX_BYTES },
      onSpoolFull: config.ASC_SPOOL_FULL_POLICY,
      shedAudit: { serviceId: 'gateway' },
    };
    if (config.ASC_EVENT_SHIPPER === 'external') return new KafkaEventSink(await ReliableProducer.start({ ...common, sender: 'external' }));
    const kafka = new Kafka({ ...kafkaConfigFromEnv({ ...config.kafkaEnv, KAFKA_CLIENT_ID: 'asc-gateway' }), logLevel: logLevel.NOTHING });
    return new KafkaEventSink(await ReliableProducer.start({ ...common, kafka }));
  },
};
