import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, appendToChain, chainHash, parsePublicKey, parseSigningKey, signCheckpoint, verifyChain, type ChainRow, type SignedCheckpoint } from './index';

const TENANT = 'tenant-a';
const SEED = Buffer.alloc(32, 7).toString('base64');
const key = parseSigningKey(SEED);
const trusted = new Map([[key.keyId, key.publicKey]]);

function record(n: number, tenantId = TENANT) {
  return { id: `evt-${n}`, tenantId, kind: 'request', time: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`, details: { n, latencyMs: n * 1.25 } };
}

/** A chain of `count` records and a checkpoint every `every` records. */
function buildChain(count: number, every = 0): { rows: ChainRow[]; checkpoints: SignedCheckpoint[] } {
  const { rows } = appendToChain({ seq: 0, hash: GENESIS_HASH }, Array.from({ length: count }, (_, i) => record(i + 1)));
  const chainRows = rows.map((r) => ({ seq: r.seq, id: r.record.id, hash: r.hash, record: r.canonical }));
  const checkpoints = every === 0 ? [] : chainRows.filter((r) => r.seq % every === 0).map((r) => signCheckpoint(key, { tenantId: TENANT, seq: r.seq, headHash: r.hash, time: '2025-01-01T01:00:00.000Z' }));
  return { rows: chainRows, checkpoints };
}

/** Recomputes every hash from `fromSeq` on, as an attacker who knows the (keyless) chain rule would. */
function recompute(rows: ChainRow[]): ChainRow[] {
  let prev = GENESIS_HASH;
  return rows.map((row) => {
    const hash = chainHash(prev, row.seq, row.record);
    prev = hash;
    return { ...row, hash };
  });
}

const verify = (rows: ChainRow[], checkpoints: SignedCheckpoint[] = []) => verifyChain({ tenantId: TENANT, rows, checkpoints, trustedKeys: trusted });

describe('hash chain', () => {
  it('binds each record to its predecessor and its position', () => {
    const a = chainHash(GENESIS_HASH, 1, '{"a":1}');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, 2, '{"a":1}')).not.toBe(a);
    expect(chainHash(a, 2, '{"a":1}')).not.toBe(chainHash(GENESIS_HASH, 2, '{"a":1}'));
  });

  it('is SHA-256 over previous hash, u64 big-endian position and the canonical bytes (known answer)', () => {
    const expected = (prev: string, seq: number, text: string) => {
      const position = Buffer.alloc(8);
      position.writeBigUInt64BE(BigInt(seq));
      return createHash('sha256').update(Buffer.concat([Buffer.from(prev, 'hex'), position, Buffer.from(text, 'utf8')])).digest('hex');
    };
    expect(chainHash(GENESIS_HASH, 1, '{"a":1}')).toBe(expected(GENESIS_HASH, 1, '{"a":1}'));
    const prev = 'ab'.repeat(32);
    for (const seq of [255, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      expect(chainHash(prev, seq, '{"é":"😀"}')).toBe(expected(prev, seq, '{"é":"😀"}'));
    }
    expect(chainHash(prev, 7, Buffer.from('{"b":2}'))).toBe(expected(prev, 7, '{"b":2}'));
  });

  it('appending in two batches gives the same chain as one batch', () => {
    const all = appendToChain({ seq: 0, hash: GENESIS_HASH }, [record(1), record(2), record(3)]);
    const first = appendToChain({ seq: 0, hash: GENESIS_HASH }, [record(1)]);
    const rest = appendToChain(first.head, [record(2), record(3)]);
    expect(rest.head).toEqual(all.head);
    expect(rest.rows.map((r) => r.hash)).toEqual(all.rows.slice(1).map((r) => r.hash));
  });
});

describe('verifyChain', () => {
  it('proves an untouched chain intact and checks every checkpoint', async () => {
    const { rows, checkpoints } = buildChain(25, 10);
    const report = await verify(rows, checkpoints);
    expect(report).toMatchObject({ intact: true, records: 25, headSeq: 25, headHash: rows[24]!.hash, firstBreak: null });
    expect(report.checkpoints).toEqual({ total: 2, verified: 2, lastVerifiedSeq: 20 });
  });

  it('accepts rows from an async source (streamed from a database)', async () => {
    const { rows } = buildChain(5);
    async function* stream() {
      for (const row of rows) yield row;
    }
    expect((await verifyChain({ tenantId: TENANT, rows: stream(), checkpoints: [], trustedKeys: trusted })).intact).toBe(true);
  });

  it('names the first altered record', async () => {
    const { rows } = buildChain(10);
    rows[3] = { ...rows[3]!, record: rows[3]!.record.replace('"kind":"request"', '"kind":"admin.change"') };
    rows[7] = { ...rows[7]!, record: rows[7]!.record.replace('"n":8', '"n":9') };
    expect((await verify(rows)).firstBreak).toMatchObject({ kind: 'altered', seq: 4, id: 'evt-4' });
  });

  it('names a record whose id or tenant no longer matches its row', async () => {
    const { rows } = buildChain(3);
    expect((await verify([rows[0]!, { ...rows[1]!, id: 'evt-99' }, rows[2]!])).firstBreak).toMatchObject({ kind: 'altered', seq: 2, id: 'evt-99' });
    const foreign = await verifyChain({ tenantId: 'tenant-b', rows, checkpoints: [], trustedKeys: trusted });
    expect(foreign.firstBreak).toMatchObject({ kind: 'altered', seq: 1, reason: expect.stringMatching(/tenant tenant-a/) });
  });

  it('names a deleted record (gap in the sequence)', async () => {
    const { rows } = buildChain(10);
    const report = await verify([...rows.slice(0, 5), ...rows.slice(6)]);
    expect(report.firstBreak).toMatchObject({ kind: 'deleted', seq: 6, id: null });
    expect(report.firstBreak?.reason).toMatch(/evt-7/);
    expect(report.records).toBe(5);
  });

  it('names a deleted record even when the rows after it were renumbered', async () => {
    const { rows } = buildChain(10);
    const renumbered = [...rows.slice(0, 5), ...rows.slice(6).map((r) => ({ ...r, seq: r.seq - 1 }))];
    expect((await verify(renumbered)).firstBreak).toMatchObject({ kind: 'altered', seq: 6, id: 'evt-7' });
  });

  it('names an inserted record when the rows after it were renumbered', async () => {
    const { rows } = buildChain(10);
    const forged: ChainRow = { seq: 5, id: 'evt-forged', hash: 'f'.repeat(64), record: JSON.stringify({ id: 'evt-forged', tenantId: TENANT }) };
    const tampered = [...rows.slice(0, 4), forged, ...rows.slice(4).map((r) => ({ ...r, seq: r.seq + 1 }))];
    expect((await verify(tampered)).firstBreak).toMatchObject({ kind: 'inserted', seq: 5, id: 'evt-forged' });
    // Even with a correctly computed hash for the forged row, the next record no longer follows it.
    tampered[4] = { ...forged, hash: chainHash(rows[3]!.hash, 5, forged.record) };
    expect((await verify(tampered)).firstBreak).toMatchObject({ kind: 'altered', seq: 6, id: 'evt-5' });
  });

  it('detects a whole chain recomputed after tampering through the signed checkpoints', async () => {
    const { rows, checkpoints } = buildChain(30, 10);
    rows[14] = { ...rows[14]!, record: rows[14]!.record.replace('"n":15', '"n":16') };
    const rewritten = recompute(rows);
    expect((await verify(rewritten)).intact).toBe(true); // without checkpoints a rewrite is invisible
    const report = await verify(rewritten, checkpoints);
    expect(report.firstBreak).toMatchObject({ kind: 'rewritten', seq: 11, id: 'evt-11' });
    expect(report.checkpoints.lastVerifiedSeq).toBe(10);
  });

  it('detects records removed from the end when a checkpoint covers them', async () => {
    const { rows, checkpoints } = buildChain(20, 10);
    expect((await verify(rows.slice(0, 17), checkpoints)).firstBreak).toMatchObject({ kind: 'deleted', seq: 18, id: null });
    expect((await verify(rows.slice(0, 12), checkpoints.slice(0, 1))).intact).toBe(true); // tail after the last checkpoint
  });

  it('rejects checkpoints with a bad signature or an untrusted key', async () => {
    const { rows, checkpoints } = buildChain(20, 10);
    const forged = checkpoints.map((cp) => (cp.seq === 10 ? { ...cp, time: '2030-01-01T00:00:00.000Z' } : cp));
    expect((await verify(rows, forged)).firstBreak).toMatchObject({ kind: 'bad-checkpoint', seq: 10, id: 'evt-10' });
    const other = parseSigningKey(Buffer.alloc(32, 9).toString('base64'));
    const foreign = [signCheckpoint(other, { tenantId: TENANT, seq: 10, headHash: rows[9]!.hash, time: '2025-01-01T00:00:00.000Z' })];
    expect((await verify(rows, foreign)).firstBreak).toMatchObject({ kind: 'bad-checkpoint', reason: expect.stringMatching(/untrusted key/) });
  });

  it('runs a caller check on every row (indexed columns must agree with the record)', async () => {
    const { rows } = buildChain(4);
    const report = await verifyChain({
      tenantId: TENANT,
      rows,
      checkpoints: [],
      trustedKeys: trusted,
      checkRow: (row) => (row.seq === 3 ? 'kind column differs from the record' : null),
    });
    expect(report.firstBreak).toEqual({ kind: 'altered', seq: 3, id: 'evt-3', reason: 'kind column differs from the record' });
  });
});

describe('signing keys', () => {
  it('reads the same key from a PEM or a base64 seed, and publishes a verifiable public key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
    const fromPem = parseSigningKey(pem);
    const fromSeed = parseSigningKey(seed);
    expect(fromSeed.keyId).toBe(fromPem.keyId);
    expect(fromSeed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(parsePublicKey(fromPem.publicKey.pem).keyId).toBe(fromPem.keyId);
    expect(parsePublicKey(fromPem.publicKey.rawBase64).keyId).toBe(fromPem.keyId);
  });

  it('refuses keys that are not Ed25519 seeds or keys', () => {
    expect(() => parseSigningKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
  });
});
