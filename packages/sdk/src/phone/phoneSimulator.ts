import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ApiRequestError } from '../http.ts';

/** A call as the phone simulator shows it (the media layer's view). */
export interface SimulatedCall {
  Id: string;
  Mode: 'three-party' | 'multi-party';
  Ended: boolean;
  /** The call's contacts: the first, then each leg. */
  Contacts: string[];
  Parties: { Id: string; Kind: 'customer' | 'agent' | 'external'; State: 'connecting' | 'connected' | 'hold' | 'disconnected'; Muted: boolean; DisplayName: string; ContactId: string; PhoneNumber?: string; UserId?: string }[];
  /** Party id → the party ids they hear. */
  Hearing: Record<string, string[]>;
  Digits: { PartyId: string; Digits: string }[];
  /** What the call's flow waits for, plays and collects (absent when no flow waits). */
  Flow?: {
    Waiting: 'prompt' | 'input' | 'lambda' | 'timer' | 'iterate' | 'bot';
    WaitId: string;
    Playing: { Id: string; To: string; Audio: { kind: string; text?: string; ssml?: string; promptId?: string } }[];
    Collecting: { Id: string; PartyId: string; MaxDigits: number }[];
  };
  /** Every flow running on the call, on its first contact or a leg: whispers, hold, transfer, disconnect flows. */
  Flows?: SimulatedFlow[];
}

/** One flow running on a call: the contact it runs on, its type, what it waits for, and what it plays to whom. */
export interface SimulatedFlow {
  ContactId: string;
  FlowId: string;
  FlowType: string;
  Waiting: 'prompt' | 'input' | 'lambda' | 'timer' | 'iterate' | 'bot' | null;
  Playing: { Id: string; To: string; Audio: { kind: string; text?: string; ssml?: string; promptId?: string } }[];
  Collecting: { Id: string; PartyId: string; MaxDigits: number }[];
}

/** One party's audio on the bridge, over the last second. */
export interface PartyEnergy { sent: number; heard: number; packetsIn: number; packetsOut: number; packetsLost: number }

export interface PhoneSimulatorOptions {
  endpoint: string;
  region: string;
  instanceId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The test driver for calls until real telephony lands: plays the phone network's side (callers dialling
 * in, dialled parties answering, anyone hanging up). Requests are signed with the instance's access keys
 * (SigV4, service "connect"), like the Connect API. Its parties carry audio when given an SDP offer
 * (`offerMedia`): tests attach a werift peer or a browser page as the caller or the dialled party.
 */
export class PhoneSimulator {
  private readonly signer: SignatureV4;

  constructor(private readonly options: PhoneSimulatorOptions) {
    this.signer = new SignatureV4({ service: 'connect', region: options.region, credentials: options.credentials, sha256: Sha256 });
  }

  /** A caller dials in from `from`; the flow (the instance's first inbound flow unless named) runs. */
  dialIn(from: string, contactFlowId?: string, attributes?: Record<string, string>): Promise<{ ContactId: string; PartyId: string }> {
    return this.send('POST', `/calls`, { From: from, ...(contactFlowId ? { ContactFlowId: contactFlowId } : {}), ...(attributes ? { Attributes: attributes } : {}) });
  }

  /** A caller dials in, with options: the number dialled, and Media (the simulator then reports the flow's prompts played: promptPlayed). */
  dialInWith(from: string, options: { contactFlowId?: string; attributes?: Record<string, string>; to?: string; media?: boolean }): Promise<{ ContactId: string; PartyId: string }> {
    return this.send('POST', `/calls`, {
      From: from, ...(options.contactFlowId ? { ContactFlowId: options.contactFlowId } : {}), ...(options.attributes ? { Attributes: options.attributes } : {}),
      ...(options.to ? { To: options.to } : {}), ...(options.media ? { Media: true } : {}),
    });
  }

  /** The caller presses keys while the flow collects digits (GetParticipantInput). */
  async pressDigits(contactId: string, digits: string): Promise<void> {
    await this.send('POST', `/calls/${encodeURIComponent(contactId)}/digits`, { Digits: digits });
  }

  /** The prompt a flow plays finished (calls dialled in with media): the one played to `partyId`, else the first playing. */
  async promptPlayed(contactId: string, partyId?: string): Promise<void> {
    await this.send('POST', `/calls/${encodeURIComponent(contactId)}/flow/played`, partyId ? { PartyId: partyId } : {});
  }

  describe(contactId: string): Promise<SimulatedCall> {
    return this.send<{ Call: SimulatedCall }>('GET', `/calls/${encodeURIComponent(contactId)}`).then((r) => r.Call);
  }

  answer(contactId: string, partyId: string): Promise<void> { return this.action(contactId, partyId, 'answer'); }
  decline(contactId: string, partyId: string): Promise<void> { return this.action(contactId, partyId, 'decline'); }
  hangUp(contactId: string, partyId: string): Promise<void> { return this.action(contactId, partyId, 'hangup'); }
  /** Only a participant can unmute themselves: this is the caller or external party doing it. */
  unmute(contactId: string, partyId: string): Promise<void> { return this.action(contactId, partyId, 'unmute'); }

  /** The party brings audio: its SDP offer (ICE gathered) for the call's bridge; resolves with the answer. */
  async offerMedia(contactId: string, partyId: string, sdp: string): Promise<string> {
    return (await this.send<{ Sdp: string }>('POST', `/calls/${encodeURIComponent(contactId)}/media/${encodeURIComponent(partyId)}`, { Sdp: sdp })).Sdp;
  }

  /** Per party: what they sent into the call's bridge and heard from it over the last second (mean absolute sample, 0–32768). */
  async meter(contactId: string): Promise<Record<string, PartyEnergy>> {
    return (await this.send<{ Parties: Record<string, PartyEnergy> }>('GET', `/calls/${encodeURIComponent(contactId)}/meter`)).Parties;
  }

  private async action(contactId: string, partyId: string, action: string): Promise<void> {
    await this.send('POST', `/calls/${encodeURIComponent(contactId)}/parties/${encodeURIComponent(partyId)}/${action}`, {});
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`/phone-simulator/${encodeURIComponent(this.options.instanceId)}${path}`, this.options.endpoint);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signed = await this.signer.sign({
      method, protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query: {},
      headers: { host: url.host, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const headers = { ...signed.headers };
    delete headers.host;
    const response = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    const data = text ? JSON.parse(text) as Record<string, unknown> : {};
    if (!response.ok) {
      throw new ApiRequestError(response.headers.get('x-amzn-errortype')?.split(':')[0] ?? 'Error', String(data.message ?? data.Message ?? response.statusText), response.status, typeof data.Rule === 'string' ? data.Rule : undefined);
    }
    return data as T;
  }
}
