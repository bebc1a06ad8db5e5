/**
 * Handles one provider request: record it, check credentials and dialect headers, resolve the behaviour,
 * then answer (error, unary or stream). One call per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BehaviorRules } from '../behavior/behavior-rules';
import { parseInBandDirectives } from '../behavior/in-band';
import { InvalidChatRequest, planChat, readChatRequest } from '../chat/chat-request';
import { ids } from '../chat/ids';
import { anthropicMessageStream, anthropicMessageUnary } from '../dialects/anthropic-messages';
import { embeddingsResponse, readEmbeddingModel } from '../dialects/embeddings';
import { errorBody, streamErrorFrame } from '../dialects/errors';
import { mistralChatStream, mistralChatUnary } from '../dialects/mistral-chat';
import { modelsResponse } from '../dialects/models';
import { openAiChatStream, openAiChatUnary } from '../dialects/openai-chat';
import type { RequestRecorder } from '../recorder';
import { pickHeaders } from '../recorder';
import type { Behavior, Dialect, RecordedRequest } from '../types';
import { checkAuth } from './auth';
import { Cancellation } from './cancellation';
import { beforeHeaders, playStream, playUnary, sendJson, type Exchange } from './responder';
import type { Route } from './router';

export interface ProviderContext {
  rules: BehaviorRules;
  recorder: RequestRecorder;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function responseHeaders(dialect: Dialect, requestId: string): Record<string, string> {
  switch (dialect) {
    case 'anthropic':
      return { 'request-id': requestId };
    case 'mistral':
      return { 'x-kong-request-id': requestId.slice(4) };
    case 'azure':
      return { 'apim-request-id': requestId.slice(4), 'x-request-id': requestId };
    default:
      return { 'x-request-id': requestId, 'openai-version': '2020-10-01', 'openai-processing-ms': '1' };
  }
}

function retryHeaders(dialect: Dialect, seconds: number): Record<string, string> {
  const headers: Record<string, string> = { 'retry-after': String(seconds) };
  if (dialect === 'anthropic') headers['anthropic-ratelimit-requests-remaining'] = '0';
  if (dialect === 'openai') {
    headers['x-ratelimit-remaining-requests'] = '0';
    headers['x-ratelimit-reset-requests'] = `${seconds}s`;
  }
  return headers;
}

function sendError(ex: Exchange, dialect: Dialect, status: number, model: string | null, message?: string, code?: string | null): void {
  const requestId = ex.headers['request-id'] ?? ex.headers['x-request-id'] ?? ids.request();
  const extra = status === 429 ? retryHeaders(dialect, ex.behavior.retryAfterSeconds ?? 1) : {};
  const body = errorBody(dialect, status, {
    model,
    requestId,
    ...(message !== undefined ? { message } : {}),
    ...(code !== undefined ? { code } : {}),
  });
  sendJson(ex.res, status, body, { ...ex.headers, ...extra });
}

/** Texts an in-band directive may hide in: user messages for chat, inputs for embeddings. */
function directiveText(route: Route, body: unknown, userText: string): string {
  if (route.operation === 'chat') return userText;
  if (isRecord(body) && typeof body.input === 'string') return body.input;
  if (isRecord(body) && Array.isArray(body.input)) return body.input.filter((x) => typeof x === 'string').join('\n');
  return '';
}

export async function handleProviderRequest(
  ctx: ProviderContext,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: string,
  query: string,
): Promise<void> {
  let body: unknown = null;
  let badJson = false;
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      badJson = true;
    }
  }
  const model = route.operation === 'models' ? null : readEmbeddingModel(body, route.deployment);
  const entry: RecordedRequest = ctx.recorder.record({
    time: new Date().toISOString(),
    label: route.label,
    dialect: route.dialect,
    operation: route.operation,
    method: req.method ?? 'GET',
    path: route.path,
    query,
    model,
    stream: isRecord(body) && body.stream === true,
    headers: pickHeaders(req.headers),
    body,
    status: 0,
    completed: false,
    aborted: false,
    reset: false,
  });
  const cancellation = new Cancellation();
  res.on('close', () => {
    entry.status = res.headersSent ? res.statusCode : 0;
    entry.completed = res.writableFinished;
    if (!res.writableFinished && !entry.reset) entry.aborted = true;
    cancellation.cancel();
    ctx.recorder.settle(entry);
  });

  const requestId = ids.request();
  const ex: Exchange = {
    res,
    signal: cancellation,
    behavior: {},
    headers: responseHeaders(route.dialect, requestId),
    onReset: () => {
      entry.reset = true;
    },
  };
  const dialect = route.dialect;

  const auth = checkAuth(dialect, req.headers);
  if (!auth.ok) return sendError(ex, dialect, 401, model, auth.message, auth.message !== undefined ? null : undefined);
  if (dialect === 'anthropic' && typeof req.headers['anthropic-version'] !== 'string') {
    return sendError(ex, dialect, 400, model, 'anthropic-version: header is required');
  }
  if (dialect === 'azure' && !/(^|&)api-version=/.test(query)) {
    return sendJson(res, 404, '{"error":{"code":"404","message":"Resource not found"}}', ex.headers);
  }
  if (badJson) return sendError(ex, dialect, 400, model, 'There was an error parsing the body of your request.');

  try {
    if (route.operation === 'models') {
      ex.behavior = ctx.rules.resolve({ label: route.label, model, dialect, operation: 'models' }, null);
      if (await answerPrelude(ex, dialect, model)) sendJson(res, 200, modelsResponse(dialect), ex.headers);
      return;
    }
    const chat = route.operation === 'chat' ? readChatRequest(dialect, body, route.deployment) : null;
    const inBand = parseInBandDirectives(directiveText(route, body, chat?.userText ?? ''));
    ex.behavior = ctx.rules.resolve({ label: route.label, model, dialect, operation: route.operation }, inBand);
    if (!chat) {
      const payload = embeddingsResponse(dialect, body, route.deployment);
      if (await answerPrelude(ex, dialect, model)) playUnary(ex, payload);
      return;
    }
    if (!(await answerPrelude(ex, dialect, model))) return;
    const plan = planChat(chat, ex.behavior);
    if (!chat.stream) {
      const payload =
        dialect === 'anthropic' ? anthropicMessageUnary(plan) : dialect === 'mistral' ? mistralChatUnary(plan) : openAiChatUnary(plan, dialect === 'azure');
      return playUnary(ex, payload);
    }
    const script =
      dialect === 'anthropic'
        ? anthropicMessageStream(plan)
        : dialect === 'mistral'
          ? mistralChatStream(plan)
          : openAiChatStream(plan, { azure: dialect === 'azure', includeUsage: chat.includeUsage });
    await playStream(ex, script, streamErrorFrame(dialect, { model, requestId, ...(ex.behavior.errorMessage ? { message: ex.behavior.errorMessage } : {}) }));
  } catch (error) {
    if (error instanceof InvalidChatRequest) return sendError(ex, dialect, 400, model, error.message);
    throw error;
  }
}

/** Latency, reset, stall and injected status; true when a normal answer should follow. */
async function answerPrelude(ex: Exchange, dialect: Dialect, model: string | null): Promise<boolean> {
  if (!(await beforeHeaders(ex))) return false;
  const status: Behavior['status'] = ex.behavior.status;
  if (status !== undefined && status >= 400) {
    sendError(ex, dialect, status, model, ex.behavior.errorMessage);
    return false;
  }
  return true;
}
