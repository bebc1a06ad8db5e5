/**
 * Cheap edits of compact JSON text for the passthrough hot path, where parsing every chunk is too slow.
 *
 * They rely on one property of JSON: inside a string value every `"` is escaped, so the byte sequence
 * `"model":"` (or `,"usage":null`) can only be a real key, never text content. Both OpenAI and Anthropic emit
 * the top-level `model` before any nested object that could carry another `model` key.
 */

/** Replaces the first `"<field>":"…"` string value. Model names never contain quotes or escapes. */
export function replaceFirstStringField(json: string, field: string, value: string): string {
  const key = `"${field}":`;
  let at = json.indexOf(key);
  if (at === -1) return json;
  at += key.length;
  while (json.charCodeAt(at) === 32) at++;
  if (json.charCodeAt(at) !== 34 /* '"' */) return json;
  const close = json.indexOf('"', at + 1);
  if (close === -1) return json;
  if (json.slice(at + 1, close) === value) return json;
  return json.slice(0, at + 1) + value + json.slice(close);
}

/** Removes the last `"usage":null` member (with its separating comma); compact and `": "`-spaced JSON both work. */
export function stripNullUsage(json: string): string {
  const at = json.lastIndexOf('"usage":');
  if (at === -1) return json;
  let valueAt = at + 8;
  while (json.charCodeAt(valueAt) === 32) valueAt++;
  if (!json.startsWith('null', valueAt)) return json;
  let end = valueAt + 4;
  let start = at;
  // Prefer removing the comma before the member; if it was the first member, remove the one after it.
  let before = start - 1;
  while (json.charCodeAt(before) === 32) before--;
  if (json.charCodeAt(before) === 44 /* ',' */) {
    start = before;
  } else {
    while (json.charCodeAt(end) === 32) end++;
    if (json.charCodeAt(end) === 44) end++;
    while (json.charCodeAt(end) === 32) end++;
  }
  return json.slice(0, start) + json.slice(end);
}

/** True when the JSON text carries a non-null `usage` object somewhere. */
export function hasUsageObject(json: string): boolean {
  const at = json.lastIndexOf('"usage":');
  if (at === -1) return false;
  let valueAt = at + 8;
  while (json.charCodeAt(valueAt) === 32) valueAt++;
  return json.charCodeAt(valueAt) === 123 /* '{' */;
}

/**
 * The text of the last `"usage":{…}` object member, or undefined. Lets a unary response's usage be read without
 * parsing the whole response (the part that can be long: choices, tool calls).
 */
export function usageObjectText(json: string): string | undefined {
  const at = json.lastIndexOf('"usage":');
  if (at === -1) return undefined;
  let start = at + 8;
  while (json.charCodeAt(start) === 32) start++;
  if (json.charCodeAt(start) !== 123 /* '{' */) return undefined;
  let depth = 0;
  for (let i = start; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34 /* '"' */) {
      // Skip the string, honouring backslash escapes.
      for (i++; i < json.length && json.charCodeAt(i) !== 34; i++) if (json.charCodeAt(i) === 92) i++;
    } else if (c === 123) depth++;
    else if (c === 125 /* '}' */ && --depth === 0) return json.slice(start, i + 1);
  }
  return undefined;
}
