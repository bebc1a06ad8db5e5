import { join } from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { Root, type Type } from 'protobufjs';
import type { CheckRequest__Output } from './generated/asc/policy/v1/CheckRequest';
import type { CheckResponse } from './generated/asc/policy/v1/CheckResponse';

/**
 * A leaner codec for `PolicyService/Check`, the policy service's hot path, with the same wire format. The loader's
 * default codec converts every message through protobufjs's `toObject`/`fromObject` (defaults, enum names, longs)
 * on top of the generated decoder/encoder; here a request is the decoded message itself (unset fields read as their
 * defaults from its prototype) and a response is encoded as it is, with only the logging enum name mapped to its
 * number. Strings, bools and numbers are what the generated types already say they are.
 */
export function withCompiledCheckCodec<S extends ServiceDefinition>(service: S, protoRoot: string, protoFile: string): S {
  const root = new Root();
  root.resolvePath = (_origin, target) => join(protoRoot, target);
  root.loadSync(protoFile, { keepCase: false });
  const request = root.lookupType('asc.policy.v1.CheckRequest');
  const response = root.lookupType('asc.policy.v1.CheckResponse');
  const loggingLevels = root.lookupEnum('asc.policy.v1.LoggingLevel').values;
  const check = service['Check'] as MethodDefinition<CheckRequest__Output, CheckResponse> | undefined;
  if (check === undefined) throw new Error('withCompiledCheckCodec: the service has no Check method');
  const compiled: MethodDefinition<CheckRequest__Output, CheckResponse> = {
    ...check,
    requestDeserialize: (bytes: Buffer) => request.decode(bytes) as unknown as CheckRequest__Output,
    responseSerialize: (value: CheckResponse) => encodeResponse(response, loggingLevels, value),
  };
  return { ...service, Check: compiled };
}

function encodeResponse(type: Type, loggingLevels: Record<string, number>, value: CheckResponse): Buffer {
  const obligations = value.obligations;
  const logging = obligations?.logging;
  const wire = typeof logging === 'string' ? { ...value, obligations: { ...obligations, logging: loggingLevels[logging] ?? 0 } } : value;
  const bytes = type.encode(wire).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
