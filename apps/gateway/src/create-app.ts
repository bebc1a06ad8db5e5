import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '@asc/errors';
import type { GatewayConfig } from '@asc/config';
import { JsonLogger, type Telemetry } from '@asc/telemetry';
import { AppModule } from './app.module';
import { sendError } from './errors/error-responder';
import { DataPlaneHandler } from './data-plane/data-plane.handler';

/** Builds the gateway application (used by `main.ts` and by in-process tests). */
export async function createGatewayApp(config: GatewayConfig, telemetry?: Telemetry): Promise<NestFastifyApplication> {
  // The proxy endpoints are taken off the server before Fastify's router (see DataPlaneHandler for why).
  const dataPlane: { handler?: DataPlaneHandler } = {};
  const serverFactory = (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void) =>
    createServer((req, res) => {
      if (dataPlane.handler === undefined || !dataPlane.handler.route(req, res)) fastifyHandler(req, res);
    });
  // No Nest middleware is used: skipping middie removes a per-request hook from the hot path.
  const adapter = new FastifyAdapter({
    skipMiddie: true,
    serverFactory,
    bodyLimit: config.ASC_MAX_BODY_BYTES,
    logger: false,
    // Long streams: never cut a response because it takes long; idle sockets are closed by keep-alive timeouts.
    requestTimeout: 0,
    keepAliveTimeout: 65_000,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, telemetry), adapter, {
    bodyParser: false,
    // Fail with an error (listing the cause) instead of aborting the process.
    abortOnError: false,
    // One JSON line per log event, with trace ids, secrets redacted.
    logger: config.LOG_LEVEL === 'silent' ? false : new JsonLogger({ service: 'gateway', level: config.LOG_LEVEL }),
  });
  installJsonParser(app.getHttpAdapter().getInstance(), config.ASC_MAX_BODY_BYTES);
  app.enableShutdownHooks();
  await app.init();
  dataPlane.handler = app.get(DataPlaneHandler);
  return app;
}

/**
 * Plain `JSON.parse` for request bodies (bodies come from authenticated callers; prototype keys are harmless
 * here because bodies are only read and re-serialised), and every parse or size failure rendered in the
 * caller's dialect by the same responder as all other errors.
 */
function installJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  // Also `*`: a body sent by `curl -d` without a JSON content type is still JSON to every LLM API client.
  const parseJson = (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void => {
    if (body === '') return done(new InvalidRequestError({ message: 'The request body is empty; expected a JSON object.', code: 'INVALID_JSON' }), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InvalidRequestError({ message: 'We could not parse the JSON body of your request.', code: 'INVALID_JSON' }), undefined);
    }
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, parseJson);
  fastify.setErrorHandler((error, request, reply) => sendError(request, reply, error));
}
