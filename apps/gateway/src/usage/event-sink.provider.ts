import type { Provider } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ReliableProducer, kafkaConfigFromEnv } from '@asc/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import { EVENT_SINK, MemoryEventSink, type EventSink } from './event-sink';
import { KafkaEventSink } from './kafka-event-sink';

export const eventSinkProvider: Provider<EventSink> = {
  provide: EVENT_SINK,
  inject: [GATEWAY_CONFIG],
  useFactory: async (config: GatewayConfig): Promise<EventSink> => {
    if (!config.ASC_EVENTS_ENABLED || config.KAFKA_BROKERS.length === 0) return new MemoryEventSink();
    const kafka = new Kafka({ ...kafkaConfigFromEnv({ ...config.kafkaEnv, KAFKA_CLIENT_ID: 'asc-gateway' }), logLevel: logLevel.NOTHING });
    const producer = await ReliableProducer.start({
      kafka,
      spool: { dir: config.ASC_SPOOL_DIR, maxBytes: config.ASC_SPOOL_MAX_BYTES },
      onSpoolFull: config.ASC_SPOOL_FULL_POLICY,
      shedAudit: { serviceId: 'gateway' },
    });
    return new KafkaEventSink(producer);
  },
};
