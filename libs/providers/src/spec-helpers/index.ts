// Test-only helpers (excluded from the build). Specs import the library itself only through `../index`.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamTranslator } from '../index';

export function fixtureReader(dirUrl: string): (name: string) => string {
  return (name) => readFileSync(new URL(`./__fixtures__/${name}`, dirUrl), 'utf8');
}

export interface StreamRun {
  out: string;
  end: ReturnType<StreamTranslator['end']>;
}

/** Feeds `input` to a fresh translator, cut at the given byte offsets, and ends it. */
export function runStream(create: () => StreamTranslator, input: string, cuts: number[] = []): StreamRun {
  const translator = create();
  const bytes = Buffer.from(input, 'utf8');
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += translator.push(bytes.subarray(from, cut));
    from = cut;
  }
  const end = translator.end();
  return { out: out + end.tail, end };
}

/** Every two-piece split of the input must translate to the same bytes and usage as the unsplit input. */
export function expectSameAtEverySplit(
  create: () => StreamTranslator,
  input: string,
  /** For outputs with a clock in them (`created` of streams translated from Anthropic). */
  normalize: (out: string) => string = (out) => out,
): { checked: number; whole: StreamRun; mismatches: number[] } {
  const whole = runStream(create, input);
  const mismatches: number[] = [];
  const length = Buffer.byteLength(input);
  for (let cut = 1; cut < length; cut++) {
    const run = runStream(create, input, [cut]);
    if (normalize(run.out) !== normalize(whole.out) || JSON.stringify(run.end) !== JSON.stringify(whole.end)) mismatches.push(cut);
  }
  return { checked: length - 1, whole, mismatches };
}

/** A tiny HTTP server answering every request with `body` (SSE or JSON), for feeding the real SDKs. */
export async function serve(args: { body: string; contentType: string; status?: number }): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      requests.push(text);
      res.writeHead(args.status ?? 200, { 'content-type': args.contentType, connection: 'close' });
      res.end(args.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
