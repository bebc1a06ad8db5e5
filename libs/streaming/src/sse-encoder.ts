/**
 * SSE encoding, the inverse of `SseParser`: `event: <name>\n` (optional), one `data: ` line per line of data,
 * then a blank line. This is the exact framing OpenAI (`data: {...}\n\n`) and Anthropic
 * (`event: message_start\ndata: {...}\n\n`) use, so passthrough streams stay byte-identical.
 */
export function encodeSseEvent(args: { event?: string; data: string }): string {
  const data = args.data.includes('\n') ? args.data.split('\n').join('\ndata: ') : args.data;
  return args.event === undefined ? `data: ${data}\n\n` : `event: ${args.event}\ndata: ${data}\n\n`;
}

/** `data: <data>\n\n`, the OpenAI framing. Data is assumed to be single-line JSON. */
export function encodeSseData(data: string): string {
  return `data: ${data}\n\n`;
}

/** A comment line, useful as a keep-alive that every SSE client ignores. */
export function encodeSseComment(text: string): string {
  return `: ${text}\n\n`;
}
