import type { Message, TopicMessages } from 'kafkajs';
import { DERIVED_RECORD_KINDS, auditRecordedV1, DLQ_HEADERS, EventValidationError, dlqTopicName, eventHeaders, traceContextFrom, validateEvent, type DerivedRecordKind } from '@asc/contracts/events';
import type { SpooledRecord } from '../spool/record-frame';

/**
 * Spool records -> Kafka messages grouped by topic. A plain record goes out as its spooled bytes. A derived record
 * (DerivedRecordKind) becomes its contract events, validated here: an event that fails validation goes to its
 * topic's dead-letter topic with the error, like a consumer would route it, so nothing accepted is silently lost.
 */
export function toTopicMessages(records: readonly SpooledRecord[]): TopicMessages[] {
  // Usually two topics: a linear scan beats a Map.
  const topicMessages: TopicMessages[] = [];
  const push = (topic: string, message: Message): void => {
    let entry = topicMessages.find((t) => t.topic === topic);
    if (!entry) topicMessages.push((entry = { topic, messages: [] }));
    entry.messages.push(message);
  };
  for (const r of records) {
    const kind = DERIVED_RECORD_KINDS.get(r.topic);
    if (kind) deriveInto(kind, r, push);
    else push(r.topic, { key: r.key, value: r.value, headers: r.headers });
  }
  return topicMessages;
}

function deriveInto(kind: DerivedRecordKind<never>, spooled: SpooledRecord, push: (topic: string, message: Message) => void): void {
  const trace = traceContextFrom(spooled.headers);
  let derived;
  try {
    derived = kind.derive(JSON.parse(spooled.value.toString('utf8')) as never);
  } catch (error) {
    // Unreadable record (a bug, not a torn write: frames are CRC-checked). Keep its bytes where an operator looks.
    // The audit trail's dead-letter topic: records that could not be derived at all are an audit concern.
    const dlq = dlqTopicName(auditRecordedV1.topic);
    push(dlq, { key: spooled.key, value: spooled.value, headers: { ...spooled.headers, [DLQ_HEADERS.error]: `underivable ${kind.spoolTopic} record: ${(error as Error).message}`.slice(0, 4096), [DLQ_HEADERS.originalTopic]: kind.spoolTopic } });
    return;
  }
  for (const { contract, event } of derived) {
    const headers = eventHeaders(contract, trace);
    try {
      const valid = validateEvent(contract, event as never);
      push(contract.topic, { key: contract.key(valid), value: JSON.stringify(valid), headers });
    } catch (error) {
      if (!EventValidationError.is(error)) throw error;
      push(dlqTopicName(contract.topic), { key: spooled.key, value: JSON.stringify(event), headers: { ...headers, [DLQ_HEADERS.error]: error.message.slice(0, 4096), [DLQ_HEADERS.originalTopic]: contract.topic } });
    }
  }
}
