// Load process for bench/policy-check.mjs: gRPC Check calls against the policy service, written to cost the load
// side as little as possible so the server is what gets measured. It speaks gRPC directly over node:http2 (what
// ghz or h2load would do): the request messages are serialised once up front, each call is one HTTP/2 stream with
// a pre-built 5-byte-prefixed frame, and a response is checked by its grpc-status trailer and the first bytes of
// the message (`allowed = true` is the first field protobuf writes) instead of being decoded into objects.
//
//   node bench/lib/policy-check-load.mjs <address> <seconds> <concurrency> <connections> [rate]
//
// Without `rate` the load is closed-loop: `concurrency` calls in flight over `connections` HTTP/2 connections,
// each answered call immediately replaced. With `rate` (calls per second) the load is open-loop: calls start on a
// fixed schedule whatever the answers do, and latency is measured from the scheduled start, so a stall on the server
// shows up in the percentiles instead of slowing the load down (no coordinated omission).
// Prints `measuring` when the warm-up second ends, then one JSON line: { calls, errors, denied, shed, seconds, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, firstError }.
import { connect, constants } from 'node:http2';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const { loadPolicyProto } = require(join(root, 'libs/contracts/dist/policy/index.js'));

const [address, secondsArg, concurrencyArg, connectionsArg, rateArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
const concurrency = Number(concurrencyArg ?? 64);
const connectionCount = Number(connectionsArg ?? 2);
const rate = Number(rateArg ?? 0);

const requests = [
  { tenant: 'bench-eu', model: 'gpt-4o-mini', estimatedTokens: 400, keyId: 'k-1' },
  { tenant: 'bench-eu', model: 'gpt-4o-mini', estimatedTokens: 900, regionHints: ['eu-west-1'] },
  { tenant: 'bench-us', model: 'gpt-4o', estimatedTokens: 300 },
  { tenant: 'bench-us', model: 'gpt-4o-mini', estimatedTokens: 300 }, // denied: MODEL_NOT_APPROVED
];
const { requestSerialize } = loadPolicyProto().asc.policy.v1.PolicyService.service.Check;
const frames = requests.map((request) => {
  const message = requestSerialize(request);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
});
const headers = {
  [constants.HTTP2_HEADER_METHOD]: 'POST',
  [constants.HTTP2_HEADER_PATH]: '/asc.policy.v1.PolicyService/Check',
  [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
  te: 'trailers',
};

// Latency histogram in microseconds: exact up to 1 s, one overflow bucket above.
const histogram = new Uint32Array(1_000_001);
let maxUs = 0;
let calls = 0;
let errors = 0;
let denied = 0;
let firstError;
let measuring = false;
let running = true;

function recordError(message) {
  if (!measuring) return;
  errors++;
  firstError ??= message;
}

function record(startNs, allowed) {
  if (!measuring) return;
  const us = Number(process.hrtime.bigint() - startNs) / 1e3;
  histogram[Math.min(1_000_000, Math.round(us))]++;
  if (us > maxUs) maxUs = us;
  calls++;
  if (!allowed) denied++;
}

const sessions = await Promise.all(
  Array.from({ length: connectionCount }, () => new Promise((resolve, reject) => {
    const session = connect(`http://${address}`, { settings: { initialWindowSize: 1 << 20 } });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
    session.on('error', (error) => recordError(error.message));
  })),
);

let sequence = 0;
let outstanding = 0;
let shed = 0;
/** Starts one call; `done` runs when it has ended (answered or failed). */
function call(startNs, done) {
  const n = sequence++;
  let stream;
  try {
    stream = sessions[n % sessions.length].request(headers, { endStream: false });
  } catch (error) {
    recordError(error.message);
    setImmediate(done);
    return;
  }
  outstanding++;
  let head;
  stream.on('data', (chunk) => {
    head ??= chunk;
  });
  stream.on('trailers', (trailers) => {
    const status = trailers['grpc-status'];
    if (status !== '0') recordError(`grpc-status ${status}: ${trailers['grpc-message']}`);
    // 5-byte gRPC prefix, then tag 0x08 (field 1, varint) and 1 when allowed; a denial omits the field.
    else record(startNs, head !== undefined && head[5] === 0x08 && head[6] === 1);
  });
  stream.on('error', (error) => recordError(error.message));
  stream.on('close', () => {
    outstanding--;
    done();
  });
  stream.end(frames[n % frames.length]);
}

function closedLoop() {
  const next = () => {
    if (running) call(process.hrtime.bigint(), next);
  };
  for (let i = 0; i < concurrency; i++) next();
}

function openLoop() {
  const intervalNs = BigInt(Math.round(1e9 / rate));
  let scheduled = process.hrtime.bigint();
  const noop = () => {};
  const tick = () => {
    if (!running) return;
    const now = process.hrtime.bigint();
    while (scheduled <= now) {
      // A server that falls behind would otherwise pile up streams until HTTP/2 flow control gives up: calls
      // beyond `concurrency` outstanding are not sent, and counted as shed.
      if (outstanding < concurrency) call(process.hrtime.bigint(), noop);
      else if (measuring) shed++;
      scheduled += intervalNs;
    }
    setTimeout(tick, 1);
  };
  tick();
}

if (rate > 0) openLoop();
else closedLoop();
// Warm-up second (JIT, connection windows), not measured.
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
console.log('measuring');
const started = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
running = false;

const percentile = (p) => {
  const rank = Math.ceil((p / 100) * calls);
  let seen = 0;
  for (let us = 0; us < histogram.length; us++) {
    seen += histogram[us];
    if (seen >= rank) return us / 1000;
  }
  return maxUs / 1000;
};
console.log(JSON.stringify({
  calls, errors, denied, shed, seconds: elapsed,
  p50Ms: percentile(50), p90Ms: percentile(90), p99Ms: percentile(99), p999Ms: percentile(99.9), maxMs: maxUs / 1000, firstError,
}));
await new Promise((r) => setTimeout(r, 200));
for (const session of sessions) session.close();
process.exit(0);
