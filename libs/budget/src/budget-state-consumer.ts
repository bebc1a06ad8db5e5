import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { budgetStateV1, decodeEvent } from '@asc/contracts/events';
import type { BudgetGate } from './budget-gate';

/**
 * Feeds a BudgetGate from metering's compacted `asc.budget.state.v1` topic. Every gateway process reads every
 * partition from the beginning (a fresh consumer group per process, nothing committed), so after start-up it holds
 * the latest state of every budget; a null value (tombstone) removes a budget. With a shared Redis store several
 * replicas apply the same records; that is harmless, records older than the stored `updatedAt` are ignored.
 */
export interface BudgetStateConsumerOptions {
  kafka: Kafka;
  gate: BudgetGate;
  /** Prefix of the per-process consumer group; default `asc-budget-state`. */
  groupPrefix?: string;
  /** Called after each record was applied (tests, metrics). */
  onApplied?: (stateKey: string, removed: boolean) => void;
  onError?: (error: unknown) => void;
}

export interface BudgetStateConsumer {
  readonly consumer: Consumer;
  stop(): Promise<void>;
}

export async function consumeBudgetStates(options: BudgetStateConsumerOptions): Promise<BudgetStateConsumer> {
  const consumer = options.kafka.consumer({ groupId: `${options.groupPrefix ?? 'asc-budget-state'}-${randomUUID()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic: budgetStateV1.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const stateKey = message.key?.toString('utf8') ?? '';
      try {
        if (message.value === null) {
          if (stateKey !== '') await options.gate.removeBudget(stateKey);
          options.onApplied?.(stateKey, true);
          return;
        }
        const decoded = decodeEvent(budgetStateV1, message.value);
        if (!decoded.ok) throw decoded.error;
        await options.gate.applyState(decoded.event);
        options.onApplied?.(stateKey, false);
      } catch (error) {
        // One bad record must not stop budget updates; the next state of the same budget supersedes it anyway.
        options.onError?.(error);
      }
    },
  });
  return {
    consumer,
    stop: () => consumer.disconnect(),
  };
}
