/**
 * Deploying the corpus into one instance the way its authors' tools would, so its flows can run here:
 * Terraform and CDK placeholders that name another flow of the same repository (`${var.contact_flows_map["x"]}`,
 * `${aws_connect_contact_flow.x.contact_flow_id}`, `{{contactFlows.x.arn}}`, `${F:x:F}`) become that flow's ARN; queues and
 * hours of the exporting instance become this instance's BasicQueue and its hours; event hooks to flows of
 * another instance become this instance's default flow of the hook's type. Every Lambda function the corpus
 * names is associated with the instance (AssociateLambdaFunction; a name or placeholder becomes a stub function's
 * ARN) and mapped (lambdas.json, the server's Lambda mapping) to one local stub handler, and every bot
 * it names (bots.json) to a bot whose intents are the ones the flow branches on. The corpus files are read,
 * never changed: the remapped content goes in with UpdateContactFlowContent after CreateContactFlow
 * imported the original.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssociateLambdaFunctionCommand, ConnectClient, UpdateContactFlowContentCommand, UpdateContactFlowModuleContentCommand } from '@aws-sdk/client-connect';
import type { CorpusEntry, ImportResult } from './corpus.ts';

interface Action { Identifier: string; Type: string; Parameters?: Record<string, unknown>; Transitions?: { Conditions?: { Condition: { Operands?: unknown[] } }[] } }

const actionsOf = (content: string): Action[] => {
  try {
    const doc = JSON.parse(content) as { Actions?: Action[] };
    return Array.isArray(doc.Actions) ? doc.Actions : [];
  } catch {
    return [];
  }
};

const isDynamic = (v: string) => v.trim().startsWith('$.');

/** Static function references (ARNs, names, placeholders) of every InvokeLambdaFunction in the corpus. */
export function lambdaRefs(entries: CorpusEntry[]): string[] {
  const refs = new Set<string>();
  for (const e of entries) for (const a of actionsOf(e.content)) {
    const ref = a.Type === 'InvokeLambdaFunction' ? a.Parameters?.LambdaFunctionARN : undefined;
    if (typeof ref === 'string' && ref !== '' && !isDynamic(ref)) refs.add(ref);
  }
  return [...refs].sort();
}

/** Static bot references (Lex V2 alias ARN or classic name) with the intents each flow branches on. */
export function botRefs(entries: CorpusEntry[]): Map<string, Set<string>> {
  const bots = new Map<string, Set<string>>();
  for (const e of entries) for (const a of actionsOf(e.content)) {
    if (a.Type !== 'ConnectParticipantWithLexBot') continue;
    const p = a.Parameters ?? {};
    const ref = String((p.LexV2Bot as { AliasArn?: unknown } | undefined)?.AliasArn ?? (p.LexBot as { Name?: unknown } | undefined)?.Name ?? '');
    if (ref === '' || isDynamic(ref)) continue;
    const intents = bots.get(ref) ?? new Set<string>();
    for (const c of a.Transitions?.Conditions ?? []) for (const o of c.Condition.Operands ?? []) intents.add(String(o));
    bots.set(ref, intents);
  }
  return bots;
}

const FUNCTION_ARN = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64})(:[^:]+)?$/;

/**
 * The function ARN a reference is deployed as: a real ARN stays (without its version or alias); a name or a
 * deploy-time placeholder (`${aws_lambda_function.x.arn}`) becomes a stub function of this account, as the
 * authors' tools would have put their own function's ARN there.
 */
