/**
 * Fetch with long polling: answers at once when min_bytes are available (or max_wait_ms is 0), otherwise waits for
 * an append to any requested partition, re-checks, and answers when min_bytes are reached or max_wait_ms expires.
 * Record bytes are the stored batches, served by reference. Honours partition_max_bytes and max_bytes, always
 * returning at least one whole batch for the first non-empty partition (KIP-74).
 */
import { ApiHandler, BrokerContext } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeFetchRequest, FetchRequest } from '../protocol/fetch/request';
import { encodeFetchResponse, FetchPartitionResponse, FetchTopicResponse } from '../protocol/fetch/response';

interface Collected {
  readonly topics: FetchTopicResponse[];
  readonly bytes: number;
  readonly hasError: boolean;
}

function collect(broker: BrokerContext, req: FetchRequest): Collected {
  let budget = req.maxBytes > 0 ? req.maxBytes : Number.MAX_SAFE_INTEGER;
  let bytes = 0;
  let hasError = false;
  const topics = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p): FetchPartitionResponse => {
      const log = broker.logs.partition(t.topic, p.partition);
      if (!log) {
        hasError = true;
        return { partitionIndex: p.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code, highWatermark: -1, logStartOffset: -1, records: [] };
      }
      const base = { partitionIndex: p.partition, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset };
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        hasError = true;
        return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE.code, records: [] };
      }
      if (p.fetchOffset === log.highWatermark || budget <= 0) return { ...base, errorCode: 0, records: [] };
      const data = log.read(p.fetchOffset, Math.min(p.partitionMaxBytes, budget));
      if (!data) return { ...base, errorCode: 0, records: [] };
      budget -= data.length;
      bytes += data.length;
      return { ...base, errorCode: 0, records: [data] };
    }),
  }));
  return { topics, bytes, hasError };
}

export const handleFetch: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeFetchRequest(body, version);
  const first = collect(broker, req);
  if (first.bytes >= req.minBytes || first.hasError || req.maxWaitMs <= 0) {
    return encodeFetchResponse(new Encoder(), version, first.topics);
  }
  return new Promise<Encoder | null>((resolve) => {
    let done = false;
    let scheduled = false;
    const unsubscribers: Array<() => void> = [];
    const finish = (result: Collected | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const u of unsubscribers) u();
      resolve(result ? encodeFetchResponse(new Encoder(), version, result.topics) : null);
    };
    // Appends can come in bursts: re-check once per event-loop turn, outside the producer's append call.
    const recheck = (): void => {
      scheduled = false;
      if (done) return;
      const now = collect(broker, req);
      if (now.bytes >= req.minBytes || now.hasError) finish(now);
    };
    const wake = (): void => {
      if (!scheduled) {
        scheduled = true;
        setImmediate(recheck);
      }
    };
    for (const t of req.topics) {
      for (const p of t.partitions) {
        const log = broker.logs.partition(t.topic, p.partition);
        if (log) unsubscribers.push(log.onAppend(wake));
      }
    }
    unsubscribers.push(request.onClose(() => finish(null)));
    const timer = setTimeout(() => finish(collect(broker, req)), req.maxWaitMs);
  });
};
