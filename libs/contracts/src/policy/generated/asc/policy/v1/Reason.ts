// Original file: proto/policy/v1/policy.proto


export interface Reason {
  'code'?: (string);
  'message'?: (string);
}

export interface Reason__Output {
  'code': (string);
  'message': (string);
}
