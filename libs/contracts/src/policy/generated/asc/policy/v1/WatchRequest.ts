// Original file: proto/policy/v1/policy.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchRequest {
  'knownVersion'?: (number | string | Long);
}

export interface WatchRequest__Output {
  'knownVersion': (number);
}
