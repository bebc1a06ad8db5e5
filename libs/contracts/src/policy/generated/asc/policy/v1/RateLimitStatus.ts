// Original file: proto/policy/v1/policy.proto


export interface RateLimitStatus {
  'scope'?: (string);
  'dimension'?: (string);
  'limit'?: (number);
  'remaining'?: (number);
  'resetMs'?: (number);
}

export interface RateLimitStatus__Output {
  'scope': (string);
  'dimension': (string);
  'limit': (number);
  'remaining': (number);
  'resetMs': (number);
}
