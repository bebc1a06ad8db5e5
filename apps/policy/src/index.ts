export { startPolicyApp, type PolicyApp } from './create-app';
export { planPolicyFile, type Plan } from './policy-as-code/plan';
export { policyFileSchema, type PolicyFile } from './policy-as-code/policy-file';
export { renderDiff, type DiffLine } from './policy-as-code/diff-lines';
