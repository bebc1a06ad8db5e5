/**
 * The wire protocol at byte level: ApiVersions as librdkafka sends it (v3, flexible) and as a too-new client sends
 * it, idempotent-producer duplicate/out-of-order handling with batches encoded by kafkajs's own protocol code, and
 * Fetch long-poll timing (max_wait_ms / min_bytes).
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunningBroker, SUPPORTED_VERSIONS } from '../src';
import { Decoder } from '../src/protocol/decoder';
import { Encoder } from '../src/protocol/encoder';
import { RawClient } from './support/raw-client';
import { removeDir, startTestBroker, tempDataDir } from './support/broker-fixture';

const require = createRequire(import.meta.url);
interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<unknown>;
}
type EncodeFrame = (args: { correlationId: number; clientId: string; request: KafkajsRequest }) => Promise<{ buffer: Buffer }>;
const encodeKafkajsFrame = require('kafkajs/src/protocol/request') as EncodeFrame;
const ProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request') as (args: Record<string, unknown>) => KafkajsRequest;
const Long = require('kafkajs/src/utils/long') as { fromNumber(n: number): unknown };

/** librdkafka 2.0's first request on a connection: ApiVersions v3, header v2, client software name and version. */
const LIBRDKAFKA_API_VERSIONS_V3 = Buffer.from(
  '00000024' + // size
    '0012' + '0003' + '00000001' + // api key 18, version 3, correlation id 1
    '0007' + Buffer.from('rdkafka').toString('hex') + '00' + // client id, header tagged fields
    '0b' + Buffer.from('librdkafka').toString('hex') + '06' + Buffer.from('2.0.2').toString('hex') + '00',
  'hex',
);

