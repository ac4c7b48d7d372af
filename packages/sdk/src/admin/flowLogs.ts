import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ApiRequestError } from '../http.ts';

/** One flow-log record (GET /contact-flow-logs/{InstanceId}/{ContactId}), shaped like Amazon Connect's. */
export interface FlowLogRecord {
  /** ISO 8601. */
  Timestamp: string;
  ContactId: string;
  ContactFlowId: string;
  ContactFlowArn?: string;
  ContactFlowName?: string;
  /** The action's Identifier in its flow. */
  Identifier: string;
  /** The action type (MessageParticipant, GetParticipantInput, …). */
  ContactFlowModuleType: string;
  /** The action's parameters as the flow wrote them; secret-looking keys are masked. */
  Parameters?: Record<string, unknown>;
  Results?: string;
  Error?: string;
  /** Why an error branch was taken, when the server knows (an unsupported action, a voice-only action in a chat, …). */
  ErrorReason?: string;
}

export interface FlowLogsOptions {
  endpoint: string;
  region: string;
  instanceId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Reads contacts' flow logs (kept while a flow has logging on: UpdateFlowLoggingBehavior). Requests are
 * signed with the instance's access keys (SigV4, service "connect"), like the Connect API.
 */
export class FlowLogs {
  private readonly signer: SignatureV4;

  constructor(private readonly options: FlowLogsOptions) {
    this.signer = new SignatureV4({ service: 'connect', region: options.region, credentials: options.credentials, sha256: Sha256 });
  }

  /** One page of a contact's flow log, oldest first. */
  async page(contactId: string, options: { maxResults?: number; nextToken?: string } = {}): Promise<{ FlowLogs: FlowLogRecord[]; NextToken?: string }> {
    const query: Record<string, string> = {};
    if (options.maxResults !== undefined) query.maxResults = String(options.maxResults);
    if (options.nextToken !== undefined) query.nextToken = options.nextToken;
    return this.get(`/contact-flow-logs/${encodeURIComponent(this.options.instanceId)}/${encodeURIComponent(contactId)}`, query);
  }

  /** A contact's whole flow log, every page. */
  async all(contactId: string, pageSize = 100): Promise<FlowLogRecord[]> {
    const out: FlowLogRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.page(contactId, { maxResults: pageSize, ...(nextToken !== undefined ? { nextToken } : {}) });
      out.push(...page.FlowLogs);
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return out;
  }

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const url = new URL(path, this.options.endpoint);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const signed = await this.signer.sign({
      method: 'GET', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query,
      headers: { host: url.host },
    });
    const headers = { ...signed.headers };
    delete headers.host;
    const response = await fetch(url, { method: 'GET', headers });
    const text = await response.text();
    const data = text ? JSON.parse(text) as Record<string, unknown> : {};
    if (!response.ok) {
      throw new ApiRequestError(response.headers.get('x-amzn-errortype')?.split(':')[0] ?? 'Error', String(data.message ?? data.Message ?? response.statusText), response.status, typeof data.Rule === 'string' ? data.Rule : undefined);
    }
    return data as T;
  }
}
