import { describe, expect, it } from 'vitest';
import { SseParser, encodeSseEvent, encodeSseData, type SseEvent } from './index';

function parseAll(chunks: Array<string | Buffer>): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.flush());
  return events;
}

const anthropicLike =
  'event: message_start\ndata: {"type":"message_start"}\n\n' +
  ': keep-alive comment\n\n' +
  'event: ping\ndata: {"type": "ping"}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"h\\u00e9llo ✓"}}\n\n' +
  'data: line one\ndata: line two\n\n' +
  'id: 42\nretry: 1500\ndata: [DONE]\n\n';

const expected: SseEvent[] = [
  { event: 'message_start', data: '{"type":"message_start"}' },
  { event: 'ping', data: '{"type": "ping"}' },
  { event: 'content_block_delta', data: '{"type":"content_block_delta","delta":{"text":"h\\u00e9llo ✓"}}' },
  { event: undefined, data: 'line one\nline two' },
  { event: undefined, data: '[DONE]', id: '42', retry: 1500 },
];

describe('SseParser', () => {
  it('parses events, comments, multi-line data, id and retry', () => {
    expect(parseAll([anthropicLike])).toEqual(expected);
  });

  it('gives the same events for CRLF and CR line endings', () => {
    expect(parseAll([anthropicLike.replaceAll('\n', '\r\n')])).toEqual(expected);
    expect(parseAll([anthropicLike.replaceAll('\n', '\r')])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries, down to split UTF-8 bytes and CRLF pairs', () => {
    for (const text of [anthropicLike, anthropicLike.replaceAll('\n', '\r\n')]) {
      const bytes = Buffer.from(text, 'utf8');
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
      }
      // one byte at a time
      expect(parseAll([...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
    }
  });

  it('strips exactly one space after the colon and accepts fields without a value', () => {
    expect(parseAll(['data:  two spaces\ndata\nevent:x\n\n'])).toEqual([{ event: 'x', data: ' two spaces\n' }]);
  });

  it('reports an event that was not terminated by a blank line only on flush', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":1}\n')).toEqual([]);
    expect(parser.flush()).toEqual([{ event: undefined, data: '{"a":1}' }]);
  });
});

describe('SSE encoding', () => {
  it('round-trips through the parser', () => {
    const wire = encodeSseEvent({ event: 'message_stop', data: '{"type":"message_stop"}' }) + encodeSseData('[DONE]') + encodeSseEvent({ data: 'a\nb' });
    expect(wire).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\ndata: [DONE]\n\ndata: a\ndata: b\n\n');
    expect(parseAll([wire])).toEqual([
      { event: 'message_stop', data: '{"type":"message_stop"}' },
      { event: undefined, data: '[DONE]' },
      { event: undefined, data: 'a\nb' },
    ]);
  });
});
