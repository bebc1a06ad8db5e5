// Original file: proto/policy/v1/policy.proto


export interface CheckRequest {
  'tenant'?: (string);
  'keyId'?: (string);
  'model'?: (string);
  'regionHints'?: (string)[];
  'estimatedTokens'?: (number);
  'operation'?: (string);
  'prompt'?: (string);
  'requestId'?: (string);
}

export interface CheckRequest__Output {
  'tenant': (string);
  'keyId': (string);
  'model': (string);
  'regionHints': (string)[];
  'estimatedTokens': (number);
  'operation': (string);
  'prompt': (string);
  'requestId': (string);
}
