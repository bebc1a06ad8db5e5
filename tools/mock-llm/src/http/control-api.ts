/**
 * Test control API under `/__mock/`:
 *   GET|POST|DELETE /__mock/behaviors   list / add `{match?, behavior, times?}` → `{id}` / clear
 *   GET|DELETE      /__mock/requests    `?label=&dialect=&limit=` → `{requests:[…]}` / clear
 *   GET             /__mock/stats       counters                    POST /__mock/reset   clear everything
 *   GET             /__mock/health      `{ok:true}`
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BehaviorRules } from '../behavior/behavior-rules';
import type { RequestFilter, RequestRecorder } from '../recorder';
import type { BehaviorRule, Dialect } from '../types';
import { sendJson } from './responder';

export interface ControlContext {
  rules: BehaviorRules;
  recorder: RequestRecorder;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRule(raw: string): BehaviorRule | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'body is not JSON';
  }
  if (!isRecord(body) || !isRecord(body.behavior)) return '`behavior` object required';
  if (body.match !== undefined && !isRecord(body.match)) return '`match` must be an object';
  if (body.times !== undefined && !(typeof body.times === 'number' && Number.isInteger(body.times) && body.times > 0)) {
    return '`times` must be a positive integer';
  }
  return body as unknown as BehaviorRule;
}

function parseFilter(query: string): RequestFilter {
  const params = new URLSearchParams(query);
  const filter: RequestFilter = {};
  const label = params.get('label');
  const dialect = params.get('dialect');
  const limit = params.get('limit');
  if (label !== null) filter.label = label;
  if (dialect !== null) filter.dialect = dialect as Dialect;
  if (limit !== null && Number.isInteger(Number(limit))) filter.limit = Number(limit);
  return filter;
}

export function handleControl(ctx: ControlContext, req: IncomingMessage, res: ServerResponse, path: string, query: string, rawBody: string): void {
  const route = `${req.method ?? 'GET'} ${path}`;
  switch (route) {
    case 'GET /__mock/health':
      return sendJson(res, 200, '{"ok":true}');
    case 'GET /__mock/behaviors':
      return sendJson(res, 200, JSON.stringify({ behaviors: ctx.rules.list() }));
    case 'POST /__mock/behaviors': {
      const rule = parseRule(rawBody);
      if (typeof rule === 'string') return sendJson(res, 400, JSON.stringify({ error: rule }));
      return sendJson(res, 201, JSON.stringify({ id: ctx.rules.add(rule) }));
    }
    case 'DELETE /__mock/behaviors':
      ctx.rules.clear();
      return sendJson(res, 200, '{"cleared":true}');
    case 'GET /__mock/requests':
      return sendJson(res, 200, JSON.stringify({ requests: ctx.recorder.list(parseFilter(query)) }));
    case 'DELETE /__mock/requests':
      ctx.recorder.clear();
      return sendJson(res, 200, '{"cleared":true}');
    case 'GET /__mock/stats':
      return sendJson(res, 200, JSON.stringify(ctx.recorder.stats()));
    case 'POST /__mock/reset':
      ctx.rules.clear();
      ctx.recorder.clear();
      ctx.recorder.resetStats();
      return sendJson(res, 200, '{"cleared":true}');
    default:
      return sendJson(res, 404, JSON.stringify({ error: `unknown control route ${route}` }));
  }
}
