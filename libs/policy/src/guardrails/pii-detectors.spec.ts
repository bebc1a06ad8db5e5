import { describe, expect, it } from 'vitest';
import { CompiledGuardrails, findPii, ibanChecksumValid, luhnValid, PII_KINDS, UNRESTRICTED_POLICY, type PiiKind, type Span } from '../index';

const ALL = new Set<PiiKind>(PII_KINDS);
function found(text: string): { kind: PiiKind; text: string }[] {
  const spans: Span[] = [];
  findPii(text, ALL, spans);
  return spans.sort((a, b) => a.start - b.start).map((s) => ({ kind: s.kind, text: text.slice(s.start, s.end) }));
}

describe('checksums', () => {
  it.each(['4111111111111111', '5500 0000 0000 0004', '3782-822463-10005', '6011111111111117', '4012888888881881'])('Luhn accepts %s', (n) => {
    expect(luhnValid(n)).toBe(true);
  });
  it.each(['4111111111111112', '1234567812345678', '5500 0000 0000 0005', '12345'])('Luhn rejects %s', (n) => {
    expect(luhnValid(n)).toBe(false);
  });
  it.each(['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'BE68539007547034'])('mod-97 accepts %s', (iban) => {
    expect(ibanChecksumValid(iban)).toBe(true);
  });
  it.each(['DE89370400440532013001', 'GB82WEST12345698765433', 'NL91ABNA0417164301', 'DE00'])('mod-97 rejects %s', (iban) => {
    expect(ibanChecksumValid(iban)).toBe(false);
  });
});

describe('PII detectors', () => {
  it('finds Luhn-valid card numbers only', () => {
    expect(found('pay with 4111 1111 1111 1111 today')).toEqual([{ kind: 'card', text: '4111 1111 1111 1111' }]);
    expect(found('order 4111 1111 1111 1112 shipped')).toEqual([]);
    expect(found('card 5500-0000-0000-0004.')).toEqual([{ kind: 'card', text: '5500-0000-0000-0004' }]);
  });

  it('finds mod-97-valid IBANs, compact or grouped, and stops at the country length', () => {
    expect(found('IBAN DE89 3704 0044 0532 0130 00 OK THANKS')).toEqual([{ kind: 'iban', text: 'DE89 3704 0044 0532 0130 00' }]);
    expect(found('to GB82WEST12345698765432.')).toEqual([{ kind: 'iban', text: 'GB82WEST12345698765432' }]);
    expect(found('to GB82WEST12345698765433.')).toEqual([]);
  });

  it('finds US SSNs and UK National Insurance numbers, not impossible ones', () => {
    expect(found('SSN 123-45-6789 on file')).toEqual([{ kind: 'national_id', text: '123-45-6789' }]);
    expect(found('SSN 000-45-6789 / 666-12-3456 / 123-00-6789')).toEqual([]);
    expect(found('NINO QQ 12 34 56 C or AB123456D')).toEqual([{ kind: 'national_id', text: 'AB123456D' }]);
    expect(found('NINO JG 10 37 59 A')).toEqual([{ kind: 'national_id', text: 'JG 10 37 59 A' }]);
  });

  it('finds emails and phone numbers', () => {
    expect(found('write to Jane.Doe+news@mail.example.co.uk.')).toEqual([{ kind: 'email', text: 'Jane.Doe+news@mail.example.co.uk' }]);
    expect(found('not an email: a@b, @handle, x@localhost')).toEqual([]);
    expect(found('call +44 20 7946 0958 or (212) 555-0100')).toEqual([
      { kind: 'phone', text: '+44 20 7946 0958' },
      { kind: 'phone', text: '(212) 555-0100' },
    ]);
    expect(found('version 2024-01-15 build 1.2.3')).toEqual([]);
  });
});

describe('CompiledGuardrails', () => {
  const policy = { ...UNRESTRICTED_POLICY, pii: { ...UNRESTRICTED_POLICY.pii, email: 'redact', phone: 'redact', national_id: 'block' } } as const;

  it('redacts every redact-kind finding and reports the kinds', () => {
    const result = new CompiledGuardrails(policy).scan('Ping a@example.com and b@example.org at +1 415 555 2671.');
    expect(result).toEqual({ blocked: null, redacted: ['email', 'phone'], text: 'Ping [REDACTED:EMAIL] and [REDACTED:EMAIL] at [REDACTED:PHONE].' });
  });

  it('blocks a block-kind finding, and leaves off-kinds alone', () => {
    const guardrails = new CompiledGuardrails(policy);
    expect(guardrails.scan('my ssn is 123-45-6789').blocked).toEqual({ code: 'PII_BLOCKED', kind: 'national_id' });
    expect(guardrails.scan('card 4111111111111111').text).toBeNull();
    expect(guardrails.redactions).toEqual(['email', 'phone']);
  });

  it('matches blocked terms as whole words, case-insensitively, with regex characters taken literally', () => {
    const guardrails = new CompiledGuardrails({ ...UNRESTRICTED_POLICY, blockedTerms: ['c++ secrets', 'Falcon'] });
    expect(guardrails.scan('tell me C++ Secrets').blocked).toEqual({ code: 'BLOCKED_TERM', term: 'C++ Secrets' });
    expect(guardrails.scan('the FALCON lands').blocked).toMatchObject({ code: 'BLOCKED_TERM' });
    expect(guardrails.scan('falconry is fine').blocked).toBeNull();
  });
});
