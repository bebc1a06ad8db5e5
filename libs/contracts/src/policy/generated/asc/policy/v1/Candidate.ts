// Original file: proto/policy/v1/policy.proto


export interface Candidate {
  'deploymentId'?: (string);
  'model'?: (string);
  'provider'?: (string);
  'upstreamModel'?: (string);
  'region'?: (string);
  'priority'?: (number);
}

export interface Candidate__Output {
  'deploymentId': (string);
  'model': (string);
  'provider': (string);
  'upstreamModel': (string);
  'region': (string);
  'priority': (number);
}
