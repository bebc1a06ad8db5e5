/**
 * Consumer-group rebalancing through kafkajs: a second member joining mid-stream, a member leaving, and a member
 * whose process dies (its session times out). Every message is committed right after it is processed, so
 * "no loss, no duplicates of committed work" is checked exactly.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { RunningBroker } from '../src';
import { kafkaFor, removeDir, startTestBroker, tempDataDir, waitFor } from './support/broker-fixture';

const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

describe('kafkajs consumer groups', () => {
  let dataDir: string;
  let broker: RunningBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    dataDir = tempDataDir();
    broker = await startTestBroker(dataDir);
    kafka = kafkaFor(broker);
  });

  afterAll(async () => {
    await broker.close();
    removeDir(dataDir);
  });

  async function createTopic(topic: string, numPartitions: number): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions }] });
    await admin.disconnect();
  }

  it('rebalances when a member joins mid-stream and when one leaves, losing nothing and repeating no committed work', async () => {
    const topic = 'rebalance';
    const groupId = 'rebalance-group';
    await createTopic(topic, 4);
    const total = 600;
    const delivered = new Map<string, string[]>(); // value -> members that got it
    const committed = new Set<string>();
    const violations: string[] = [];
    const assignments: Record<string, number[][]> = { A: [], B: [] };

    const startMember = async (name: 'A' | 'B'): Promise<Consumer> => {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 300, maxWaitTimeInMs: 100 });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assignments[name]?.push([...(e.payload.memberAssignment[topic] ?? [])].sort());
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }: EachMessagePayload) => {
          const value = String(message.value);
          if (committed.has(value)) violations.push(`${value} redelivered to ${name} after commit`);
          delivered.set(value, [...(delivered.get(value) ?? []), name]);
          try {
            await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
            committed.add(value);
          } catch {
            // Commit refused during a rebalance: this message may be seen again, which at-least-once allows.
          }
        },
      });
      return consumer;
    };

    const producer = kafka.producer();
    await producer.connect();
    let produced = 0;
    const produceSome = async (n: number): Promise<void> => {
      const messages = Array.from({ length: n }, (_, i) => ({ key: `k${produced + i}`, value: `m-${produced + i}` }));
      produced += n;
      await producer.send({ topic, messages });
    };

    const a = await startMember('A');
    await waitFor(() => (assignments['A']?.length ?? 0) >= 1, 10_000, 'A to join');
    expect(assignments['A']?.[0]).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 10; i++) await produceSome(20);

    const b = await startMember('B');
    const streaming = (async () => {
      while (produced < 400) {
        await produceSome(20);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await waitFor(() => (assignments['B']?.length ?? 0) >= 1 && [...delivered.values()].some((m) => m.includes('B')), 20_000, 'B to join and consume');
    await streaming;
    const lastA = assignments['A']?.at(-1) ?? [];
    const firstB = assignments['B']?.at(-1) ?? [];
    expect(lastA.length).toBeGreaterThan(0);
    expect(firstB.length).toBeGreaterThan(0);
    expect([...lastA, ...firstB].sort()).toEqual([0, 1, 2, 3]);

    await a.disconnect(); // LeaveGroup: B must take over every partition
    while (produced < total) await produceSome(20);
    await waitFor(() => delivered.size >= total && (assignments['B']?.at(-1)?.length ?? 0) === 4, 30_000, 'B to own all partitions and see every message');
    await producer.disconnect();
    await b.disconnect();

    expect(violations).toEqual([]);
    for (let i = 0; i < total; i++) expect(delivered.has(`m-${i}`)).toBe(true);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const high = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const committedByPartition = Object.fromEntries((offsets[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
    for (const h of high) expect(committedByPartition[h.partition]).toBe(h.high);
  });

  it('expires a member whose process died and gives its partitions to the survivor after the session timeout', async () => {
    const topic = 'expiry';
    const groupId = 'expiry-group';
    await createTopic(topic, 2);
    // A real kafkajs consumer in another process, SIGKILLed so it never sends LeaveGroup.
    const script = `
      const { Kafka, logLevel } = require('kafkajs');
      const kafka = new Kafka({ brokers: [${JSON.stringify(broker.brokers)}], logLevel: logLevel.NOTHING });
      const c = kafka.consumer({ groupId: ${JSON.stringify(groupId)}, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
      c.on(c.events.GROUP_JOIN, (e) => console.log('joined ' + JSON.stringify(e.payload.memberAssignment)));
      c.connect().then(() => c.subscribe({ topic: ${JSON.stringify(topic)} })).then(() => c.run({ eachMessage: async () => {} }));
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.once('exit', r));
    let childOutput = '';
    child.stdout.on('data', (d: Buffer) => (childOutput += d.toString()));
    try {
      await waitFor(() => childOutput.includes('joined'), 15_000, 'the child consumer to join');
      const joins: Array<{ at: number; partitions: number[] }> = [];
      const survivor = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
      survivor.on(survivor.events.GROUP_JOIN, (e) => joins.push({ at: Date.now(), partitions: [...(e.payload.memberAssignment[topic] ?? [])] }));
      await survivor.connect();
      await survivor.subscribe({ topic });
      await survivor.run({ eachMessage: async () => undefined });
      await waitFor(() => joins.length >= 1, 20_000, 'the survivor to join');
      expect(joins.at(-1)?.partitions).toHaveLength(1);

      child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      await waitFor(() => (joins.at(-1)?.partitions.length ?? 0) === 2, 20_000, 'the survivor to get both partitions');
      const waited = (joins.at(-1)?.at ?? 0) - killedAt;
      expect(waited).toBeGreaterThan(3000); // not before the 6 s session timeout (minus heartbeat slack)
      expect(waited).toBeLessThan(12_000);

      const admin = kafka.admin();
      await admin.connect();
      const { groups } = await admin.describeGroups([groupId]);
      await admin.disconnect();
      expect(groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
      expect(groups[0]?.members).toHaveLength(1);
      await survivor.disconnect();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
