import type { Provider } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { MeteringConfig } from '@asc/config';
import { kafkaConfigFromEnv } from '@asc/kafka';
import { METERING_CONFIG } from '../metering-config.token';

export const KAFKA = Symbol('KAFKA');

export const kafkaProvider: Provider<Kafka> = {
  provide: KAFKA,
  inject: [METERING_CONFIG],
  useFactory: (config: MeteringConfig) =>
    new Kafka({ ...kafkaConfigFromEnv({ KAFKA_CLIENT_ID: 'asc-metering', ...config.kafkaEnv }), logLevel: logLevel.NOTHING }),
};
