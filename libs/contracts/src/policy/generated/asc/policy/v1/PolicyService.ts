// Original file: proto/policy/v1/policy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckRequest as _asc_policy_v1_CheckRequest, CheckRequest__Output as _asc_policy_v1_CheckRequest__Output } from '../../../asc/policy/v1/CheckRequest';
import type { CheckResponse as _asc_policy_v1_CheckResponse, CheckResponse__Output as _asc_policy_v1_CheckResponse__Output } from '../../../asc/policy/v1/CheckResponse';
import type { PolicySnapshot as _asc_policy_v1_PolicySnapshot, PolicySnapshot__Output as _asc_policy_v1_PolicySnapshot__Output } from '../../../asc/policy/v1/PolicySnapshot';
import type { WatchRequest as _asc_policy_v1_WatchRequest, WatchRequest__Output as _asc_policy_v1_WatchRequest__Output } from '../../../asc/policy/v1/WatchRequest';

export interface PolicyServiceClient extends grpc.Client {
  Check(argument: _asc_policy_v1_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _asc_policy_v1_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _asc_policy_v1_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  Check(argument: _asc_policy_v1_CheckRequest, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _asc_policy_v1_CheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _asc_policy_v1_CheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _asc_policy_v1_CheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  check(argument: _asc_policy_v1_CheckRequest, callback: grpc.requestCallback<_asc_policy_v1_CheckResponse__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _asc_policy_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_asc_policy_v1_PolicySnapshot__Output>;
  Watch(argument: _asc_policy_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_asc_policy_v1_PolicySnapshot__Output>;
  watch(argument: _asc_policy_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_asc_policy_v1_PolicySnapshot__Output>;
  watch(argument: _asc_policy_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_asc_policy_v1_PolicySnapshot__Output>;
  
}

export interface PolicyServiceHandlers extends grpc.UntypedServiceImplementation {
  Check: grpc.handleUnaryCall<_asc_policy_v1_CheckRequest__Output, _asc_policy_v1_CheckResponse>;
  
  Watch: grpc.handleServerStreamingCall<_asc_policy_v1_WatchRequest__Output, _asc_policy_v1_PolicySnapshot>;
  
}

export interface PolicyServiceDefinition extends grpc.ServiceDefinition {
  Check: MethodDefinition<_asc_policy_v1_CheckRequest, _asc_policy_v1_CheckResponse, _asc_policy_v1_CheckRequest__Output, _asc_policy_v1_CheckResponse__Output>
  Watch: MethodDefinition<_asc_policy_v1_WatchRequest, _asc_policy_v1_PolicySnapshot, _asc_policy_v1_WatchRequest__Output, _asc_policy_v1_PolicySnapshot__Output>
}
