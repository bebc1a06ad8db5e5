import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { decodeOffsetFetchRequest } from '../protocol/offset-fetch/request';
import { encodeOffsetFetchResponse, OffsetFetchTopicResult } from '../protocol/offset-fetch/response';

export const handleOffsetFetch: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeOffsetFetchRequest(body, version);
  const store = broker.groups.offsets;
  let topics: OffsetFetchTopicResult[];
  if (req.topics === null) {
    const byTopic = new Map<string, OffsetFetchTopicResult['partitions'][number][]>();
    for (const e of store.list(req.groupId)) {
      const list = byTopic.get(e.topic) ?? [];
      list.push({ partitionIndex: e.partition, committedOffset: e.offset, metadata: e.metadata ?? '', errorCode: 0 });
      byTopic.set(e.topic, list);
    }
    topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  } else {
    topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const c = store.get(req.groupId, t.name, partitionIndex);
        return { partitionIndex, committedOffset: c?.offset ?? -1, metadata: c ? (c.metadata ?? '') : '', errorCode: 0 };
      }),
    }));
  }
  return encodeOffsetFetchResponse(new Encoder(), version, topics, 0);
};
