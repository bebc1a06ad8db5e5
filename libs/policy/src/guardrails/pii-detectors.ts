import type { PiiKind } from '../rules/effective-policy';
import { IBAN_LENGTHS, ibanChecksumValid, luhnValid } from './checksums';

/**
 * PII detectors. Each one is a precompiled global regex (compiled once per process) plus a validator that rejects
 * look-alikes, so the gateway's hot path never builds a regex and numbers only count when their checksum holds.
 *
 * - email: RFC 5322 "dot-atom" addresses (local@domain.tld), found from each '@' outwards (linear time).
 * - phone: E.164-style international numbers (`+` and 8–15 digits, optional spaces/dots/dashes/parentheses) and
 *   North American numbers written `(212) 555-0100`, `212-555-0100` or `212.555.0100`.
 * - card: 13–19 digit payment card numbers (spaces or dashes allowed), Luhn-checked.
 * - iban: ISO 13616 IBANs, compact or in groups of four, country length (when known) and mod-97 checked.
 * - national_id: US Social Security numbers in the dashed form AAA-GG-SSSS (excluding area 000, 666, 9xx, group 00
 *   and serial 0000, which the SSA never issues), and UK National Insurance numbers (two prefix letters excluding
 *   D, F, I, Q, U, V first and D, F, I, O, Q, U, V second and the prefixes BG, GB, KN, NK, NT, TN, ZZ; six digits;
 *   suffix A–D), optionally spaced.
 */
export interface Span {
  start: number;
  end: number;
  kind: PiiKind;
}

interface RegexDetector {
  kind: PiiKind;
  pattern: RegExp;
  /** Returns the end of the accepted match (possibly shorter than the regex match), or -1 to reject it. */
  accept(match: string, start: number): number;
}

const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![a-z0-9])/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const NINO = /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4})(?![\w])/g;

const DETECTORS: readonly RegexDetector[] = [
  { kind: 'card', pattern: CARD, accept: (m, s) => (luhnValid(m) ? s + m.length : -1) },
  { kind: 'iban', pattern: IBAN, accept: acceptIban },
  { kind: 'national_id', pattern: SSN, accept: (m, s) => s + m.length },
  { kind: 'national_id', pattern: NINO, accept: (m, s) => s + m.length },
  { kind: 'phone', pattern: PHONE, accept: acceptPhone },
];

/** Appends the spans of every enabled kind found in `text` to `out`. `enabled(kind)` is checked once per detector. */
export function findPii(text: string, enabled: ReadonlySet<PiiKind>, out: Span[]): void {
  if (enabled.has('email') && text.includes('@')) findEmails(text, out);
  if (!hasDigit(text)) return;
  for (const detector of DETECTORS) {
    if (!enabled.has(detector.kind)) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const end = detector.accept(match[0], match.index);
      if (end >= 0) out.push({ start: match.index, end, kind: detector.kind });
    }
  }
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function acceptIban(match: string, start: number): number {
  const country = match.slice(0, 2);
  const expected = IBAN_LENGTHS[country];
  // The regex may run into following upper-case words; cut at the country's length when known.
  let compact = '';
  let end = start;
  for (let i = 0; i < match.length; i++) {
    const ch = match[i]!;
    if (ch === ' ') continue;
    compact += ch;
    end = start + i + 1;
    if (expected !== undefined && compact.length === expected) break;
  }
  if (expected !== undefined && compact.length !== expected) return -1;
  return ibanChecksumValid(compact) ? end : -1;
}

function acceptPhone(match: string, start: number): number {
  let digits = 0;
  for (let i = 0; i < match.length; i++) {
    const c = match.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  const international = match.charCodeAt(0) === 43; /* + */
  return (international ? digits >= 8 && digits <= 15 : digits === 10) ? start + match.length : -1;
}

// --- email: expand around each '@' (a regex over the whole text would backtrack on every word) ---

function isLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function findEmails(text: string, out: Span[]): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && text.charCodeAt(start) === 46) start++; // no leading dot
    if (start === at) continue;
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--; // sentence dot
    const domain = text.slice(at + 1, end);
    const lastDot = domain.lastIndexOf('.');
    if (lastDot <= 0 || domain.length - lastDot - 1 < 2 || !/^[A-Za-z]+$/.test(domain.slice(lastDot + 1))) continue;
    out.push({ start, end, kind: 'email' });
  }
}
