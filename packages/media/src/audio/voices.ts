/**
 * Amazon Connect (Polly) voice names and language codes → espeak-ng voices. The voice name wins; then the
 * language code (exact, then its language alone); then en-us. Female Polly voices get espeak's f3
 * variant and male ones m3, so Joanna and Matthew do not sound the same.
 */

type Gender = 'f' | 'm';
const POLLY: Record<string, [string, Gender]> = {};
const add = (espeak: string, gender: Gender, names: string) => {
  for (const n of names.split(' ')) POLLY[n.toLowerCase()] = [espeak, gender];
};
add('en-us', 'f', 'Joanna Ivy Kendra Kimberly Salli Ruth Danielle');
add('en-us', 'm', 'Matthew Justin Joey Kevin Stephen Gregory Patrick');
add('en-gb', 'f', 'Amy Emma');
add('en-gb', 'm', 'Brian Arthur');
add('en-gb', 'f', 'Nicole Olivia Aditi Raveena Kajal Niamh Aria Ayanda'); // en-AU, en-IN, en-IE, en-NZ, en-ZA: nearest espeak English
add('en-gb', 'm', 'Russell Geraint');
add('es', 'f', 'Conchita Lucia');
add('es', 'm', 'Enrique Sergio');
add('es-419', 'f', 'Lupe Penelope Mia');
add('es-419', 'm', 'Miguel Pedro Andres');
add('fr-fr', 'f', 'Celine Céline Lea Léa Chantal Gabrielle');
add('fr-fr', 'm', 'Mathieu Remi Rémi Liam');
add('de', 'f', 'Marlene Vicki');
add('de', 'm', 'Hans Daniel');
add('it', 'f', 'Carla Bianca');
add('it', 'm', 'Giorgio Adriano');
add('pt-br', 'f', 'Vitoria Vitória Camila');
add('pt-br', 'm', 'Ricardo Thiago');
add('pt', 'f', 'Ines Inês');
add('pt', 'm', 'Cristiano');
add('nl', 'f', 'Lotte Laura');
add('nl', 'm', 'Ruben');
add('ja', 'f', 'Mizuki Kazuha Tomoko');
add('ja', 'm', 'Takumi');
add('ko', 'f', 'Seoyeon');
add('cmn', 'f', 'Zhiyu');
add('da', 'f', 'Naja Sofie');
add('da', 'm', 'Mads');
add('nb', 'f', 'Liv Ida');
add('sv', 'f', 'Astrid Elin');
add('pl', 'f', 'Ewa Maja');
add('pl', 'm', 'Jacek Jan');
add('ru', 'f', 'Tatyana');
add('ru', 'm', 'Maxim');
add('tr', 'f', 'Filiz');
add('ro', 'f', 'Carmen');
add('is', 'f', 'Dora Dóra');
add('is', 'm', 'Karl');
add('cy', 'f', 'Gwyneth');
add('ar', 'f', 'Zeina Hala');
add('fi', 'f', 'Suvi');

const LANGUAGES: Record<string, string> = {
  'en-us': 'en-us', 'en-gb': 'en-gb', 'en-au': 'en-gb', 'en-in': 'en-gb', 'en-ie': 'en-gb', 'en-nz': 'en-gb', 'en-za': 'en-gb', 'en-gb-wls': 'en-gb',
  en: 'en-us', 'es-es': 'es', 'es-us': 'es-419', 'es-mx': 'es-419', es: 'es', 'fr-fr': 'fr-fr', 'fr-ca': 'fr-fr', 'fr-be': 'fr-be', fr: 'fr-fr',
  'de-de': 'de', 'de-at': 'de', de: 'de', 'it-it': 'it', it: 'it', 'pt-br': 'pt-br', 'pt-pt': 'pt', pt: 'pt', 'nl-nl': 'nl', 'nl-be': 'nl', nl: 'nl',
  'ja-jp': 'ja', ja: 'ja', 'ko-kr': 'ko', ko: 'ko', 'cmn-cn': 'cmn', 'zh-cn': 'cmn', zh: 'cmn', 'yue-cn': 'yue', 'da-dk': 'da', da: 'da',
  'nb-no': 'nb', nb: 'nb', no: 'nb', 'sv-se': 'sv', sv: 'sv', 'pl-pl': 'pl', pl: 'pl', 'ru-ru': 'ru', ru: 'ru', 'tr-tr': 'tr', tr: 'tr',
  'ro-ro': 'ro', ro: 'ro', 'is-is': 'is', is: 'is', 'cy-gb': 'cy', cy: 'cy', arb: 'ar', 'ar-ae': 'ar', ar: 'ar', 'hi-in': 'hi', hi: 'hi',
  'fi-fi': 'fi', fi: 'fi', 'ca-es': 'ca', ca: 'ca', 'cs-cz': 'cs', cs: 'cs',
};

export const DEFAULT_ESPEAK_VOICE = 'en-us';

/** The espeak-ng `-v` argument for a Connect voice and/or language code (always one of a fixed set of values). */
export function espeakVoice(voice?: string, languageCode?: string): string {
  const polly = voice ? POLLY[voice.trim().toLowerCase()] : undefined;
  if (polly) return `${polly[0]}+${polly[1]}3`;
  if (languageCode) {
    const code = languageCode.trim().toLowerCase().replace('_', '-');
    const hit = LANGUAGES[code] ?? LANGUAGES[code.split('-')[0]!];
    if (hit) return hit;
  }
  return DEFAULT_ESPEAK_VOICE;
}

/** Every value `espeakVoice` can return (for checking them against the installed espeak-ng). */
export function knownEspeakVoices(): string[] {
  const out = new Set<string>([DEFAULT_ESPEAK_VOICE, ...Object.values(LANGUAGES)]);
  for (const [voice, gender] of Object.values(POLLY)) out.add(`${voice}+${gender}3`);
  return [...out].sort();
}
