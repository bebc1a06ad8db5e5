/**
 * Reads the fields the mock needs from a chat request of any dialect (OpenAI/Azure/Mistral chat completions,
 * Anthropic messages) and plans the deterministic answer.
 * Input tokens = ceil(characters of all message text, system prompt included / 4).
 */
import type { Behavior, Dialect } from '../types';
import { completionPieces, completionText, sampleFromSchema, splitEvenly } from './content';

export const DEFAULT_OUTPUT_TOKENS = 12;

export interface ToolDecl {
  name: string;
  schema: unknown;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };
export type ResponseFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

export interface ChatRequestInfo {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  promptChars: number;
  /** Concatenated user-message text: where in-band `mock:` directives are looked for. */
  userText: string;
  tools: ToolDecl[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  maxTokens: number | null;
}

export type FinishKind = 'stop' | 'length' | 'tool';

export interface ChatPlan {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  finish: FinishKind;
  /** Full text of a text answer; `streamPieces(plan)` splits it into `chunks` deltas. */
  text: string;
  chunks: number;
  /** The text is JSON (response_format), split by characters rather than words. */
  json: boolean;
  tool: { name: string; arguments: string; argumentPieces: string[] } | null;
}

/** A request the real provider would reject with 400. */
export class InvalidChatRequest extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message `content`: a string, or text parts/blocks (Anthropic tool_result content nests once). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') out += part.text;
    else if (part.type === 'tool_result') out += contentText(part.content);
  }
  return out;
}

function readTools(dialect: Dialect, tools: unknown): ToolDecl[] {
  if (!Array.isArray(tools)) return [];
  const out: ToolDecl[] = [];
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    if (dialect === 'anthropic') {
      if (typeof tool.name === 'string') out.push({ name: tool.name, schema: tool.input_schema });
    } else if (isRecord(tool.function) && typeof tool.function.name === 'string') {
      out.push({ name: tool.function.name, schema: tool.function.parameters });
    }
  }
  return out;
}

function readToolChoice(choice: unknown): ToolChoice {
  if (choice === 'none' || choice === 'required' || choice === 'any') return choice === 'none' ? 'none' : 'required';
  if (!isRecord(choice)) return 'auto';
  // Anthropic {type:"any"|"tool"|"none", name}; OpenAI/Mistral {type:"function", function:{name}}.
  if (choice.type === 'any') return 'required';
  if (choice.type === 'none') return 'none';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { name: choice.name };
  if (isRecord(choice.function) && typeof choice.function.name === 'string') return { name: choice.function.name };
  return 'auto';
}

function readResponseFormat(format: unknown): ResponseFormat {
  if (!isRecord(format)) return { kind: 'text' };
  if (format.type === 'json_object') return { kind: 'json_object' };
  if (format.type === 'json_schema') {
    const spec = isRecord(format.json_schema) ? format.json_schema : {};
    return { kind: 'json_schema', schema: spec.schema };
  }
  return { kind: 'text' };
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

export function readChatRequest(dialect: Dialect, body: unknown, pathModel: string | null): ChatRequestInfo {
  if (!isRecord(body)) throw new InvalidChatRequest('Request body must be a JSON object.');
  const model = typeof body.model === 'string' ? body.model : pathModel;
  if (!model) throw new InvalidChatRequest('model: Field required');
  if (!Array.isArray(body.messages)) throw new InvalidChatRequest('messages: Field required');
  if (dialect === 'anthropic' && positiveInt(body.max_tokens) === null) {
    throw new InvalidChatRequest('max_tokens: Field required');
  }
  let promptChars = dialect === 'anthropic' ? contentText(body.system).length : 0;
  let userText = '';
  for (const message of body.messages) {
    if (!isRecord(message)) continue;
    const text = contentText(message.content);
    promptChars += text.length;
    if (message.role === 'user') userText += text + '\n';
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true && dialect !== 'anthropic') {
    throw new InvalidChatRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    model,
    stream: body.stream === true,
    // Mistral always reports usage in the last chunk; OpenAI/Azure only when asked.
    includeUsage: dialect === 'mistral' || streamOptions.include_usage === true,
    promptChars,
    userText,
    tools: readTools(dialect, body.tools),
    toolChoice: readToolChoice(body.tool_choice),
    responseFormat: readResponseFormat(body.response_format),
    maxTokens: positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens),
  };
}

function chooseTool(info: ChatRequestInfo, behavior: Behavior): ToolDecl | null {
  const choice = info.toolChoice;
  if (choice === 'none') return null;
  if (typeof choice === 'object') return info.tools.find((t) => t.name === choice.name) ?? { name: choice.name, schema: {} };
  if (choice === 'required' || behavior.toolCall) return info.tools[0] ?? { name: 'mock_tool', schema: {} };
  return null;
}

export function planChat(info: ChatRequestInfo, behavior: Behavior): ChatPlan {
  const wanted = behavior.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const outputTokens = info.maxTokens !== null ? Math.min(wanted, info.maxTokens) : wanted;
  const chunks = behavior.chunks ?? outputTokens;
  const inputTokens = Math.ceil(info.promptChars / 4);
  let finish: FinishKind = outputTokens < wanted ? 'length' : 'stop';
  let text = '';
  let json = false;
  let call: ChatPlan['tool'] = null;
  const tool = chooseTool(info, behavior);
  if (tool) {
    const args = JSON.stringify(sampleFromSchema(tool.schema ?? {}, completionText(Math.min(outputTokens, 3))));
    const argumentsJson = args.startsWith('{') ? args : '{}';
    finish = 'tool';
    call = { name: tool.name, arguments: argumentsJson, argumentPieces: splitEvenly(argumentsJson, chunks) };
  } else if (info.responseFormat.kind !== 'text') {
    const format = info.responseFormat;
    const words = completionText(outputTokens);
    text = JSON.stringify(format.kind === 'json_schema' ? sampleFromSchema(format.schema, words) : { result: words });
    json = true;
  } else {
    text = completionText(outputTokens);
  }
  // One object literal with a fixed shape: renderers read it on the hot path.
  return {
    model: info.model,
    inputTokens,
    outputTokens,
    cachedInputTokens: Math.min(behavior.cachedInputTokens ?? 0, inputTokens),
    cacheCreationInputTokens: behavior.cacheCreationInputTokens ?? 0,
    finish,
    text,
    chunks,
    json,
    tool: call,
  };
}

/** Content deltas of a text answer (only streams need them). */
export function streamPieces(plan: ChatPlan): string[] {
  if (plan.tool) return [];
  return plan.json ? splitEvenly(plan.text, plan.chunks) : completionPieces(plan.outputTokens, plan.chunks);
}
