/**
 * Deterministic generated content: N output tokens are N words from a fixed vocabulary, so tests can predict
 * both the text and the usage figures. Results are cached per (tokens, chunks) because benchmarks hit the same
 * few shapes millions of times.
 */
const VOCABULARY = [
  'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett',
  'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango',
] as const;

const textCache = new Map<number, string>();
const piecesCache = new Map<string, string[]>();
const CACHE_LIMIT = 512;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function wordsOf(tokens: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < tokens; i++) words.push(VOCABULARY[i % VOCABULARY.length] ?? 'alpha');
  return words;
}

/** The full completion text of `tokens` words, e.g. 3 → "alpha bravo charlie". */
export function completionText(tokens: number): string {
  return textCache.get(tokens) ?? remember(textCache, tokens, wordsOf(tokens).join(' '));
}

/** Splits `text` into `chunks` consecutive non-empty pieces (fewer if the text is shorter). */
export function splitEvenly(text: string, chunks: number): string[] {
  const count = Math.max(1, Math.min(chunks, text.length));
  if (count === 1) return [text];
  const pieces: string[] = [];
  const size = text.length / count;
  for (let i = 0; i < count; i++) pieces.push(text.slice(Math.round(i * size), Math.round((i + 1) * size)));
  return pieces;
}

/** The completion split into `chunks` deltas on word boundaries: "alpha", " bravo charlie", ... */
export function completionPieces(tokens: number, chunks: number): string[] {
  const key = `${tokens}:${chunks}`;
  const cached = piecesCache.get(key);
  if (cached) return cached;
  const words = wordsOf(tokens);
  const count = Math.max(1, Math.min(chunks, words.length));
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const group = words.slice(Math.floor((i * words.length) / count), Math.floor(((i + 1) * words.length) / count));
    pieces.push((i === 0 ? '' : ' ') + group.join(' '));
  }
  if (words.length === 0) pieces[0] = '';
  return remember(piecesCache, key, pieces);
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A small value satisfying a JSON schema's common keywords (type, properties, items, enum, const, anyOf). */
export function sampleFromSchema(schema: unknown, text: string, depth = 0): JsonValue {
  if (!isRecord(schema) || depth > 8) return text;
  if ('const' in schema) return schema.const as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], text, depth + 1);
  const declared = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const type = declared ?? (isRecord(schema.properties) ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const [name, sub] of Object.entries(props)) out[name] = sampleFromSchema(sub, text, depth + 1);
      return out;
    }
    case 'array':
      return [sampleFromSchema(schema.items, text, depth + 1)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return text;
  }
}
