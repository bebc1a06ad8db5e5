import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { allowContent, JsonLogger, REDACTED, REDACTED_CONTENT, type LogFields } from '../index';

function capture(level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'): { logger: JsonLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ service: 'spec', ...(level ? { level } : {}), write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

function logged(fields: LogFields): Record<string, unknown> {
  const { logger, lines } = capture();
  logger.info('event', fields);
  return lines[0]!;
}

const OPENAI_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789';
const ASC_KEY = 'sk-asc-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZW5hbnQtYSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('JsonLogger redaction', () => {
  it.each([
    ['authorization header', { headers: { authorization: `Bearer ${OPENAI_KEY}` } }, { headers: { authorization: REDACTED } }],
    ['x-api-key header', { headers: { 'x-api-key': ASC_KEY, 'content-type': 'application/json' } }, { headers: { 'x-api-key': REDACTED, 'content-type': 'application/json' } }],
    ['cookie header', { headers: { cookie: 'session=abc' } }, { headers: { cookie: REDACTED } }],
    ['apiKey field', { apiKey: 'whatever-value' }, { apiKey: REDACTED }],
    ['api_key field', { provider: { api_key: 'x' } }, { provider: { api_key: REDACTED } }],
    ['password field', { dbPassword: 'hunter2' }, { dbPassword: REDACTED }],
    ['secret field', { clientSecret: 'abc', webhook_secret: 'def' }, { clientSecret: REDACTED, webhook_secret: REDACTED }],
    ['token fields', { access_token: 'abc', refreshToken: 'def', token: 'ghi' }, { access_token: REDACTED, refreshToken: REDACTED, token: REDACTED }],
    ['token counts stay', { inputTokens: 12, max_tokens: 256, usage: { output_tokens: 34 } }, { inputTokens: 12, max_tokens: 256, usage: { output_tokens: 34 } }],
    ['key prefix and ids stay', { keyPrefix: 'sk-asc-Zm9v', keyId: 'k1', tenant: 't1' }, { keyPrefix: 'sk-asc-Zm9v', keyId: 'k1', tenant: 't1' }],
    ['sk- key inside free text', { detail: `upstream said: invalid key ${OPENAI_KEY} used` }, { detail: `upstream said: invalid key ${REDACTED} used` }],
    ['bearer inside free text', { note: `sent Authorization: Bearer ${JWT}` }, { note: `sent Authorization: ${REDACTED}` }],
    ['JWT anywhere', { list: ['a', JWT] }, { list: ['a', REDACTED] }],
    ['URL credentials', { url: 'postgresql://asc:s3cr3t@db:5432/asc' }, { url: `postgresql://asc:${REDACTED}@db:5432/asc` }],
    ['prompt text', { prompt: 'my medical history' }, { prompt: REDACTED_CONTENT }],
    ['chat messages', { body: { model: 'gpt-4o' }, messages: [{ role: 'user', content: 'hi' }] }, { body: REDACTED_CONTENT, messages: REDACTED_CONTENT }],
    ['nested content', { request: { model: 'gpt-4o', input: 'embed me' } }, { request: { model: 'gpt-4o', input: REDACTED_CONTENT } }],
    ['prompt allowed by the caller', { prompt: allowContent('hello there') }, { prompt: 'hello there' }],
    ['allowed prompt still loses keys', { messages: allowContent([{ role: 'user', content: `use ${OPENAI_KEY}` }]) }, { messages: [{ role: 'user', content: `use ${REDACTED}` }] }],
  ])('%s', (_name, fields, expected) => {
    expect(logged(fields)).toMatchObject(expected);
    expect(JSON.stringify(logged(fields))).not.toMatch(/sk-proj-AbCd|sk-asc-Zm9vYmFy|hunter2|s3cr3t|medical|eyJhbGciOiJIUzI1NiJ9\.eyJ/);
  });

  it('scrubs the message and errors, and keeps one JSON line per event', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error(`401 from upstream for key ${OPENAI_KEY}`), { code: 'PROVIDER_AUTH' });
    logger.error(`call failed with ${OPENAI_KEY}`, { err: error });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', service: 'spec', msg: `call failed with ${REDACTED}`, err: { name: 'Error', code: 'PROVIDER_AUTH', message: `401 from upstream for key ${REDACTED}` } });
    expect(JSON.stringify(lines[0])).not.toContain('sk-proj');
    expect(typeof lines[0]!.time).toBe('string');
    expect(Number.isNaN(Date.parse(lines[0]!.time as string))).toBe(false);
  });

  it('honours the level and LOG_LEVEL', () => {
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    logger.debug('dropped');
    logger.warn('kept');
    logger.error('kept too');
    expect(lines.map((line) => line.msg)).toEqual(['kept', 'kept too']);

    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    try {
      const fromEnv = capture();
      fromEnv.logger.trace('dropped');
      fromEnv.logger.debug('kept');
      expect(fromEnv.lines.map((line) => line.msg)).toEqual(['kept']);
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
    const silent = capture('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it("serves as Nest's logger, with Nest's context and error stacks", async () => {
    const { logger, lines } = capture('info');
    @Controller()
    class PingController {
      private readonly log = new Logger('Ping');
      @Get('ping')
      ping(): string {
        this.log.log('pinged');
        this.log.error('failed', 'Error: boom\n    at here', 'Ping');
        return 'pong';
      }
    }
    @Module({ controllers: [PingController] })
    class AppModule {}
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      expect(await (await fetch(`${await app.getUrl()}/ping`)).text()).toBe('pong');
    } finally {
      await app.close();
    }
    expect(lines.some((line) => line.context === 'RoutesResolver' && line.level === 'info')).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'pinged', context: 'Ping', service: 'spec' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'failed', context: 'Ping', stack: 'Error: boom\n    at here' }));
    expect(lines.find((line) => line.msg === 'pinged')).not.toHaveProperty('stack');
  });
});
