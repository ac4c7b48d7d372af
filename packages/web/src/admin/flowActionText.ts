/**
 * What a flow graph writes in an action's box: the action type in words (the names Amazon Connect's flow
 * designer gives its blocks) and a one-line summary of its key parameter — the prompt text, the queue,
 * the attributes set, the Lambda function… Pure: no DOM, so the layout tests can run it.
 */

/** Names of things a flow refers to (queue, flow, flow module, hours ids and ARNs → their names), when the console could read them. */
export type Names = ReadonlyMap<string, string>;

/** Connect's designer names for the documented action types. */
const WORDS: Record<string, string> = {
  MessageParticipant: 'Play prompt',
  MessageParticipantIteratively: 'Loop prompts',
  GetParticipantInput: 'Get customer input',
  ConnectParticipantWithLexBot: 'Get customer input (Lex)',
  DisconnectParticipant: 'Disconnect',
  ShowView: 'Show view',
  TransferParticipantToThirdParty: 'Transfer to phone number',
  CompleteOutboundCall: 'Call phone number',
  CreateCase: 'Create case',
  CreateTask: 'Create task',
  CreateWisdomSession: 'Amazon Q in Connect',
  DequeueContactAndTransferToQueue: 'Transfer to queue',
  EndFlowModuleExecution: 'Return from module',
  GetCase: 'Get case',
  InvokeFlowModule: 'Invoke module',
  StartOutboundChatContact: 'Start outbound chat',
  TagContact: 'Set contact tags',
  TransferContactToAgent: 'Transfer to agent',
  TransferContactToQueue: 'Transfer to queue',
  UnTagContact: 'Remove contact tags',
  UpdateCase: 'Update case',
  UpdateContactAttributes: 'Set contact attributes',
  UpdateContactCallbackNumber: 'Set callback number',
  UpdateContactData: 'Set contact data',
  UpdateContactEventHooks: 'Set event flow',
  UpdateContactMediaProcessing: 'Set media processing',
  UpdateContactMediaStreamingBehavior: 'Start or stop media streaming',
  UpdateContactRecordingAndAnalyticsBehavior: 'Set recording and analytics',
  UpdateContactRecordingBehavior: 'Set recording behavior',
  ResumeContact: 'Resume contact',
  UpdateContactRoutingBehavior: 'Change routing priority / age',
  UpdateContactTargetQueue: 'Set working queue',
  UpdateContactTextToSpeechVoice: 'Set voice',
  UpdatePreviousContactParticipantState: 'Hold customer or agent',
  CheckHoursOfOperation: 'Check hours of operation',
  CheckMetricData: 'Check queue status',
  CheckOutboundCallStatus: 'Check call progress',
  CheckVoiceId: 'Check Voice ID',
  Compare: 'Check contact attributes',
  DistributeByPercentage: 'Distribute by percentage',
  EndFlowExecution: 'End flow / Resume',
  GetMetricData: 'Get queue metrics',
  Loop: 'Loop',
  StartVoiceIdStream: 'Set Voice ID',
  TransferToFlow: 'Transfer to flow',
  UpdateFlowAttributes: 'Set flow attributes',
  UpdateFlowLoggingBehavior: 'Set logging behavior',
  UpdateRoutingCriteria: 'Set routing criteria',
  UpdateContactRoutingCriteria: 'Set routing criteria',
  Wait: 'Wait',
  InvokeLambdaFunction: 'Invoke Lambda function',
  CreateCallbackContact: 'Create callback',
  CreateCustomerProfile: 'Create customer profile',
  GetCustomerProfile: 'Get customer profile',
  UpdateCustomerProfile: 'Update customer profile',
  AssociateContactToCustomerProfile: 'Associate contact to profile',
  GetCustomerProfileObject: 'Get profile object',
  GetCalculatedAttributesForCustomerProfile: 'Get calculated attributes',
};

