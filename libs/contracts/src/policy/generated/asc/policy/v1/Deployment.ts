// Original file: proto/policy/v1/policy.proto


export interface Deployment {
  'id'?: (string);
  'tenantId'?: (string);
  'model'?: (string);
  'provider'?: (string);
  'upstreamModel'?: (string);
  'region'?: (string);
  'priority'?: (number);
  'weight'?: (number);
  'operations'?: (string)[];
  '_tenantId'?: "tenantId";
}

export interface Deployment__Output {
  'id': (string);
  'tenantId'?: (string);
  'model': (string);
  'provider': (string);
  'upstreamModel': (string);
  'region': (string);
  'priority': (number);
  'weight': (number);
  'operations': (string)[];
  '_tenantId'?: "tenantId";
}
