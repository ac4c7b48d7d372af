import type { IncomingMessage } from 'node:http';
import type { Contact, Instance, Participant } from '@switchboard/engine';
import { peekToken, verifyToken, type TokenKind } from '../../auth/tokens.ts';
import { errors } from '../../http/errors.ts';
import type { Services } from '../../services.ts';

export interface ParticipantCaller {
  instance: Instance;
  contact: Contact;
  participant: Participant;
}

/**
 * The Participant Service authorises by the `X-Amz-Bearer` header (the SigV4 signature chatjs adds
 * is made with an empty key and is ignored). A token works only for its own participant of its own contact.
 */
export function authorizeParticipant(services: Services, req: IncomingMessage, kind: TokenKind): ParticipantCaller {
  const header = req.headers['x-amz-bearer'];
  const token = typeof header === 'string' ? header : undefined;
  if (!token) throw errors.accessDenied('X-Amz-Bearer token is missing');
  return authorizeToken(services, token, kind);
}

export function authorizeToken(services: Services, token: string, kind: TokenKind): ParticipantCaller {
  // Built only when refusing: an Error captures a stack trace, too dear to make on every request.
  const denied = () => errors.accessDenied('the token is not valid for this operation');
  const peek = peekToken(token);
  const instance = peek ? services.state.instances.get(peek.instanceId) : undefined;
  if (!instance) throw denied();
  const claims = verifyToken(token, instance.tokenKey, kind, services.pipeline.now());
  if (!claims?.contactId || !claims.participantId) throw denied();
  const contact = instance.contacts.get(claims.contactId);
  const participant = contact?.participants.get(claims.participantId);
  if (!contact || !participant) throw denied();
  return { instance, contact, participant };
}