/** An action type in words: the designer's name, or for a type it does not know its CamelCase split ("FooBarBaz" → "Foo bar baz"). */
export function typeInWords(type: string): string {
  const known = WORDS[type];
  if (known) return known;
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ').filter(Boolean);
  if (words.length === 0) return 'Unnamed action';
  return words.map((w, i) => (i === 0 ? w : /^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w)).join(' ');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const oneLine = (s: string): string => s.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

/** The name of what an id or ARN names (a queue, a flow…), else the ARN's last part, else the value as written. */
export function nameOf(ref: unknown, names: Names): string {
  const value = text(ref);
  if (!value) return '';
  const direct = names.get(value);
  if (direct) return direct;
  if (value.startsWith('$.')) return value;
  const last = value.split(/[/:]/).pop() ?? value;
  return names.get(last) ?? last;
}

/** What a message in a prompt says: its text, its SSML without tags, or which prompt it plays. */
function messageText(m: Record<string, unknown>, names: Names): string {
  if (text(m.Text)) return `“${oneLine(text(m.Text))}”`;
  if (text(m.SSML)) return oneLine(text(m.SSML)) ? `“${oneLine(text(m.SSML))}”` : 'SSML: silence';
  if (text(m.PromptId)) return `prompt ${nameOf(m.PromptId, names)}`;
  if (isObject(m.Media)) return `media ${text(m.Media.Uri) || text(m.Media.SourceType)}`;
  if (isObject(m.LexV2Bot)) return `Lex bot ${nameOf(m.LexV2Bot.AliasArn, names)}`;
  if (isObject(m.LexBot)) return `Lex bot ${text(m.LexBot.Name)}`;
  return '';
}

const pairs = (o: unknown, value: (v: unknown) => string = text): string =>
  isObject(o) ? Object.entries(o).map(([k, v]) => `${k} = ${value(v)}`).join(', ') : '';

/** The first scalar parameter as "Key: value": the summary of an action type this module has no rule for. */
function firstScalar(p: Record<string, unknown>): string {
  for (const [k, v] of Object.entries(p)) if (text(v)) return `${k}: ${text(v)}`;
  const keys = Object.keys(p);
  return keys.length ? keys.join(', ') : '';
}

/** One line on an action's key parameter; '' when it has none worth showing. */
export function actionSummary(type: string, parameters: unknown, names: Names = new Map()): string {
  const p = isObject(parameters) ? parameters : {};
  switch (type) {
    case 'MessageParticipant':
    case 'GetParticipantInput':
    case 'ConnectParticipantWithLexBot':
      return messageText(p, names);
    case 'MessageParticipantIteratively':
      return Array.isArray(p.Messages) ? p.Messages.filter(isObject).map((m) => messageText(m, names)).filter(Boolean).join(' · ') : '';
    case 'UpdateContactAttributes':
      return pairs(p.Attributes);
    case 'UpdateFlowAttributes':
      return pairs(p.FlowAttributes, (v) => (isObject(v) ? text(v.Value) : text(v)));
    case 'UpdateContactData':
    case 'TagContact':
      return pairs(type === 'TagContact' ? p.Tags : p) || firstScalar(p);
    case 'UnTagContact':
      return Array.isArray(p.TagKeys) ? p.TagKeys.map(text).join(', ') : '';
    case 'InvokeLambdaFunction':
      return text(p.LambdaFunctionARN) ? `λ ${nameOf(p.LambdaFunctionARN, names)}` : 'no function set';
    case 'UpdateContactTargetQueue':
    case 'TransferContactToQueue':
    case 'DequeueContactAndTransferToQueue':
      return text(p.QueueId) ? `queue ${nameOf(p.QueueId, names)}` : text(p.AgentId) ? `agent ${nameOf(p.AgentId, names)}` : type === 'UpdateContactTargetQueue' ? '' : 'the working queue';
    case 'CheckHoursOfOperation':
      return text(p.HoursOfOperationId) ? `hours ${nameOf(p.HoursOfOperationId, names)}` : 'the working queue’s hours';
    case 'CheckMetricData':
    case 'GetMetricData':
      return [text(p.MetricType), text(p.QueueId) ? `queue ${nameOf(p.QueueId, names)}` : ''].filter(Boolean).join(' · ') || (type === 'GetMetricData' ? 'the working queue' : '');
    case 'Compare':
      return text(p.ComparisonValue);
    case 'Loop':
      return text(p.LoopCount) ? `${text(p.LoopCount)} times` : '';
    case 'Wait':
      return text(p.TimeLimitSeconds) ? `${text(p.TimeLimitSeconds)} s` : text(p.Events) || '';
    case 'UpdateContactEventHooks':
      return pairs(p.EventHooks, (v) => nameOf(v, names));
    case 'TransferToFlow':
      return text(p.ContactFlowId) ? `flow ${nameOf(p.ContactFlowId, names)}` : '';
    case 'InvokeFlowModule':
      return text(p.FlowModuleId) ? `module ${nameOf(p.FlowModuleId, names)}` : '';
    case 'UpdateFlowLoggingBehavior':
      return text(p.FlowLoggingBehavior);
    case 'UpdateContactRecordingBehavior': {
      const who = isObject(p.RecordingBehavior) && Array.isArray(p.RecordingBehavior.RecordedParticipants) ? p.RecordingBehavior.RecordedParticipants.map(text) : [];
      return who.length ? `record ${who.join(' and ')}` : 'recording off';
    }
    case 'UpdateContactTextToSpeechVoice':
      return [text(p.VoiceId) || text(p.TextToSpeechVoice), text(p.TextToSpeechEngine) || text(p.Engine)].filter(Boolean).join(' · ');
    case 'UpdateContactMediaStreamingBehavior':
      return text(p.MediaStreamingState);
    case 'TransferParticipantToThirdParty':
      return text(p.ThirdPartyPhoneNumber);
    case 'UpdateContactCallbackNumber':
      return text(p.CallbackNumber);
    case 'UpdateContactRoutingBehavior':
      return text(p.QueuePriority) ? `priority ${text(p.QueuePriority)}` : firstScalar(p);
    case 'CreateTask':
      return text(p.Name);
    default:
      return firstScalar(p);
  }
}
