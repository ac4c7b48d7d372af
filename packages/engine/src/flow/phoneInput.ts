/**
 * Store customer input with phone number validation (GetParticipantInput, StoreInput True,
 * InputValidation.PhoneNumberValidation {NumberFormat: "Local" | "E164", CountryCode}; flow-language.md §2.2):
 * the customer keys a number, the flow keeps it in E.164 — what UpdateContactCallbackNumber takes from
 * $.StoredCustomerInput. "Local": the number as dialled inside CountryCode's country (a national trunk
 * prefix dropped), the country's calling code put in front; "E164": the country code keyed first (a phone
 * keypad has no "+"). A number that cannot be a phone number is InvalidPhoneNumber (undefined here).
 */

/** Calling codes of the countries whose numbers flows ask for (ISO 3166 alpha-2 → E.164 country code). */
export const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '1', CA: '1', PR: '1', GB: '44', IE: '353', AU: '61', NZ: '64', DE: '49', FR: '33', ES: '34', IT: '39', NL: '31',
  BE: '32', CH: '41', AT: '43', SE: '46', NO: '47', DK: '45', FI: '358', PT: '351', PL: '48', MX: '52', BR: '55',
  AR: '54', CO: '57', CL: '56', IN: '91', JP: '81', KR: '82', SG: '65', HK: '852', PH: '63', ZA: '27', IL: '972', AE: '971',
};

/** The E.164 number a phone-validated input stands for, or undefined (InvalidPhoneNumber). */
export function storedPhoneNumber(input: string, validation: { NumberFormat?: unknown; CountryCode?: unknown }): string | undefined {
  const keyed = input.replace(/[\s().-]/g, '');
  const plus = keyed.startsWith('+');
  const digits = plus ? keyed.slice(1) : keyed;
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const local = String(validation.NumberFormat ?? '').toLowerCase() === 'local' && !plus;
  if (!local) return e164(`+${digits}`);
  const country = String(validation.CountryCode ?? '').toUpperCase();
  const code = CALLING_CODES[country];
  if (code === undefined) return undefined;
  if (code === '1') {
    // The North American plan: ten digits, or eleven with the leading 1 dialled.
    const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    return /^[2-9][0-9]{9}$/.test(national) ? `+1${national}` : undefined;
  }
  const national = digits.replace(/^0/, '');
  return national.length >= 4 ? e164(`+${code}${national}`) : undefined;
}

/** E.164: a "+", a country code not starting with 0, at most 15 digits in all (and at least 8 in practice). */
const e164 = (n: string) => (/^\+[1-9][0-9]{7,14}$/.test(n) ? n : undefined);
