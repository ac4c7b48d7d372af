import type { IncomingMessage } from 'node:http';
import type { Contact, Instance, Participant } from '@switchboard/engine';
import { peekToken, verifyToken, type TokenKind } from '../../auth/tokens.ts';
import { errors } from '../../http/errors.ts';
import type { Services } from '../../services.ts';
import { checkPageOrigin } from './origin.ts';

export interface ParticipantCaller {
  instance: Instance;
  contact: Contact;
  participant: Participant;
}

/**
 * The Participant Service authorises by the `X-Amz-Bearer` header (the SigV4 signature chatjs adds
 * is made with an empty key and is ignored). A token works only for its own participant of its own contact.
 * A finished chat that has left memory for the archive is read back from it, so its participants are
 * answered exactly as when it was in memory (each operation refuses an ended chat as it always has).
 * A web page must be on an origin the instance approves (origin.ts).
 */
export async function authorizeParticipant(services: Services, req: IncomingMessage, kind: TokenKind): Promise<ParticipantCaller> {
  const header = req.headers['x-amz-bearer'];
  const token = typeof header === 'string' ? header : undefined;
  if (!token) throw errors.accessDenied('X-Amz-Bearer token is missing');
  const { instance, contactId, participantId } = verifyCaller(services, token, kind);
  checkPageOrigin(services, req, instance);
  const contact = instance.contacts.get(contactId) ?? (await services.pipeline.archive.read(instance.id, contactId));
  return callerOf(instance, contact, participantId);
}

/** The same check for the chat socket, on memory only: an archived chat has ended, and an ended chat's participants have all left. */
export function authorizeToken(services: Services, token: string, kind: TokenKind): ParticipantCaller {
  const { instance, contactId, participantId } = verifyCaller(services, token, kind);
  return callerOf(instance, instance.contacts.get(contactId), participantId);
}

// Built only when refusing: an Error captures a stack trace, too dear to make on every request.
const denied = () => errors.accessDenied('the token is not valid for this operation');

function verifyCaller(services: Services, token: string, kind: TokenKind): { instance: Instance; contactId: string; participantId: string } {
  const peek = peekToken(token);
  const instance = peek ? services.state.instances.get(peek.instanceId) : undefined;
  if (!instance) throw denied();
  const claims = verifyToken(token, instance.tokenKey, kind, services.pipeline.now());
  if (!claims?.contactId || !claims.participantId) throw denied();
  return { instance, contactId: claims.contactId, participantId: claims.participantId };
}

function callerOf(instance: Instance, contact: Contact | undefined, participantId: string): ParticipantCaller {
  const participant = contact?.participants.get(participantId);
  if (!contact || !participant) throw denied();
  return { instance, contact, participant };
}
