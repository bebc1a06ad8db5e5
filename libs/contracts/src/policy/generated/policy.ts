import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Candidate as _asc_policy_v1_Candidate, Candidate__Output as _asc_policy_v1_Candidate__Output } from './asc/policy/v1/Candidate';
import type { CheckRequest as _asc_policy_v1_CheckRequest, CheckRequest__Output as _asc_policy_v1_CheckRequest__Output } from './asc/policy/v1/CheckRequest';
import type { CheckResponse as _asc_policy_v1_CheckResponse, CheckResponse__Output as _asc_policy_v1_CheckResponse__Output } from './asc/policy/v1/CheckResponse';
import type { Deployment as _asc_policy_v1_Deployment, Deployment__Output as _asc_policy_v1_Deployment__Output } from './asc/policy/v1/Deployment';
import type { Guardrails as _asc_policy_v1_Guardrails, Guardrails__Output as _asc_policy_v1_Guardrails__Output } from './asc/policy/v1/Guardrails';
import type { KeyPolicy as _asc_policy_v1_KeyPolicy, KeyPolicy__Output as _asc_policy_v1_KeyPolicy__Output } from './asc/policy/v1/KeyPolicy';
import type { Obligations as _asc_policy_v1_Obligations, Obligations__Output as _asc_policy_v1_Obligations__Output } from './asc/policy/v1/Obligations';
import type { OrganizationPolicy as _asc_policy_v1_OrganizationPolicy, OrganizationPolicy__Output as _asc_policy_v1_OrganizationPolicy__Output } from './asc/policy/v1/OrganizationPolicy';
import type { PiiRules as _asc_policy_v1_PiiRules, PiiRules__Output as _asc_policy_v1_PiiRules__Output } from './asc/policy/v1/PiiRules';
import type { PolicyRules as _asc_policy_v1_PolicyRules, PolicyRules__Output as _asc_policy_v1_PolicyRules__Output } from './asc/policy/v1/PolicyRules';
import type { PolicyServiceClient as _asc_policy_v1_PolicyServiceClient, PolicyServiceDefinition as _asc_policy_v1_PolicyServiceDefinition } from './asc/policy/v1/PolicyService';
import type { PolicySnapshot as _asc_policy_v1_PolicySnapshot, PolicySnapshot__Output as _asc_policy_v1_PolicySnapshot__Output } from './asc/policy/v1/PolicySnapshot';
import type { RateLimit as _asc_policy_v1_RateLimit, RateLimit__Output as _asc_policy_v1_RateLimit__Output } from './asc/policy/v1/RateLimit';
import type { RateLimitStatus as _asc_policy_v1_RateLimitStatus, RateLimitStatus__Output as _asc_policy_v1_RateLimitStatus__Output } from './asc/policy/v1/RateLimitStatus';
import type { Reason as _asc_policy_v1_Reason, Reason__Output as _asc_policy_v1_Reason__Output } from './asc/policy/v1/Reason';
import type { StringList as _asc_policy_v1_StringList, StringList__Output as _asc_policy_v1_StringList__Output } from './asc/policy/v1/StringList';
import type { TenantPolicy as _asc_policy_v1_TenantPolicy, TenantPolicy__Output as _asc_policy_v1_TenantPolicy__Output } from './asc/policy/v1/TenantPolicy';
import type { WatchRequest as _asc_policy_v1_WatchRequest, WatchRequest__Output as _asc_policy_v1_WatchRequest__Output } from './asc/policy/v1/WatchRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  asc: {
    policy: {
      v1: {
        Candidate: MessageTypeDefinition<_asc_policy_v1_Candidate, _asc_policy_v1_Candidate__Output>
        CheckRequest: MessageTypeDefinition<_asc_policy_v1_CheckRequest, _asc_policy_v1_CheckRequest__Output>
        CheckResponse: MessageTypeDefinition<_asc_policy_v1_CheckResponse, _asc_policy_v1_CheckResponse__Output>
        Deployment: MessageTypeDefinition<_asc_policy_v1_Deployment, _asc_policy_v1_Deployment__Output>
        Guardrails: MessageTypeDefinition<_asc_policy_v1_Guardrails, _asc_policy_v1_Guardrails__Output>
        KeyPolicy: MessageTypeDefinition<_asc_policy_v1_KeyPolicy, _asc_policy_v1_KeyPolicy__Output>
        LoggingLevel: EnumTypeDefinition
        Obligations: MessageTypeDefinition<_asc_policy_v1_Obligations, _asc_policy_v1_Obligations__Output>
        OrganizationPolicy: MessageTypeDefinition<_asc_policy_v1_OrganizationPolicy, _asc_policy_v1_OrganizationPolicy__Output>
        PiiAction: EnumTypeDefinition
        PiiRules: MessageTypeDefinition<_asc_policy_v1_PiiRules, _asc_policy_v1_PiiRules__Output>
        PolicyRules: MessageTypeDefinition<_asc_policy_v1_PolicyRules, _asc_policy_v1_PolicyRules__Output>
        PolicyService: SubtypeConstructor<typeof grpc.Client, _asc_policy_v1_PolicyServiceClient> & { service: _asc_policy_v1_PolicyServiceDefinition }
        PolicySnapshot: MessageTypeDefinition<_asc_policy_v1_PolicySnapshot, _asc_policy_v1_PolicySnapshot__Output>
        RateLimit: MessageTypeDefinition<_asc_policy_v1_RateLimit, _asc_policy_v1_RateLimit__Output>
        RateLimitStatus: MessageTypeDefinition<_asc_policy_v1_RateLimitStatus, _asc_policy_v1_RateLimitStatus__Output>
        Reason: MessageTypeDefinition<_asc_policy_v1_Reason, _asc_policy_v1_Reason__Output>
        StringList: MessageTypeDefinition<_asc_policy_v1_StringList, _asc_policy_v1_StringList__Output>
        TenantPolicy: MessageTypeDefinition<_asc_policy_v1_TenantPolicy, _asc_policy_v1_TenantPolicy__Output>
        WatchRequest: MessageTypeDefinition<_asc_policy_v1_WatchRequest, _asc_policy_v1_WatchRequest__Output>
      }
    }
  }
}

