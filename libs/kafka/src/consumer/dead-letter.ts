import type { KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS, dlqTopicName, type EventValidationError } from '@asc/contracts/events';

/**
 * Dead-letter record: the original key, value and headers, plus `dlq-*` headers naming the error and the original
 * position, on `<topic>.dlq`. The original bytes are kept as is so an operator can fix and replay them.
 */
export async function sendToDeadLetter(
  producer: Producer,
  origin: { topic: string; partition: number; groupId: string },
  message: KafkaMessage,
  error: EventValidationError,
): Promise<void> {
  await producer.send({
    topic: dlqTopicName(origin.topic),
    acks: -1,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [DLQ_HEADERS.error]: error.message.slice(0, 4096),
          [DLQ_HEADERS.originalTopic]: origin.topic,
          [DLQ_HEADERS.originalPartition]: String(origin.partition),
          [DLQ_HEADERS.originalOffset]: message.offset,
          [DLQ_HEADERS.consumerGroup]: origin.groupId,
        },
      },
    ],
  });
}
