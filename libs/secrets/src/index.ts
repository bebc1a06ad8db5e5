export {
  VIRTUAL_KEY_MARKER,
  VIRTUAL_KEY_PREFIX_LENGTH,
  constantTimeEqual,
  generateVirtualKey,
  hashVirtualKey,
  looksLikeVirtualKey,
  verifyVirtualKey,
  virtualKeyPrefix,
  type VirtualKey,
} from './virtual-key';
export { EnvelopeCipher, type EncryptedSecret } from './envelope-cipher';
export { parseMasterKey, parseMasterKeyring, type MasterKey } from './master-key';
