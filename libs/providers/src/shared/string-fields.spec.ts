import { describe, expect, it } from 'vitest';
import { usageObjectText } from './string-fields';

describe('usageObjectText', () => {
  it('returns the last usage object with nested objects, and braces or escaped quotes inside strings', () => {
    const usage = { prompt_tokens: 9, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 4, note: 'a } "b" {' } };
    const body = JSON.stringify({ id: 'x', choices: [{ message: { content: 'say "usage":{"prompt_tokens":1} }' } }], usage });
    expect(JSON.parse(usageObjectText(body) ?? 'null')).toEqual(usage);
  });

  it('reads pretty-printed JSON, and returns undefined for null, missing or cut-short usage', () => {
    expect(JSON.parse(usageObjectText(JSON.stringify({ usage: { total_tokens: 3 } }, null, 2)) ?? 'null')).toEqual({ total_tokens: 3 });
    expect(usageObjectText('{"usage":null}')).toBeUndefined();
    expect(usageObjectText('{"id":"x"}')).toBeUndefined();
    expect(usageObjectText('{"usage":{"prompt_tokens":1')).toBeUndefined();
  });
});