describe('wire protocol', () => {
  let dataDir: string;
  let broker: RunningBroker;
  let client: RawClient;

  beforeAll(async () => {
    dataDir = tempDataDir();
    broker = await startTestBroker(dataDir);
    client = await RawClient.open(broker.host, broker.port);
  });

  afterAll(async () => {
    await client.close();
    await broker.close();
    removeDir(dataDir);
  });

  it('answers librdkafka ApiVersions v3 in the flexible encoding', async () => {
    expect(LIBRDKAFKA_API_VERSIONS_V3.readInt32BE(0)).toBe(LIBRDKAFKA_API_VERSIONS_V3.length - 4);
    const body = new Decoder(await client.sendFrame(LIBRDKAFKA_API_VERSIONS_V3));
    expect(body.int16()).toBe(0);
    const keys = body.compactArray((d) => {
      const entry = { apiKey: d.int16(), min: d.int16(), max: d.int16() };
      d.skipTaggedFields();
      return entry;
    });
    expect(body.int32()).toBe(0); // throttle
    body.skipTaggedFields();
    expect(body.remaining).toBe(0);
    expect(keys).toEqual(SUPPORTED_VERSIONS.map(({ apiKey, min, max }) => ({ apiKey, min, max })));
    expect(keys.find((k) => k.apiKey === 0)).toEqual({ apiKey: 0, min: 3, max: 7 });
    expect(keys.find((k) => k.apiKey === 1)).toEqual({ apiKey: 1, min: 4, max: 11 });
  });

  it('answers a too-new ApiVersions with UNSUPPORTED_VERSION and the supported ranges in v0', async () => {
    const body = new Decoder(await client.request(18, 9, Buffer.from([0x01, 0x01, 0x00]), true));
    expect(body.int16()).toBe(35);
    const keys = body.array((d) => ({ apiKey: d.int16(), min: d.int16(), max: d.int16() }));
    expect(body.remaining).toBe(0);
    expect(keys).toHaveLength(SUPPORTED_VERSIONS.length);
  });

  it('answers ApiVersions v0-v2 in the classic encoding', async () => {
    for (const version of [0, 1, 2]) {
      const body = new Decoder(await client.request(18, version, Buffer.alloc(0)));
      expect(body.int16()).toBe(0);
      expect(body.array((d) => [d.int16(), d.int16(), d.int16()])).toHaveLength(SUPPORTED_VERSIONS.length);
      if (version >= 1) expect(body.int32()).toBe(0);
      expect(body.remaining).toBe(0);
    }
  });

  async function initProducerId(): Promise<number> {
    const res = new Decoder(await client.request(22, 1, new Encoder().nullableString(null).int32(60_000).toBuffer()));
    res.int32();
    expect(res.int16()).toBe(0);
    const id = res.int64();
    expect(res.int16()).toBe(0);
    return id;
  }

  async function produce(producerId: number, firstSequence: number, values: string[]): Promise<{ errorCode: number; baseOffset: number }> {
    const request = ProduceV3({
      acks: -1,
      timeout: 5000,
      producerId: Long.fromNumber(producerId),
      producerEpoch: 0,
      topicData: [{ topic: 'idempotence', partitions: [{ partition: 0, firstSequence, messages: values.map((value) => ({ value })) }] }],
    });
    const frame = await encodeKafkajsFrame({ correlationId: 1000 + firstSequence, clientId: 'kafkajs-encoder', request });
    const res = new Decoder(await client.sendFrame(frame.buffer));
    const [topic] = res.array((t) => ({ name: t.string(), partitions: t.array((p) => ({ index: p.int32(), errorCode: p.int16(), baseOffset: p.int64(), logAppendTime: p.int64() })) }));
    return topic?.partitions[0] as { errorCode: number; baseOffset: number };
  }

  it('writes a retried idempotent batch once, answering with its original offset, and rejects sequence gaps', async () => {
    const first = await initProducerId();
    const second = await initProducerId();
    expect(second).toBeGreaterThan(first);

    expect(await produce(second, 0, ['a', 'b'])).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await produce(second, 2, ['c'])).toMatchObject({ errorCode: 0, baseOffset: 2 });
    // The same batch again (a retry after a lost response): same offset, nothing appended.
    expect(await produce(second, 2, ['c'])).toMatchObject({ errorCode: 0, baseOffset: 2 });
    // Sequence 5 after 2: records 3 and 4 are missing.
    expect(await produce(second, 5, ['f'])).toMatchObject({ errorCode: 45 });
    expect(await produce(second, 3, ['d'])).toMatchObject({ errorCode: 0, baseOffset: 3 });

    const listOffsets = new Encoder().int32(-1).int8(0).array(['idempotence'], (t, e) => e.string(t).array([0], (p, pe) => pe.int32(p).int64(-1))).toBuffer();
    const res = new Decoder(await client.request(2, 2, listOffsets));
    res.int32();
    const [topic] = res.array((t) => ({ name: t.string(), partitions: t.array((p) => ({ index: p.int32(), error: p.int16(), ts: p.int64(), offset: p.int64() })) }));
    expect(topic?.partitions[0]).toMatchObject({ error: 0, offset: 4 });
  });

  function fetchRequest(topic: string, offset: number, maxWaitMs: number, minBytes: number): Buffer {
    return new Encoder()
      .int32(-1).int32(maxWaitMs).int32(minBytes).int32(1 << 20).int8(0).int32(0).int32(-1)
      .array([topic], (t, e) => e.string(t).array([0], (p, pe) => pe.int32(p).int32(-1).int64(offset).int64(-1).int32(1 << 20)))
      .array([], () => undefined)
      .string('')
      .toBuffer();
  }

  it('holds a fetch for max_wait_ms when min_bytes are not available, and returns early when data arrives', async () => {
    await produce(await initProducerId(), 0, ['seed']); // creates the topic "idempotence" data for a later offset
    const admin = await RawClient.open(broker.host, broker.port);
    // Empty topic: nothing arrives, so the fetch waits the full 400 ms.
    await admin.request(19, 3, new Encoder().array(['quiet'], (t, e) => e.string(t).int32(1).int16(1).int32(0).int32(0)).int32(1000).bool(false).toBuffer());
    let started = Date.now();
    const empty = new Decoder(await client.request(1, 11, fetchRequest('quiet', 0, 400, 1)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    empty.int32();
    expect(empty.int16()).toBe(0);

    // A waiting fetch on another connection is answered as soon as a record is produced.
    const hw = 5; // "idempotence" partition 0 holds offsets 0..4 after the previous test plus the seed above
    started = Date.now();
    const waiting = admin.request(1, 11, fetchRequest('idempotence', hw, 5000, 1));
    await new Promise((r) => setTimeout(r, 150));
    await produce(await initProducerId(), 0, ['wake']);
    const res = new Decoder(await waiting);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
    res.int32();
    res.int16();
    res.int32();
    const [topic] = res.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ index: p.int32(), error: p.int16(), hw: p.int64(), lso: p.int64(), lso2: p.int64(), aborted: p.int32(), replica: p.int32(), records: p.bytes() })),
    }));
    const partition = topic?.partitions[0];
    expect(partition).toMatchObject({ error: 0, hw: hw + 1 });
    // The stored batch, base offset patched to its log position, record bytes untouched.
    expect(Number(partition?.records?.readBigInt64BE(0))).toBe(hw);
    expect(partition?.records?.includes(Buffer.from('wake'))).toBe(true);
    await admin.close();
  });
});
