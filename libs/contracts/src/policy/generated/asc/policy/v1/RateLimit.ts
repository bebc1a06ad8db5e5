// Original file: proto/policy/v1/policy.proto


export interface RateLimit {
  'requestsPerMinute'?: (number);
  'tokensPerMinute'?: (number);
  '_requestsPerMinute'?: "requestsPerMinute";
  '_tokensPerMinute'?: "tokensPerMinute";
}

export interface RateLimit__Output {
  'requestsPerMinute'?: (number);
  'tokensPerMinute'?: (number);
  '_requestsPerMinute'?: "requestsPerMinute";
  '_tokensPerMinute'?: "tokensPerMinute";
}