export function deployedFunctionArn(ref: string): string {
  const real = FUNCTION_ARN.exec(ref)?.[1];
  if (real) return real;
  const name = `stub-${ref.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 64);
  return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
}

/** The stub every Lambda of the corpus runs: it answers the parameters it was given (so $.External has them). */
export const STUB_HANDLER = 'exports.handler = async (event) => ({ ...((event && event.Details && event.Details.Parameters) || {}) });\n';

/** Writes lambdas.json (every function → the stub) and bots.json into the server's data directory, before it starts. */
export async function writeStubs(dataDir: string, entries: CorpusEntry[]): Promise<{ lambdas: number; bots: number }> {
  const stub = join(dataDir, 'stub-lambda.cjs');
  await writeFile(stub, STUB_HANDLER);
  const lambdas = Object.fromEntries(lambdaRefs(entries).flatMap((ref) => [[ref, stub], [deployedFunctionArn(ref), stub]]));
  await writeFile(join(dataDir, 'lambdas.json'), JSON.stringify({ '*': lambdas }, null, 1));
  const bots = botRefs(entries);
  const botFile = Object.fromEntries([...bots].map(([ref, intents]) => [ref, { intents: [...intents].map((name) => ({ name, utterances: [name] })) }]));
  await writeFile(join(dataDir, 'bots.json'), JSON.stringify({ '*': botFile }, null, 1));
  return { lambdas: Object.keys(lambdas).length, bots: bots.size };
}

/** What the remapping needs of the instance. */
export interface Target {
  queueArn: string;
  hoursArn: string;
  /** The ARN of the deployed flow (or module) of a repository by its file's name (without the owner__repo__ prefix and .json). */
  flowArn(repo: string, name: string): string | undefined;
  /** The ARN a Lambda reference is deployed as, when it is one of the corpus's and not already that ARN. */
  lambdaArn?(ref: string): string | undefined;
}

const HOOK_DEFAULTS: Record<string, string> = {
  CustomerQueue: 'default-customer-queue', CustomerHold: 'default-customer-hold', AgentHold: 'default-agent-hold',
  CustomerWhisper: 'default-customer-whisper', AgentWhisper: 'default-agent-whisper', CustomerRemaining: 'sample-inbound-flow',
};

const FOREIGN = /^arn:aws[a-z-]*:connect:[^:]*:[0-9]*:instance\/[^/]+\/(queue|operating-hours|contact-flow)\/[^/]+$/;
const PLACEHOLDER = [
  /^\$\{var\.contact_flows_map\["([^"]+)"\]\}$/,
  /^\$\{aws_connect_contact_flow\.([A-Za-z0-9_-]+)\.contact_flow_id\}$/,
  /^\{\{contactFlows\.([A-Za-z0-9_-]+)\.arn\}\}$/,
];

/** The content with this instance's resources in place of the exporting instance's and of deploy-time placeholders. */
export function remap(entry: CorpusEntry, target: Target): string | undefined {
  let doc: { Actions?: Action[] };
  try {
    doc = JSON.parse(entry.content) as { Actions?: Action[] };
  } catch {
    return undefined;
  }
  let changed = false;
  const value = (v: string, hook?: string): string => {
    const lambda = target.lambdaArn?.(v);
    if (lambda) return lambda;
    for (const re of PLACEHOLDER) {
      const name = re.exec(v)?.[1];
      const arn = name === undefined ? undefined : target.flowArn(entry.repo, name);
      if (arn) return arn;
    }
    // gitlab-cicd-terraform's templates: arn:aws:connect:${REGION}:…/contact-flow/${F:name:F} (flows), ${M:name:M} (modules), ${Q:name:Q} (queues).
    const templated = /\$\{([FMQ]):([^:}]+):\1\}/.exec(v);
    if (templated) {
      const arn = templated[1] === 'Q' ? target.queueArn : target.flowArn(entry.repo, templated[2]!);
      if (arn) return arn;
    }
    const kind = FOREIGN.exec(v)?.[1];
    if (kind === 'queue') return target.queueArn;
    if (kind === 'operating-hours') return target.hoursArn;
    if (kind === 'contact-flow' && hook && HOOK_DEFAULTS[hook]) return HOOK_DEFAULTS[hook]!;
    return v;
  };
  const walk = (node: unknown, hook?: string): unknown => {
    if (typeof node === 'string') {
      const v = value(node, hook);
      if (v !== node) changed = true;
      return v;
    }
    if (Array.isArray(node)) return node.map((n) => walk(n, hook));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, k === 'EventHooks' ? hooks(v) : walk(v, hook)]));
    }
    return node;
  };
  const hooks = (v: unknown) => (v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)])) : walk(v));
  const actions = (doc.Actions ?? []).map((a) => ({ ...a, ...(a.Parameters ? { Parameters: walk(a.Parameters) as Record<string, unknown> } : {}) }));
  return changed ? JSON.stringify({ ...doc, Actions: actions }) : undefined;
}

/** The name a repository's tools use for one of its flows: its file name without the owner__repo__ prefix and .json. */
export const baseName = (entry: CorpusEntry) => entry.file.slice(entry.repo.replace('/', '__').length + 2).replace(/\.json$/, '');

/** Updates every imported flow whose content names resources of elsewhere; returns the ones updated and the ones refused. */
export async function deploy(connect: ConnectClient, instanceId: string, imported: ImportResult[], base: Omit<Target, 'flowArn'>): Promise<{ updated: number; refused: { file: string; error: string }[] }> {
  const byName = new Map<string, string>();
  for (const r of imported) if (r.ok && r.arn) byName.set(`${r.entry.repo}|${baseName(r.entry)}`, r.arn);
  const refs = new Set(lambdaRefs(imported.map((r) => r.entry)));
  const lambdaArn = (ref: string) => (refs.has(ref) && deployedFunctionArn(ref) !== ref ? deployedFunctionArn(ref) : undefined);
  const target: Target = { ...base, flowArn: (repo, name) => byName.get(`${repo}|${name}`), lambdaArn };
  let updated = 0;
  const refused: { file: string; error: string }[] = [];
  // The instance may invoke only the functions associated with it, as in Amazon Connect.
  for (const arn of new Set([...refs].map(deployedFunctionArn))) {
    try {
      await connect.send(new AssociateLambdaFunctionCommand({ InstanceId: instanceId, FunctionArn: arn }));
    } catch (error) {
      refused.push({ file: arn, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  for (const r of imported) {
    if (!r.ok || !r.id) continue;
    const content = remap(r.entry, target);
    if (content === undefined) continue;
    try {
      if (r.entry.flowType === 'MODULE') await connect.send(new UpdateContactFlowModuleContentCommand({ InstanceId: instanceId, ContactFlowModuleId: r.id, Content: content }));
      else await connect.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: r.id, Content: content }));
      updated++;
    } catch (error) {
      refused.push({ file: r.entry.file, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  return { updated, refused };
}
