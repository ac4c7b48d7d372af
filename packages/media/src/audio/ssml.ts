/**
 * SSML reduced to what espeak-ng is asked to say: a list of text segments and pauses. Tags are dropped and
 * their text kept (say-as, emphasis, prosody, lang, voice, phoneme, amazon:* pass their text through);
 * `<sub alias="…">` says the alias; `<break>` becomes a pause (time="500ms"/"2s", or strength: none 0,
 * x-weak 100, weak 250, medium 400, strong 700, x-strong 1000 ms; a bare break is medium), capped at
 * 10 s as Polly does; a paragraph's end is a 500 ms pause. Comments, processing instructions and
 * `<mark>` say nothing; CDATA is text; entities are decoded. Plain text (no tags) comes back as itself.
 *
 * Chosen over espeak-ng's own `-m` SSML mode so that Polly's markup (amazon:effect, amazon:domain, …)
 * never reaches espeak, and pauses are exact silence the tests can see.
 */

export type SpeechSegment = { kind: 'text'; text: string } | { kind: 'pause'; ms: number };

const STRENGTH_MS: Record<string, number> = { none: 0, 'x-weak': 100, weak: 250, medium: 400, strong: 700, 'x-strong': 1000 };
const MAX_BREAK_MS = 10_000;
const PARAGRAPH_MS = 500;

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)>/g;

export function reduceSsml(ssml: string): SpeechSegment[] {
  const out: SpeechSegment[] = [];
  const text = (t: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  const pause = (ms: number) => {
    const last = out[out.length - 1];
    if (last?.kind === 'pause') last.ms = Math.min(MAX_BREAK_MS, last.ms + ms);
    else if (ms > 0) out.push({ kind: 'pause', ms });
  };
  let subDepth = 0; // inside <sub alias>: its content is not said
  let at = 0;
  for (const m of ssml.matchAll(TOKEN)) {
    if (subDepth === 0) text(decodeEntities(ssml.slice(at, m.index)));
    at = m.index + m[0].length;
    const [, cdata, closing, rawName, attrs = '', selfClosing] = m;
    if (cdata !== undefined) {
      if (subDepth === 0) text(cdata);
      continue;
    }
    if (rawName === undefined) continue; // comment, processing instruction, doctype
    const name = rawName.toLowerCase();
    const a = attributes(attrs);
    if (name === 'break') pause(breakMs(a));
    else if (name === 'sub') {
      if (closing) subDepth = Math.max(0, subDepth - 1);
      else {
        if (subDepth === 0 && a.alias !== undefined) text(` ${a.alias} `);
        if (!selfClosing && a.alias !== undefined) subDepth++;
      }
    } else if (name === 'p' && closing) pause(PARAGRAPH_MS);
    else if ((name === 's' && closing) || name === 'p') text(' ');
  }
  if (subDepth === 0) text(decodeEntities(ssml.slice(at)));
  // tidy: collapse whitespace, drop empty text, trim pauses at either end
  const tidy: SpeechSegment[] = [];
  for (const s of out) {
    if (s.kind === 'text') {
      const t = s.text.replace(/\s+/g, ' ').trim();
      if (t) tidy.push({ kind: 'text', text: t });
    } else if (s.ms > 0) {
      const last = tidy[tidy.length - 1];
      if (last?.kind === 'pause') last.ms = Math.min(MAX_BREAK_MS, last.ms + s.ms);
      else tidy.push({ ...s });
    }
  }
  while (tidy[0]?.kind === 'pause') tidy.shift();
  while (tidy[tidy.length - 1]?.kind === 'pause') tidy.pop();
  return tidy;
}

/** The spoken text alone (pauses as sentence breaks), e.g. for logs or for a text-only fallback. */
export function ssmlToText(ssml: string): string {
  return reduceSsml(ssml)
    .map((s) => (s.kind === 'text' ? s.text : '…'))
    .join(' ');
}

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

function breakMs(a: Record<string, string>): number {
  const time = a.time?.trim().toLowerCase();
  if (time) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(time);
    if (m) return Math.min(MAX_BREAK_MS, Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1)));
  }
  return STRENGTH_MS[a.strength?.trim().toLowerCase() ?? 'medium'] ?? STRENGTH_MS.medium!;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
