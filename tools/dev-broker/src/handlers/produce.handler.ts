/**
 * Produce: validates each partition's record batches (bounds, magic v2, CRC), checks idempotent-producer sequences
 * and appends the batches as received (base offsets patched in place). The response is sent after the write
 * returned, i.e. the data is in the OS page cache (acks 1 and -1 are the same on a single node); acks=0 gets no
 * response at all, as the protocol requires. A batch larger than the topic's max.message.bytes (Kafka's default
 * 1048588) is refused with MESSAGE_TOO_LARGE, as a real broker would, so oversized sends fail here and not first
 * in production.
 */
import { ApiHandler, topicOrAutoCreate } from '../broker-context';
import { splitBatches } from '../log/record-batch';
import { numericConfig } from '../log/topic-config';
import { Encoder } from '../protocol/encoder';
import { ErrorCode, ErrorCodeName } from '../protocol/error-codes';
import { decodeProduceRequest } from '../protocol/produce/request';
import { encodeProduceResponse, ProducePartitionResponse, ProduceTopicResponse } from '../protocol/produce/response';

/** Kafka's message.max.bytes default: 1 MiB plus the record batch overhead. */
const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

export const handleProduce: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeProduceRequest(body, version);
  let requestError: ErrorCodeName | null = null;
  if (req.acks !== 0 && req.acks !== 1 && req.acks !== -1) requestError = 'INVALID_REQUIRED_ACKS';
  if (req.transactionalId !== null) requestError = 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED';

  const results: ProduceTopicResponse[] = req.topics.map((t) => {
    const topic = requestError ? undefined : topicOrAutoCreate(broker, t.name, true);
    const partitions = t.partitions.map((p): ProducePartitionResponse => {
      const fail = (name: ErrorCodeName): ProducePartitionResponse => ({
        index: p.index,
        errorCode: ErrorCode[name].code,
        baseOffset: -1,
        logStartOffset: -1,
      });
      if (requestError) return fail(requestError);
      const log = topic?.partitions[p.index];
      if (!log) return fail('UNKNOWN_TOPIC_OR_PARTITION');
      if (p.records === null || p.records.length === 0) return fail('CORRUPT_MESSAGE');
      const batches = splitBatches(p.records);
      if (batches === 'TRANSACTIONAL') return fail('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
      if (typeof batches === 'string') return fail(batches);
      const maxBytes = numericConfig(topic.configs, 'max.message.bytes', DEFAULT_MAX_MESSAGE_BYTES);
      if (batches.some((b) => b.size > maxBytes)) return fail('MESSAGE_TOO_LARGE');
      const appended = log.append(p.records, batches);
      if (!appended.ok) return fail(appended.error);
      return { index: p.index, errorCode: 0, baseOffset: appended.baseOffset, logStartOffset: log.logStartOffset };
    });
    return { name: t.name, partitions };
  });
  if (req.acks === 0) return null;
  return encodeProduceResponse(new Encoder(), version, results);
};
