import type { Provider } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ReliableProducer, kafkaConfigFromEnv } from '@asc/kafka';
import { POLICY_CONFIG, type PolicyConfig } from '../policy-config';
import { DECISION_AUDIT, KafkaDecisionAudit, MemoryDecisionAudit, NoDecisionAudit, type DecisionAuditSink } from './decision-audit';

export const decisionAuditProvider: Provider<DecisionAuditSink> = {
  provide: DECISION_AUDIT,
  inject: [POLICY_CONFIG],
  useFactory: async (config: PolicyConfig): Promise<DecisionAuditSink> => {
    if (!config.ASC_POLICY_AUDIT_DECISIONS) return new NoDecisionAudit();
    if (!config.ASC_EVENTS_ENABLED || config.KAFKA_BROKERS.length === 0) return new MemoryDecisionAudit();
    const kafka = new Kafka({ ...kafkaConfigFromEnv({ ...config.kafkaEnv, KAFKA_CLIENT_ID: 'asc-policy' }), logLevel: logLevel.NOTHING });
    const producer = await ReliableProducer.start({
      kafka,
      spool: { dir: config.ASC_SPOOL_DIR, maxBytes: config.ASC_SPOOL_MAX_BYTES },
      onSpoolFull: config.ASC_SPOOL_FULL_POLICY,
      shedAudit: { serviceId: 'policy' },
    });
    return new KafkaDecisionAudit(producer);
  },
};
