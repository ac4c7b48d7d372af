import type { IncomingMessage } from 'node:http';
import { PERMISSION, userMay, type Contact, type Instance } from '@switchboard/engine';
import { requireAgent } from '../agent/session.ts';
import { errors } from '../http/errors.ts';
import type { Services } from '../services.ts';

/**
 * The admin console's contact routes (GET /admin/contacts/{ContactId}/…): the caller is a user's agent token
 * (Authorization: Bearer, as the console calls the Connect API), whose security profiles grant
 * ContactSearch.View. The contact is looked up in the token's own instance only, live or archived (read,
 * not revived): a contact of another instance is not found, as a Connect read by an access key of another
 * instance would be. A missing or ended session, or a user without the permission, is AccessDeniedException.
 */
export async function contactForConsole(services: Services, req: IncomingMessage, contactId: string): Promise<{ instance: Instance; contact: Contact }> {
  const { instance, user } = requireAgent(services, req);
  if (!userMay(instance, user.id, PERMISSION.contactSearch)) {
    throw errors.accessDenied(`the user's security profiles do not permit ${PERMISSION.contactSearch}`);
  }
  await services.pipeline.settled();
  const contact = await services.pipeline.archive.read(instance.id, contactId);
  if (!contact) throw errors.notFound(`Contact ${contactId} not found`, 'Contact', contactId);
  return { instance, contact };
}
