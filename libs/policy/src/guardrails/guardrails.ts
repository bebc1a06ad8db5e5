import { PII_KINDS, type EffectivePolicy, type PiiKind } from '../rules/effective-policy';
import { findPii, type Span } from './pii-detectors';

/**
 * A policy's guardrails, compiled once per effective policy (when a snapshot is compiled): which PII kinds to block
 * or redact, and one case-insensitive regex for all blocked terms. `scan` is what runs per request.
 */
export interface GuardrailResult {
  /** Set when the text must not be sent: the first blocking finding. */
  blocked: { code: 'PII_BLOCKED'; kind: PiiKind } | { code: 'BLOCKED_TERM'; term: string } | null;
  /** PII kinds found and redacted (empty if none). */
  redacted: PiiKind[];
  /** The text with every redacted span replaced by `[REDACTED:<KIND>]`; null when nothing was redacted. */
  text: string | null;
}

const CLEAN: GuardrailResult = Object.freeze({ blocked: null, redacted: [], text: null }) as GuardrailResult;

export class CompiledGuardrails {
  /** Kinds with any action but `off`. */
  private readonly enabled: ReadonlySet<PiiKind>;
  private readonly blocking: ReadonlySet<PiiKind>;
  private readonly terms: RegExp | null;
  /** PII kinds the gateway must redact (an obligation, also without a prompt to scan). */
  readonly redactions: readonly PiiKind[];
  readonly active: boolean;

  constructor(policy: Pick<EffectivePolicy, 'pii' | 'blockedTerms'>) {
    this.enabled = new Set(PII_KINDS.filter((k) => policy.pii[k] !== 'off'));
    this.blocking = new Set(PII_KINDS.filter((k) => policy.pii[k] === 'block'));
    this.redactions = PII_KINDS.filter((k) => policy.pii[k] === 'redact');
    this.terms = compileTerms(policy.blockedTerms);
    this.active = this.enabled.size > 0 || this.terms !== null;
  }

  scan(text: string): GuardrailResult {
    if (!this.active || text.length === 0) return CLEAN;
    if (this.terms !== null) {
      this.terms.lastIndex = 0;
      const hit = this.terms.exec(text);
      if (hit) return { blocked: { code: 'BLOCKED_TERM', term: hit[0] }, redacted: [], text: null };
    }
    if (this.enabled.size === 0) return CLEAN;
    const spans: Span[] = [];
    findPii(text, this.enabled, spans);
    if (spans.length === 0) return CLEAN;
    for (const span of spans) if (this.blocking.has(span.kind)) return { blocked: { code: 'PII_BLOCKED', kind: span.kind }, redacted: [], text: null };
    return redact(text, spans);
  }
}

function redact(text: string, spans: Span[]): GuardrailResult {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kinds = new Set<PiiKind>();
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue; // overlaps one already redacted (e.g. a card number inside an IBAN-like run)
    out += text.slice(cursor, span.start) + `[REDACTED:${span.kind.toUpperCase()}]`;
    cursor = span.end;
    kinds.add(span.kind);
  }
  out += text.slice(cursor);
  return { blocked: null, redacted: [...kinds], text: out };
}

/** Whole-word, case-insensitive, Unicode-aware; terms are literal text (regex metacharacters escaped). */
function compileTerms(terms: readonly string[]): RegExp | null {
  const cleaned = [...new Set(terms.map((t) => t.trim()).filter(Boolean))];
  if (cleaned.length === 0) return null;
  // Longest first, so "project falcon x" wins over "project falcon" in the alternation.
  cleaned.sort((a, b) => b.length - a.length);
  const alternation = cleaned.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])`, 'giu');
}
