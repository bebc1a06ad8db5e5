export { canonicalJson, CanonicalJsonError, type JsonValue } from './canonical-json';
export { GENESIS_HASH, chainHash, isChainHash } from './chain-hash';
export { parseSigningKey, parsePublicKey, SigningKeyError, type SigningKey, type PublicKey } from './signing-key';
export {
  signCheckpoint, checkCheckpointSignature, checkpointSigningBytes, type Checkpoint, type SignedCheckpoint, type SignatureCheck,
} from './checkpoint';
export { verifyChain, type ChainRow, type ChainBreak, type ChainBreakKind, type VerifyChainOptions, type VerifyReport } from './verifier';
export { appendToChain, type ChainHead, type AppendedRecord } from './append';
