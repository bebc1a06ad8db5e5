/** Checksums that turn "looks like a number" into "is one": Luhn for payment cards, ISO 7064 mod-97 for IBANs. */

/** Luhn over the digits of `text` (separators skipped). */
export function luhnValid(text: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let d = code - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    digits++;
  }
  return digits >= 12 && sum % 10 === 0;
}

/**
 * IBAN lengths by country (ISO 13616 registry, SWIFT release 2024), for the countries most likely in a prompt; other
 * country codes fall back to the 15–34 range.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GR: 27,
  HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25,
  RO: 24, SE: 24, SI: 19, SK: 24,
};

/** mod-97 of an IBAN in compact form (no spaces, upper case): valid when the remainder is 1. */
export function ibanChecksumValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) return false;
  let remainder = 0;
  // Rearranged: BBAN first, then country code and check digits; letters become 10..35.
  for (let n = 0; n < compact.length; n++) {
    const code = compact.charCodeAt((n + 4) % compact.length);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}
