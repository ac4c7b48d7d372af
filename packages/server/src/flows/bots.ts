import { existsSync, readFileSync } from 'node:fs';
import { log } from '../log.ts';

/**
 * The built-in bot adapter behind ConnectParticipantWithLexBot: a bot is a list of intents, each with
 * sample utterances and slots (a slot is a list of values), so flows with a bot run with no cloud
 * account. What the customer said goes to the intent whose sample utterances share the most words with
 * it (slot placeholders like `{product}` match any of the slot's values); slots are filled from the values
 * found. Nothing close enough: FallbackIntent.
 *
 * Bots are configured in a JSON file (SWITCHBOARD_BOTS, default <dataDir>/bots.json), per instance id or
 * `*`, by the bot's alias ARN or name (the last segment of the ARN also matches):
 *   { "*": { "OrderBot": { "intents": [{ "name": "CheckOrder", "utterances": ["where is my order", "track {orderId}"],
 *                                         "slots": { "orderId": ["A100", "A200"] } }] } } }
 */
export interface BotIntent {
  name: string;
  utterances: string[];
  slots?: Record<string, string[]>;
}
export interface Bot {
  intents: BotIntent[];
}
export interface BotResolver {
  resolve(instanceId: string, botRef: string): Bot | undefined;
}

export function botMap(map: Record<string, Record<string, Bot>>): BotResolver {
  return {
    resolve(instanceId, ref) {
      const last = ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
      for (const scope of [map[instanceId], map['*']]) {
        const bot = scope?.[ref] ?? scope?.[last];
        if (bot) return bot;
      }
      return undefined;
    },
  };
}

export function loadBots(file: string): BotResolver {
  if (!existsSync(file)) return botMap({});
  try {
    return botMap(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Bot>>);
  } catch (error) {
    log().error({ err: error, file }, 'could not read the bots');
    return botMap({});
  }
}

const words = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}{}\s]/gu, ' ').split(/\s+/).filter(Boolean);

/** The intent and slots for what the customer said. */
export function recognize(bot: Bot, utterance: string): { intentName: string; slots: Record<string, string> } {
  const said = words(utterance);
  const saidSet = new Set(said);
  const lower = ` ${said.join(' ')} `;
  let best: { intent: BotIntent; score: number; slots: Record<string, string> } | undefined;
  for (const intent of bot.intents) {
    const slots: Record<string, string> = {};
    for (const [slot, values] of Object.entries(intent.slots ?? {})) {
      const found = values.find((v) => lower.includes(` ${words(v).join(' ')} `));
      if (found !== undefined) slots[slot] = found;
    }
    for (const sample of intent.utterances) {
      const tokens = words(sample);
      if (tokens.length === 0) continue;
      let hits = 0;
      for (const t of tokens) {
        const slot = /^\{(.+)\}$/.exec(t)?.[1];
        if (slot ? slots[slot] !== undefined : saidSet.has(t)) hits++;
      }
      // Share of the sample matched, with a small weight for how much of what was said it explains.
      const score = hits / tokens.length + hits / Math.max(said.length, 1) / 10;
      if (hits > 0 && (!best || score > best.score)) best = { intent, score, slots };
    }
  }
  if (!best || best.score < 0.5) return { intentName: 'FallbackIntent', slots: {} };
  return { intentName: best.intent.name, slots: best.slots };
}
