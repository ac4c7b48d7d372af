import { TASK_REFERENCE_TYPES, type TaskReference } from '@switchboard/engine';
import { ApiError, errors, sendJson } from '../../http/errors.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { pageOf } from './paging.ts';

/**
 * ListContactReferences (GET /contact/references/{InstanceId}/{ContactId}?referenceTypes=…&nextToken=…):
 * the references of a contact of the types asked for — where references apply here, a task's
 * (StartTaskContact References: URL, ATTACHMENT, NUMBER, STRING, DATE, EMAIL). A chat or a call has none.
 * `referenceTypes` is required (one or more; Connect's other types, e.g. CONTACT_ANALYSIS, are valid and
 * match nothing here); the list is paged by Connect's opaque NextToken (no MaxResults in this operation).
 */
const CONNECT_REFERENCE_TYPES = new Set<string>([...TASK_REFERENCE_TYPES, 'CONTACT_ANALYSIS', 'EMAIL_MESSAGE', 'EMAIL_MESSAGE_PLAIN_TEXT', 'EMAIL_MESSAGE_REDACTED', 'EMAIL_MESSAGE_PLAIN_TEXT_REDACTED']);
const PAGE = 100;

/** Connect's ReferenceSummary member for a task reference: one non-null field, named for its type. */
function summary(name: string, ref: TaskReference): Record<string, unknown> {
  switch (ref.type) {
    case 'URL': return { Url: { Name: name, Value: ref.value } };
    case 'ATTACHMENT': return { Attachment: { Name: name, Value: ref.value, Status: 'APPROVED' } };
    case 'NUMBER': return { Number: { Name: name, Value: ref.value } };
    case 'STRING': return { String: { Name: name, Value: ref.value } };
    case 'DATE': return { Date: { Name: name, Value: ref.value } };
    case 'EMAIL': return { Email: { Name: name, Value: ref.value } };
  }
}

export async function listContactReferences(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const types = url.searchParams.getAll('referenceTypes');
  if (types.length === 0) throw new ApiError(400, 'InvalidParameterException', 'referenceTypes is required: one or more of URL, ATTACHMENT, NUMBER, STRING, DATE, EMAIL, …');
  const unknown = types.find((t) => !CONNECT_REFERENCE_TYPES.has(t));
  if (unknown !== undefined) throw new ApiError(400, 'InvalidParameterException', `referenceTypes: ${unknown.slice(0, 64)} is not a reference type`);
  await services.pipeline.settled();
  const contactId = params.contactId!;
  // A finished contact is read from the archive, as DescribeContact reads it.
  const references = await services.pipeline.archive.withContact(instance.id, contactId, () => {
    const contact = instance.contacts.get(contactId);
    return contact && Object.entries(contact.task?.references ?? {});
  });
  if (!references) throw errors.notFound(`Contact ${contactId} not found`, 'Contact', contactId);
  const wanted = new Set(types);
  const matching = references.filter(([, ref]) => wanted.has(ref.type)).map(([name, ref]) => summary(name, ref));
  const page = pageOf(matching, PAGE, url.searchParams.get('nextToken'), PAGE);
  sendJson(res, 200, { ReferenceSummaryList: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) });
}
